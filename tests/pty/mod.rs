//! The real app in a pseudo-terminal, as a person's terminal would run it: the
//! `conlab` binary on the slave side of a pty of a given size, its output fed
//! to a terminal emulator (vt100) that the test reads as a screen of text.
//! Nothing has to be installed: the pty is the kernel's (`posix_openpt`).
//!
//! Waits poll the emulated screen until a predicate holds, bounded by a limit;
//! the reader thread wakes them whenever output arrives. Dropping a `Pty` kills
//! whatever of the app is still running and reaps it, on every exit path.
#![allow(dead_code)]

pub mod app;
mod open;
mod procs;
mod reader;

use std::fs::File;
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use open::open_pty;
#[allow(unused_imports)] // each test file uses some of them
pub use procs::{alive, session};
pub use reader::highlighted;
use reader::Shared;

pub const BIN: &str = env!("CARGO_BIN_EXE_conlab");

/// Keys as a terminal sends them (xterm, normal cursor mode).
pub mod keys {
    pub const ENTER: &str = "\r";
    pub const DOWN: &str = "\x1b[B";
    pub const UP: &str = "\x1b[A";
    pub const TAB: &str = "\t";
    pub const CTRL_C: &str = "\x03";
}

/// A running `conlab` in a pseudo-terminal of `cols` x `rows`.
pub struct Pty {
    child: Child,
    /// Our end of the pty: keys go in here.
    master: File,
    shared: Arc<Shared>,
    /// How the app ended, once it has.
    status: Option<ExitStatus>,
}

impl Pty {
    /// Start `conlab --lang en ARGS` (the language fixed so the tests read
    /// English whatever LANG says; a later `--lang` in ARGS wins).
    pub fn start(args: &str, cols: u16, rows: u16) -> Pty {
        let mut all = vec!["--lang", "en"];
        all.extend(args.split_whitespace());
        Pty::spawn(&all, cols, rows)
    }

    /// Start `conlab ARGS` exactly as given.
    pub fn spawn(args: &[&str], cols: u16, rows: u16) -> Pty {
        let (master, slave) = open_pty(cols, rows);
        let stdio = || Stdio::from(slave.try_clone().expect("dup the pty's slave"));
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("TERM", "xterm-256color")
            .env_remove("COLORFGBG")
            .stdin(stdio())
            .stdout(stdio())
            .stderr(stdio());
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                // A session of its own, with the pty as its controlling terminal,
                // as a terminal emulator starts a shell.
                if libc::setsid() == -1 || libc::ioctl(0, libc::TIOCSCTTY, 0) == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("start conlab in the pty");
        // The slave stays open only in the app (and what it starts), so the
        // reader sees the end of output once they are all gone.
        drop(cmd);
        drop(slave);
        let shared = reader::start(&master, rows, cols);
        Pty {
            child,
            master,
            shared,
            status: None,
        }
    }

    /// The app's process id (the leader of its session).
    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// Type `keys` (see [`keys`] for the special ones).
    pub fn send(&self, keys: &str) {
        (&self.master)
            .write_all(keys.as_bytes())
            .expect("type into the pty");
    }

    /// The screen now, one line a row.
    pub fn screen(&self) -> String {
        self.shared.text()
    }

    /// Read the emulated terminal (cells, colours, modes) under its lock.
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        self.shared.with_screen(f)
    }

    /// Wait (bounded) until the screen shows `text`; returns that screen.
    pub fn wait_for(&self, text: &str, limit: Duration) -> String {
        self.wait_until(&format!("{text:?} on screen"), limit, |s| s.contains(text))
    }

    /// Wait (bounded) until `ready` holds for the screen's text; returns it.
    /// Panics with the screen if it never does.
    pub fn wait_until(&self, what: &str, limit: Duration, ready: impl Fn(&str) -> bool) -> String {
        self.wait_screen(what, limit, |s| ready(&reader::text_of(s)))
    }

    /// Wait (bounded) until `ready` holds for the emulated screen (cells,
    /// colours, modes); returns its text. `ready` runs under the screen's
    /// lock: it must not call back into this `Pty`.
    pub fn wait_screen(
        &self,
        what: &str,
        limit: Duration,
        ready: impl Fn(&vt100::Screen) -> bool,
    ) -> String {
        let began = Instant::now();
        self.shared
            .wait(limit, |s| ready(s).then(|| reader::text_of(s)))
            .unwrap_or_else(|| {
                panic!(
                    "{what}: never happened in {:?}; the screen:\n{}",
                    began.elapsed(),
                    self.screen()
                )
            })
    }

    /// Like [`Pty::wait_until`], but `None` instead of a panic when `limit` passes.
    pub fn poll_until(&self, limit: Duration, ready: impl Fn(&str) -> bool) -> Option<String> {
        self.shared.wait(limit, |s| {
            let text = reader::text_of(s);
            ready(&text).then_some(text)
        })
    }

    /// Wait (bounded) until the app has exited, and reap it.
    pub fn wait_exit(&mut self, limit: Duration) -> ExitStatus {
        let began = Instant::now();
        loop {
            if let Some(status) = self.try_status() {
                return status;
            }
            assert!(
                began.elapsed() < limit,
                "the app did not exit within {limit:?}; the screen:\n{}",
                self.screen()
            );
            // Woken by its last output (the terminal restore), or re-checked soon.
            self.shared.wait_output(Duration::from_millis(20));
        }
    }

    /// How the app ended, if it has (reaped then).
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.try_status()
    }

    fn try_status(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self.child.try_wait().expect("wait for conlab");
        }
        self.status
    }

    /// The rows that show something highlighted (see [`highlighted`]).
    pub fn highlighted_lines(&self) -> Vec<String> {
        self.with_screen(highlighted)
    }

    /// Wait (bounded) for the app to exit, then check it left the terminal as
    /// it found it and no process of its session behind (panics otherwise).
    pub fn assert_clean_exit(&mut self, limit: Duration) {
        let pid = self.pid();
        self.wait_exit(limit);
        let began = Instant::now();
        let mut left = session(pid);
        while !left.is_empty() && began.elapsed() < limit {
            // Orphans of the run are reaped by init: look again shortly.
            std::thread::sleep(Duration::from_millis(20));
            left = session(pid);
        }
        assert!(
            left.is_empty(),
            "processes of the app outlived it: {left:?}"
        );
        // With no one left holding the terminal, its last output is all read.
        assert!(
            self.shared.wait_ended(limit),
            "the terminal stays open after the app and its run are gone"
        );
        let faults = self.restore_faults();
        assert!(
            faults.is_empty(),
            "the terminal was not restored: {faults:?}; the screen:\n{}",
            self.screen()
        );
    }

    /// What is wrong with the terminal as the app left it: still on the
    /// alternate screen, cursor hidden, or still in raw mode. Empty if nothing.
    pub fn restore_faults(&self) -> Vec<&'static str> {
        let mut faults = Vec::new();
        self.with_screen(|s| {
            if s.alternate_screen() {
                faults.push("still on the alternate screen");
            }
            if s.hide_cursor() {
                faults.push("cursor still hidden");
            }
        });
        // TCGETS on a pty's master reads the slave's modes (the app's).
        match nix::sys::termios::tcgetattr(&self.master) {
            Ok(t) => {
                use nix::sys::termios::LocalFlags as L;
                if !t.local_flags.contains(L::ICANON | L::ECHO) {
                    faults.push("still in raw mode (no ICANON/ECHO)");
                }
            }
            Err(_) => faults.push("cannot read the terminal's modes"),
        }
        faults
    }
}

impl Drop for Pty {
    /// Kill what is left of the app's session, then reap the app.
    fn drop(&mut self) {
        if self.try_status().is_none() {
            for pid in session(self.pid()) {
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(pid),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

//! The one test that needs tmux: the terminal emulator the TUI tests read
//! (vt100, in tests/pty) sees the same screen as a real terminal (tmux) does,
//! in English and Chinese (wide characters), so what they assert is what a
//! person sees. Skipped with a reason without tmux; required when `CI` is set.

mod pty;

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use pty::app::{lessons, names};
use pty::Pty;

const LIMIT: Duration = Duration::from_secs(20);

fn tmux_present() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A tmux session of its own (a private server socket), killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(args: &str, cols: u16, rows: u16) -> Tmux {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let socket = format!("conlab-test-{}-{n}", std::process::id());
        let t = Tmux { socket };
        let cmd = format!("exec {} {args}", pty::BIN);
        let (x, y) = (cols.to_string(), rows.to_string());
        let out = t.tmux(&["new-session", "-d", "-x", &x, "-y", &y, &cmd]);
        assert!(out.status.success(), "tmux new-session: {out:?}");
        t
    }

    fn tmux(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .env("TERM", "xterm-256color")
            .env_remove("COLORFGBG")
            .output()
            .expect("run tmux")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p"]).stdout).into_owned()
    }

    /// Poll (bounded) until the screen shows `ready`; tmux cannot say when it changes.
    fn wait_until(&self, ready: impl Fn(&str) -> bool) -> String {
        let began = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(began.elapsed() < LIMIT, "tmux never showed it:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

fn lines(screen: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = screen.lines().map(str::trim_end).collect();
    while lines.last() == Some(&"") {
        lines.pop();
    }
    lines
}

#[test]
fn the_emulator_reads_the_screen_as_tmux_does() {
    if !tmux_present() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but tmux is missing: the emulator check (tests/tui_tmux.rs) is required in CI"
        );
        println!("skipped: tmux is not installed (only the emulator check needs it)");
        return;
    }
    let first = lessons().remove(0).0;
    // The picker stands still until a key: the same screen in both terminals.
    // A frame is whole once its last row, the key hints, is drawn.
    let whole = |s: &str| s.lines().any(|l| names(l, &first)) && s.contains("? ");
    for args in ["--lang en", "--lang zh"] {
        let real = Tmux::start(args, 80, 24);
        let ours = Pty::spawn(&args.split(' ').collect::<Vec<_>>(), 80, 24);
        let theirs = real.wait_until(whole);
        let same = ours.poll_until(LIMIT, |read| lines(read) == lines(&theirs));
        assert!(
            same.is_some(),
            "{args}: vt100 reads\n{}\n\nwhere tmux shows\n{theirs}",
            ours.screen()
        );
    }
}

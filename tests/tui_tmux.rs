//! The real TUI, driven in tmux as a person would: pick a lesson, watch it,
//! quit, and find nothing left behind. Needs tmux (CI installs it).

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    session: String,
}

impl Tmux {
    fn start(args: &str, width: u16, height: u16) -> Tmux {
        let session = format!("conlab-test-{}-{}", std::process::id(), width);
        let cmd = format!("exec {} --lang en {args}", common::BIN);
        let ok = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &session,
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .arg(cmd)
            .env("TERM", "xterm-256color")
            .status()
            .expect("tmux is installed (CI installs it)")
            .success();
        assert!(ok, "tmux started");
        let t = Tmux { session };
        t.tmux(&["set-option", "-t", &t.session, "remain-on-exit", "on"]);
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").args(args).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.session])
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    fn var(&self, name: &str) -> String {
        self.tmux(&[
            "display-message",
            "-p",
            "-t",
            &self.session,
            &format!("#{{{name}}}"),
        ])
        .trim()
        .to_string()
    }

    /// Wait (bounded) until the screen shows `text`.
    fn wait_for(&self, text: &str, limit: Duration) -> String {
        let began = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                began.elapsed() < limit,
                "{text:?} never appeared; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn wait_dead(&self, limit: Duration) {
        let began = Instant::now();
        while self.var("pane_dead") != "1" {
            assert!(
                began.elapsed() < limit,
                "the app did not quit; the screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-session", "-t", &self.session]);
    }
}

fn descendants(pid: i32) -> Vec<i32> {
    conlab::runtime::observer::descendants(pid)
}

/// Alive or a zombie: anything still in /proc.
fn alive(pid: i32) -> bool {
    conlab::runtime::observer::read_stat(pid).is_some()
}

#[test]
fn pick_zombie_watch_it_and_quit_cleanly() {
    let t = Tmux::start("", 120, 40);
    t.wait_for("zombie", Duration::from_secs(10));
    let ui: i32 = t.var("pane_pid").parse().unwrap();
    // The picker lists the catalogue in order: process-start, join-patterns, zombie.
    t.keys(&["Down", "Down", "Enter"]);
    // The process tree marks the child once /proc says Z (the picker's lesson
    // text also says "<defunct>", so look for the tree row itself).
    let screen = t.wait_for("child <defunct>", Duration::from_secs(20));
    assert!(
        screen.contains("Zombie"),
        "the run screen names the lesson:\n{screen}"
    );
    let run: Vec<i32> = descendants(ui);
    assert!(
        run.len() >= 2,
        "a host and actor processes run below the UI: {run:?}"
    );
    t.keys(&["q"]);
    t.wait_for("Zombie process", Duration::from_secs(10));
    t.keys(&["q"]);
    t.wait_dead(Duration::from_secs(10));
    assert_eq!(
        t.var("alternate_on"),
        "0",
        "the terminal left the alternate screen"
    );
    let left: Vec<_> = run.iter().filter(|p| alive(**p)).collect();
    assert!(
        left.is_empty(),
        "processes of the run survived the quit: {left:?}"
    );
}

#[test]
fn small_terminal_shows_the_run_and_ctrl_c_quits() {
    let t = Tmux::start("run orphan", 80, 24);
    let screen = t.wait_for("adopted by", Duration::from_secs(20));
    assert!(screen.lines().count() <= 24);
    let ui: i32 = t.var("pane_pid").parse().unwrap();
    let run = descendants(ui);
    t.keys(&["C-c"]);
    t.wait_dead(Duration::from_secs(10));
    let began = Instant::now();
    while run.iter().any(|p| alive(*p)) && began.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let left: Vec<_> = run.iter().filter(|p| alive(**p)).collect();
    assert!(
        left.is_empty(),
        "processes of the run survived Ctrl-C: {left:?}"
    );
}

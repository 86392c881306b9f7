//! The real TUI, driven in tmux as a person would: pick a lesson, watch it,
//! quit, and find nothing left behind. Needs tmux (CI installs it).

mod common;

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Tests run in parallel: each gets its own tmux session.
static SESSIONS: AtomicUsize = AtomicUsize::new(0);

struct Tmux {
    session: String,
}

impl Tmux {
    fn start(args: &str, width: u16, height: u16) -> Tmux {
        let n = SESSIONS.fetch_add(1, Ordering::Relaxed);
        let session = format!("conlab-test-{}-{n}", std::process::id());
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

    /// Wait (bounded) until `ready` says yes to the screen; returns that screen.
    fn wait_until(&self, what: &str, limit: Duration, ready: impl Fn(&str) -> bool) -> String {
        let began = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                began.elapsed() < limit,
                "{what}: never happened; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
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

/// The step `actor` is held before, as the turns list shows it
/// (`│  2 buyer0 ▸ q = read tickets   │`), while it waits for its turn.
fn held_step(screen: &str, actor: &str) -> Option<String> {
    let name = format!(" {actor} ");
    screen.lines().find_map(|line| {
        let after = &line[line.find(&name)? + name.len()..];
        let step = after.trim_start().strip_prefix("▸ ")?;
        Some(step.split('│').next()?.trim().to_string())
    })
}

/// Let `actor` (number `key` in the turns list) take one step: press its
/// number, then wait until it is held before another step (or has ended).
fn take_turn(t: &Tmux, actor: &str, key: &str) -> String {
    let before = held_step(&t.screen(), actor).expect("the actor waits for its turn");
    t.keys(&[key]);
    let ended = format!("{actor}: exited");
    t.wait_until(
        &format!("{actor} takes {before:?}"),
        Duration::from_secs(10),
        |s| s.contains(&ended) || held_step(s, actor).is_some_and(|now| now != before),
    )
}

#[test]
fn step_mode_lets_a_learner_sell_one_ticket_twice() {
    let t = Tmux::start(
        "run ticket-grab --variant no-lock --set buyers=2 --step",
        120,
        40,
    );
    let limit = Duration::from_secs(20);
    let screen = t.wait_for("STEP MODE", limit);
    assert!(
        screen.contains("Turns"),
        "the turns list is shown:\n{screen}"
    );
    let ui: i32 = t.var("pane_pid").parse().unwrap();
    // main prints, then starts both buyers; then it waits before its join.
    t.wait_until("main is held", limit, |s| held_step(s, "main").is_some());
    take_turn(&t, "main", "1");
    take_turn(&t, "main", "1");
    t.wait_until("both buyers are held", limit, |s| {
        held_step(s, "buyer0").is_some() && held_step(s, "buyer1").is_some()
    });
    let run = descendants(ui);
    // Turn by turn, each buyer looks, prints, and reads the count: both see 1.
    for _ in 0..3 {
        take_turn(&t, "buyer0", "2");
        take_turn(&t, "buyer1", "3");
    }
    let screen = t.screen();
    for buyer in ["buyer0", "buyer1"] {
        let next = held_step(&screen, buyer);
        assert!(
            next.as_deref().is_some_and(|s| s.starts_with("sleep")),
            "{buyer} has read the count and waits to sleep: {next:?}\n{screen}"
        );
    }
    // buyer0 buys first, step by step, to the end; then everyone runs freely.
    for _ in 0..10 {
        if take_turn(&t, "buyer0", "2").contains("buyer0: exited") {
            break;
        }
    }
    t.keys(&["s"]);
    let screen = t.wait_for("ENDED", limit);
    assert!(
        screen.contains("sold 2 tickets, but only 1 existed: oversold by 1"),
        "the outcome line tells the double sale:\n{screen}"
    );
    assert!(!screen.contains("STEP MODE"), "step mode is off:\n{screen}");
    t.keys(&["q"]);
    t.wait_dead(Duration::from_secs(10));
    let began = Instant::now();
    while run.iter().any(|p| alive(*p)) && began.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let left: Vec<_> = run.iter().filter(|p| alive(**p)).collect();
    assert!(left.is_empty(), "processes of the run survived: {left:?}");
}

#[test]
fn ticket_lesson_pages_in_both_languages_and_the_page_key() {
    let zh = Tmux::start("run ticket-grab --lang zh", 120, 40);
    let screen = zh.wait_for("第 1/4 页", Duration::from_secs(20));
    assert!(screen.contains("一张票"), "{screen}");
    assert!(!screen.contains("One ticket"), "{screen}");
    zh.keys(&["q"]);
    zh.wait_dead(Duration::from_secs(10));

    let en = Tmux::start("run ticket-grab --lang en", 120, 40);
    let screen = en.wait_for("page 1/4", Duration::from_secs(20));
    assert!(screen.contains("One ticket"), "{screen}");
    assert!(!screen.contains("一张票"), "{screen}");
    // Page 2 waits for a buyer to read the file, which happens at once;
    // the key is pressed until it turns (bounded).
    let began = Instant::now();
    let screen = loop {
        en.keys(&["]"]);
        std::thread::sleep(Duration::from_millis(200));
        let screen = en.screen();
        if screen.contains("page 2/4") || began.elapsed() > Duration::from_secs(20) {
            break screen;
        }
    };
    assert!(screen.contains("page 2/4"), "{screen}");
    assert!(screen.contains("Everyone reads 1"), "{screen}");
    en.keys(&["q"]);
    en.wait_dead(Duration::from_secs(10));
}

#[test]
fn c_shows_the_python_listing_with_actors_at_their_lines() {
    // --speed 0.25 keeps buyers blocked at `with lock:` for seconds.
    let t = Tmux::start(
        "run ticket-grab --variant lock --speed 0.25 --lang en",
        120,
        40,
    );
    t.wait_for("RUNNING", Duration::from_secs(20));
    t.keys(&["c"]);
    let screen = t.wait_for("◀ buyer", Duration::from_secs(20));
    assert!(screen.contains(" Python "), "{screen}");
    let marked = screen
        .lines()
        .find(|l| l.contains("◀ buyer"))
        .expect("a marked row");
    assert!(
        ["with lock:", "time.sleep", "data = load", "print(f"]
            .iter()
            .any(|code| marked.contains(code)),
        "a buyer is marked on a buyer's line: {marked}"
    );
    t.keys(&["q"]);
    t.wait_dead(Duration::from_secs(10));
}

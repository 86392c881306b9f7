//! The real TUI in a pseudo-terminal, driven through whole lessons as a
//! learner would: pick one, watch it, step it, page through it, read its code.
//! Nothing needs installing (tests/pty drives the app itself).

mod pty;

use std::time::Duration;

use pty::{keys, Pty};

const LIMIT: Duration = Duration::from_secs(20);
const QUIT: Duration = Duration::from_secs(10);

fn descendants(pid: i32) -> Vec<i32> {
    conlab::runtime::observer::descendants(pid)
}

#[test]
fn pick_a_lesson_watch_it_and_back_out_to_quit() {
    let mut t = Pty::start("", 120, 40);
    t.wait_for("zombie", LIMIT);
    t.pick("zombie");
    t.send(keys::ENTER);
    let screen = t.wait_until("the run shows both lanes", LIMIT, |s| {
        s.contains("Timeline") && s.contains("child") && s.contains("main")
    });
    assert!(
        screen.contains("Zombie process"),
        "the run screen names the lesson:\n{screen}"
    );
    // A host and actor processes run below the UI.
    t.wait_run_going(LIMIT);
    // q leaves the run for the list (the run stops), and q there quits.
    t.send("q");
    t.wait_until("back in the list", QUIT, |s| !s.contains("Timeline"));
    t.wait_until("the run is stopped", QUIT, |_| {
        descendants(t.pid()).is_empty()
    });
    t.send("q");
    t.assert_clean_exit(QUIT);
}

#[test]
fn the_tree_shows_the_zombie_child_as_defunct() {
    // main stays busy long enough for the child's second of work to end
    // before main joins, even on a loaded machine.
    let mut t = Pty::start("run zombie --set busy=10s", 120, 40);
    // The lesson text also says "<defunct>": look for the tree row itself.
    t.wait_for("child <defunct>", Duration::from_secs(30));
    t.send("q");
    t.assert_clean_exit(QUIT);
}

#[test]
fn small_terminal_shows_the_run_and_ctrl_c_quits() {
    let mut t = Pty::start("run orphan", 80, 24);
    t.wait_for("adopted by", LIMIT);
    t.send(keys::CTRL_C);
    t.assert_clean_exit(QUIT);
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
fn take_turn(t: &Pty, actor: &str, key: &str) -> String {
    let before = held_step(&t.screen(), actor).expect("the actor waits for its turn");
    t.send(key);
    let ended = format!("{actor}: exited");
    t.wait_until(&format!("{actor} takes {before:?}"), QUIT, |s| {
        s.contains(&ended) || held_step(s, actor).is_some_and(|now| now != before)
    })
}

#[test]
fn step_mode_lets_a_learner_sell_one_ticket_twice() {
    let mut t = Pty::start(
        "run ticket-grab --variant no-lock --set buyers=2 --step",
        120,
        40,
    );
    // The header says step mode and the turns list is shown.
    t.wait_until("step mode with its turns list", LIMIT, |s| {
        s.contains("STEP MODE") && s.contains("Turns")
    });
    // main prints, then starts both buyers; then it waits before its join.
    t.wait_until("main is held", LIMIT, |s| held_step(s, "main").is_some());
    take_turn(&t, "main", "1");
    take_turn(&t, "main", "1");
    t.wait_until("both buyers are held", LIMIT, |s| {
        held_step(s, "buyer0").is_some() && held_step(s, "buyer1").is_some()
    });
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
    t.send("s");
    let screen = t.wait_for("ENDED", LIMIT);
    assert!(
        screen.contains("sold 2 tickets, but only 1 existed: oversold by 1"),
        "the outcome line tells the double sale:\n{screen}"
    );
    assert!(!screen.contains("STEP MODE"), "step mode is off:\n{screen}");
    t.send("q");
    t.assert_clean_exit(QUIT);
}

#[test]
fn ticket_lesson_pages_in_both_languages_and_the_page_key() {
    let mut zh = Pty::start("run ticket-grab --lang zh", 120, 40);
    let screen = zh.wait_until("page 1 in Chinese", LIMIT, |s| {
        s.contains("第 1/4 页") && s.contains("一张票")
    });
    assert!(!screen.contains("One ticket"), "{screen}");
    zh.send("q");
    zh.assert_clean_exit(QUIT);

    let mut en = Pty::start("run ticket-grab --lang en", 120, 40);
    let screen = en.wait_until("page 1 in English", LIMIT, |s| {
        s.contains("page 1/4") && s.contains("One ticket")
    });
    assert!(!screen.contains("一张票"), "{screen}");
    // Page 2 waits for a buyer to read the file, which happens at once; a
    // press before that moment does not turn it, so press again (bounded).
    let turned = (0..40).find_map(|_| {
        en.send("]");
        en.poll_until(Duration::from_millis(500), |s| s.contains("page 2/4"))
    });
    let screen = turned.unwrap_or_else(|| panic!("page 2 never came:\n{}", en.screen()));
    assert!(screen.contains("Everyone reads 1"), "{screen}");
    en.send("q");
    en.assert_clean_exit(QUIT);
}

#[test]
fn c_shows_the_python_listing_with_actors_at_their_lines() {
    // --speed 0.25 keeps buyers blocked at `with lock:` for seconds.
    let mut t = Pty::start("run ticket-grab --variant lock --speed 0.25", 120, 40);
    t.wait_for("RUNNING", LIMIT);
    t.send("c");
    let screen = t.wait_for("◀ buyer", LIMIT);
    assert!(screen.contains(" Python "), "{screen}");
    let marked = screen
        .lines()
        .find(|l| l.contains("◀ buyer"))
        .expect("a marked row");
    assert!(
        [
            "with lock:",
            "time.sleep",
            "left = load",
            "data = load",
            "if data",
            "save(",
            "print(f"
        ]
        .iter()
        .any(|code| marked.contains(code)),
        "a buyer is marked on a buyer's line: {marked}"
    );
    t.send("q");
    t.assert_clean_exit(QUIT);
}

//! The real TUI at 80x24 (a projector's terminal) in a pseudo-terminal: the
//! picker, a whole run, the help overlay, and `q` at any moment leaving the
//! terminal as it was and no process behind. Nothing needs installing.
//! Assertions hold to what stays: lesson ids and titles, pane titles, keys.

mod pty;

use std::time::Duration;

use pty::app::{lessons, names};
use pty::Pty;

const LIMIT: Duration = Duration::from_secs(20);
const QUIT: Duration = Duration::from_secs(10);

/// The lesson ids the screen names as words.
fn ids_on(screen: &str) -> Vec<String> {
    lessons()
        .into_iter()
        .map(|(id, _)| id)
        .filter(|id| screen.lines().any(|l| names(l, id)))
        .collect()
}

#[test]
fn picker_at_80x24_lists_lessons_with_their_titles() {
    let mut t = Pty::start("", 80, 24);
    let all = lessons();
    let (first, title) = &all[0];
    let screen = t.wait_until("the picker lists lessons", LIMIT, |s| {
        s.lines().any(|l| names(l, first))
    });
    let shown = ids_on(&screen);
    assert!(
        shown.len() >= 3,
        "several lessons are listed at 80x24, found {shown:?}:\n{screen}"
    );
    assert!(
        screen.contains(title.as_str()),
        "the first lesson's title {title:?} is shown:\n{screen}"
    );
    assert!(
        t.highlighted_lines().iter().any(|l| names(l, first)),
        "the first lesson is selected:\n{screen}"
    );
    // Moving down selects the next lesson and keeps the list on screen.
    t.pick(&all[1].0);
    assert!(ids_on(&t.screen()).len() >= 3, "{}", t.screen());
    t.send("q");
    t.assert_clean_exit(QUIT);
}

#[test]
fn a_run_at_80x24_shows_its_timeline_and_ends() {
    let mut t = Pty::start("run process-start", 80, 24);
    let screen = t.wait_for("Timeline", LIMIT);
    assert!(
        screen.contains("Starting processes"),
        "the header names the lesson:\n{screen}"
    );
    let screen = t.wait_for("ENDED", Duration::from_secs(60));
    assert!(
        screen.contains("main"),
        "the timeline shows main's lane:\n{screen}"
    );
    assert!(
        screen.contains("Timeline"),
        "the timeline stays after the end:\n{screen}"
    );
    t.send("q");
    t.assert_clean_exit(QUIT);
}

#[test]
fn q_quits_at_the_first_frame_of_a_run() {
    let mut t = Pty::start("run zombie", 80, 24);
    t.wait_for("Timeline", LIMIT);
    // The checks of the restore see the app's TUI mode while it runs.
    assert_eq!(
        t.restore_faults().len(),
        3,
        "alternate screen, hidden cursor, raw mode"
    );
    t.send("q");
    t.assert_clean_exit(QUIT);
}

#[test]
fn q_quits_in_the_middle_of_a_run() {
    // At 0.25x the race goes on for seconds: q comes while threads race.
    let mut t = Pty::start("run thread-race --variant no-lock --speed 0.25", 80, 24);
    t.wait_for("RUNNING", LIMIT);
    t.wait_run_going(LIMIT);
    t.send("q");
    t.assert_clean_exit(QUIT);
}

#[test]
fn q_quits_while_actors_wait_for_their_turn() {
    let mut t = Pty::start("run ticket-grab --step", 80, 24);
    t.wait_for("STEP", LIMIT);
    t.wait_run_going(LIMIT);
    t.send("q");
    t.assert_clean_exit(QUIT);
}

#[test]
fn help_overlay_opens_and_closes_at_80x24() {
    let mut t = Pty::start("", 80, 24);
    let first = lessons().remove(0).0;
    t.wait_until("the picker", LIMIT, |s| s.lines().any(|l| names(l, &first)));
    assert!(!t.screen().contains("Ctrl-C"), "{}", t.screen());
    // The overlay lists every key of the screen, Ctrl-C among them.
    t.send("?");
    let screen = t.wait_for("Ctrl-C", QUIT);
    let line = screen.lines().find(|l| l.contains("Ctrl-C")).unwrap();
    assert!(
        line.contains("quit"),
        "the help says what Ctrl-C does: {line}"
    );
    t.send("?");
    t.wait_until("? closes the help", QUIT, |s| !s.contains("Ctrl-C"));

    t.send("q");
    t.assert_clean_exit(QUIT);

    // On a run screen too; there q closes the overlay, and a second q quits.
    let mut t = Pty::start("run zombie", 80, 24);
    t.wait_for("Timeline", LIMIT);
    t.send("?");
    t.wait_for("Ctrl-C", QUIT);
    t.send("q");
    t.wait_until("q closes the help", QUIT, |s| !s.contains("Ctrl-C"));
    assert!(t.exited().is_none(), "q closed the help, not the app");
    t.send("q");
    t.assert_clean_exit(QUIT);
}

/// A test that fails half-way still leaves nothing running: dropping the
/// `Pty` (here by a panic) kills the app and its run and reaps the app.
#[test]
fn a_failing_test_leaves_no_process_behind() {
    let (tx, rx) = std::sync::mpsc::channel();
    let failed = std::panic::catch_unwind(move || {
        let t = Pty::start("run zombie --set busy=10s", 80, 24);
        t.wait_for("Timeline", LIMIT);
        t.wait_run_going(LIMIT);
        tx.send(pty::session(t.pid())).unwrap();
        panic!("a test fails with the run going");
    });
    assert!(failed.is_err());
    let run = rx.recv().unwrap();
    assert!(run.len() >= 3, "the UI, the host and actors: {run:?}");
    let began = std::time::Instant::now();
    let alive = || run.iter().filter(|p| pty::alive(**p)).count();
    while alive() > 0 && began.elapsed() < QUIT {
        std::thread::sleep(Duration::from_millis(20));
    }
    let left: Vec<_> = run.iter().filter(|p| pty::alive(**p)).collect();
    assert!(left.is_empty(), "left after the drop: {left:?}");
}

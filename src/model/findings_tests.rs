//! The findings of a learner's own program, from hand-made event lists.

use super::findings_list::{Finding, Level};
use super::test_events::{ev, got, let_go, model, wait};
use crate::event::{Activity, ActorKind, Event, EventKind, Outcome, QueueSide};

fn spawn(t: u64, actor: &str, pid: i32, kind: ActorKind, parent: Option<&str>) -> Event {
    let parent = parent.map(String::from);
    ev(
        t,
        actor,
        pid,
        EventKind::Spawned {
            kind,
            parent,
            daemon: false,
        },
    )
}

fn thread(t: u64, actor: &str) -> Event {
    spawn(t, actor, 1, ActorKind::Thread, Some("MainProcess"))
}

fn main_proc() -> Event {
    spawn(1, "MainProcess", 1, ActorKind::Process, None)
}

fn step(t: u64, actor: &str, op: &str, text: &str, line: u32) -> Event {
    let kind = EventKind::Step {
        index: 0,
        op: op.into(),
        text: text.into(),
        activity: Activity::Running,
        line: Some(line),
    };
    ev(t, actor, 1, kind)
}

fn exit(t: u64, actor: &str, pid: i32, code: Option<i32>, signal: Option<&str>) -> Event {
    let kind = EventKind::Exited {
        code,
        signal: signal.map(String::from),
        cause: None,
    };
    ev(t, actor, pid, kind)
}

fn run_ended(t: u64, outcome: Outcome) -> Event {
    ev(
        t,
        "host",
        9,
        EventKind::RunEnded {
            outcome,
            reason: None,
        },
    )
}

fn qwait(t: u64, actor: &str, queue: &str, side: QueueSide) -> Event {
    let queue = queue.into();
    ev(
        t,
        actor,
        1,
        EventKind::QueueWait {
            queue,
            side,
            len: 0,
            cap: 2,
        },
    )
}

fn put(t: u64, actor: &str, queue: &str, len: u32) -> Event {
    let (queue, item) = (queue.into(), Some(1));
    ev(
        t,
        actor,
        1,
        EventKind::QueuePut {
            queue,
            item,
            len,
            cap: 2,
        },
    )
}

fn findings(events: &[Event]) -> Vec<Finding> {
    model(events).findings.list()
}

/// The English lines, for asserting on.
fn en(events: &[Event]) -> Vec<String> {
    findings(events).into_iter().map(|f| f.text.en).collect()
}

fn has(lines: &[String], part: &str) -> bool {
    lines.iter().any(|l| l.contains(part))
}

#[test]
fn threads_started_and_ended_are_counted() {
    let lines = en(&[
        main_proc(),
        thread(2, "a"),
        thread(3, "b"),
        exit(10, "a", 1, Some(0), None),
        exit(11, "b", 1, Some(0), None),
        exit(12, "MainProcess", 1, Some(0), None),
    ]);
    assert!(
        has(&lines, "threads: 2 started, 2 ended (all normally)"),
        "{lines:?}"
    );
    assert!(
        has(&lines, "your program (MainProcess) exited with code 0"),
        "{lines:?}"
    );
}

#[test]
fn exit_codes_of_children_and_the_one_still_running() {
    let lines = en(&[
        main_proc(),
        spawn(2, "fork-1", 5, ActorKind::Process, Some("MainProcess")),
        spawn(3, "fork-2", 6, ActorKind::Process, Some("MainProcess")),
        spawn(4, "fork-3", 7, ActorKind::Process, Some("MainProcess")),
        exit(10, "fork-1", 5, Some(7), None),
        exit(11, "fork-2", 6, None, Some("SIGTERM")),
    ]);
    let want = "processes: 3 started, 2 ended (fork-1: 7, fork-2: SIGTERM), 1 not ended (fork-3)";
    assert!(has(&lines, want), "{lines:?}");
}

#[test]
fn an_uncaught_exception_in_a_thread_is_bad_with_its_line() {
    let f = findings(&[
        main_proc(),
        thread(2, "worker"),
        step(3, "worker", "print", "print(1 / n)", 9),
        ev(
            4,
            "worker",
            1,
            EventKind::Error {
                text: "ZeroDivisionError: division by zero".into(),
            },
        ),
        ev(
            5,
            "worker",
            1,
            EventKind::Exited {
                code: None,
                signal: None,
                cause: Some("ZeroDivisionError".into()),
            },
        ),
    ]);
    let first = &f[0];
    assert_eq!(first.level, Level::Bad);
    assert_eq!(first.line, Some(9));
    assert!(
        first
            .text
            .en
            .contains("worker died of an uncaught ZeroDivisionError"),
        "{first:?}"
    );
    assert!(first.text.zh.contains("第 9 行"), "{first:?}");
}

#[test]
fn a_zombie_reaped_late_says_by_whom_and_how_long() {
    let lines = en(&[
        main_proc(),
        spawn(2, "fork-1", 5, ActorKind::Process, Some("MainProcess")),
        exit(100_000, "fork-1", 5, Some(0), None),
        ev(
            110_000,
            "fork-1",
            5,
            EventKind::ProcState { state: "Z".into() },
        ),
        ev(
            1_110_000,
            "fork-1",
            5,
            EventKind::Reaped {
                by: "MainProcess".into(),
            },
        ),
    ]);
    assert!(
        has(
            &lines,
            "fork-1 was a zombie (Z) for 1.0s, until MainProcess reaped it"
        ),
        "{lines:?}"
    );
}

#[test]
fn a_zombie_never_reaped_by_its_parent() {
    let lines = en(&[
        main_proc(),
        spawn(2, "Process-1", 5, ActorKind::Process, Some("MainProcess")),
        ev(
            10_000,
            "Process-1",
            5,
            EventKind::ProcState { state: "Z".into() },
        ),
        ev(
            510_000,
            "Process-1",
            5,
            EventKind::Reaped { by: "host".into() },
        ),
    ]);
    assert!(
        has(
            &lines,
            "Process-1 was a zombie (Z) for 500ms: no join()/wait()"
        ),
        "{lines:?}"
    );
}

#[test]
fn an_orphan_names_its_lost_parent_and_adopter() {
    let lines = en(&[
        ev(
            0,
            "host",
            9,
            EventKind::RunStarted {
                scenario: "x.py".into(),
                variant: None,
                seed: 1,
                speed: 1.0,
            },
        ),
        main_proc(),
        spawn(2, "Process-1", 5, ActorKind::Process, Some("MainProcess")),
        exit(3, "MainProcess", 1, Some(0), None),
        ev(
            4,
            "Process-1",
            5,
            EventKind::Reparented {
                ppid: 9,
                from: Some(1),
            },
        ),
    ]);
    assert!(
        has(
            &lines,
            "Process-1 was orphaned when MainProcess ended, and adopted by host"
        ),
        "{lines:?}"
    );
}

#[test]
fn a_deadlock_is_the_first_finding_with_its_ring() {
    let f = findings(&[
        main_proc(),
        thread(2, "alice"),
        thread(2, "bob"),
        step(3, "alice", "acquire", "with second:", 14),
        got(3, "alice", "lock_a", Some(1)),
        got(3, "bob", "lock_b", Some(1)),
        wait(4, "alice", "lock_b"),
        wait(4, "bob", "lock_a"),
        ev(
            5,
            "host",
            9,
            EventKind::Deadlock {
                cycle: vec![
                    "alice".into(),
                    "lock_b".into(),
                    "bob".into(),
                    "lock_a".into(),
                ],
            },
        ),
        run_ended(3_000_000, Outcome::TimedOut),
    ]);
    assert_eq!(f[0].level, Level::Bad);
    assert!(
        f[0].text
            .en
            .starts_with("deadlock: alice → lock_b → bob → lock_a → alice"),
        "{f:?}"
    );
    assert_eq!(f[0].line, Some(14));
    // The deadlocked are not told again as "still waiting".
    assert!(
        !f.iter().any(|x| x.text.en.contains("still waiting")),
        "{f:?}"
    );
}

#[test]
fn the_most_contended_and_longest_held_lock() {
    let lines = en(&[
        main_proc(),
        thread(2, "a"),
        thread(2, "b"),
        step(10, "a", "acquire", "with lock:", 7),
        got(10, "a", "lock", Some(1)),
        wait(20, "b", "lock"),
        let_go(2_000_010, "a", "lock", Some(0)),
        got(2_000_010, "b", "lock", Some(1)),
        let_go(2_100_000, "b", "lock", Some(0)),
        got(2_100_000, "a", "other", Some(1)),
        let_go(2_200_000, "a", "other", Some(0)),
    ]);
    assert!(
        has(&lines, "lock most contended: 1 wait(s), 2.0s in all (b)"),
        "{lines:?}"
    );
    assert!(
        has(&lines, "lock held longest: 2.0s by a (line 7)"),
        "{lines:?}"
    );
}

#[test]
fn the_missing_sentinel_and_who_still_waits_at_which_line() {
    let f = findings(&[
        main_proc(),
        thread(2, "producer"),
        thread(2, "consumer"),
        put(3, "producer", "orders", 1),
        exit(4, "producer", 1, Some(0), None),
        step(5, "consumer", "get", "order = orders.get()", 19),
        ev(
            6,
            "consumer",
            1,
            EventKind::QueueGet {
                queue: "orders".into(),
                item: Some(1),
                from: "producer".into(),
                len: 0,
                cap: 2,
            },
        ),
        step(7, "consumer", "get", "order = orders.get()", 19),
        qwait(8, "consumer", "orders", QueueSide::Empty),
        step(9, "MainProcess", "join", "c.join()", 31),
        exit(5_000_000, "MainProcess", 1, None, Some("SIGKILL")),
        run_ended(5_000_001, Outcome::TimedOut),
    ]);
    let lines: Vec<&str> = f.iter().map(|x| x.text.en.as_str()).collect();
    let sentinel = f
        .iter()
        .find(|x| x.text.en.contains("missing sentinel"))
        .expect("sentinel");
    assert_eq!(sentinel.line, Some(19));
    assert!(
        lines.iter().any(|l| {
            l.starts_with(
        "consumer was still waiting for an item of empty queue orders when the run ended (line 19)"
    )
        }),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("MainProcess was still waiting in c.join()")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("stopped by the time limit")),
        "{lines:?}"
    );
    assert!(f.iter().all(|x| !x.text.zh.is_empty()));
}

#[test]
fn a_queue_left_with_items_but_no_sentinel_finding_while_a_putter_lives() {
    let lines = en(&[
        main_proc(),
        thread(2, "p"),
        thread(2, "c"),
        put(3, "p", "jobs", 2),
        qwait(4, "c", "other", QueueSide::Empty),
        put(5, "p", "other", 0),
        qwait(6, "c", "other", QueueSide::Empty),
        run_ended(7, Outcome::Completed),
    ]);
    assert!(
        has(&lines, "queue jobs was left with 2 item(s) nobody took"),
        "{lines:?}"
    );
    assert!(
        !has(&lines, "missing sentinel"),
        "p is alive and could put: {lines:?}"
    );
}

#[test]
fn a_short_wait_is_not_told_while_running_a_long_one_is() {
    let short = en(&[
        main_proc(),
        thread(2, "t"),
        wait(10, "t", "l"),
        step(500_000, "MainProcess", "sleep", "sleep", 3),
    ]);
    assert!(!has(&short, "waiting"), "{short:?}");
    let long = en(&[
        main_proc(),
        thread(2, "t"),
        wait(10, "t", "l"),
        step(1_500_000, "MainProcess", "sleep", "sleep", 3),
    ]);
    assert!(has(&long, "t has been waiting for l for 1.5s"), "{long:?}");
}

#[test]
fn a_safety_limit_says_which() {
    let lines = en(&[
        main_proc(),
        ev(
            5,
            "host",
            9,
            EventKind::LimitReached {
                limit: "threads".into(),
                max: 1024,
                text: "1024 threads".into(),
            },
        ),
        run_ended(6, Outcome::Limit),
    ]);
    assert!(
        has(&lines, "stopped by a safety limit: 1024 threads"),
        "{lines:?}"
    );
}

#[test]
fn nothing_happened_nothing_found() {
    assert!(findings(&[main_proc()]).is_empty());
}

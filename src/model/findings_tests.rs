//! The findings of a learner's own program, from hand-made event lists.

use super::findings_list::{Finding, Level};
use super::test_events::{ev, model};
use crate::event::{Activity, ActorKind, Event, EventKind, Outcome, QueueSide};

pub(super) fn spawn(t: u64, actor: &str, pid: i32, kind: ActorKind, parent: Option<&str>) -> Event {
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

pub(super) fn thread(t: u64, actor: &str) -> Event {
    spawn(t, actor, 1, ActorKind::Thread, Some("MainProcess"))
}

pub(super) fn main_proc() -> Event {
    spawn(1, "MainProcess", 1, ActorKind::Process, None)
}

pub(super) fn step(t: u64, actor: &str, op: &str, text: &str, line: u32) -> Event {
    let kind = EventKind::Step {
        index: 0,
        op: op.into(),
        text: text.into(),
        activity: Activity::Running,
        line: Some(line),
        targets: None,
    };
    ev(t, actor, 1, kind)
}

pub(super) fn exit(
    t: u64,
    actor: &str,
    pid: i32,
    code: Option<i32>,
    signal: Option<&str>,
) -> Event {
    let kind = EventKind::Exited {
        code,
        signal: signal.map(String::from),
        cause: None,
    };
    ev(t, actor, pid, kind)
}

pub(super) fn run_ended(t: u64, outcome: Outcome) -> Event {
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

pub(super) fn qwait(t: u64, actor: &str, queue: &str, side: QueueSide) -> Event {
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

pub(super) fn put(t: u64, actor: &str, queue: &str, len: u32) -> Event {
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

pub(super) fn findings(events: &[Event]) -> Vec<Finding> {
    model(events).findings.list()
}

/// The English lines, for asserting on.
pub(super) fn en(events: &[Event]) -> Vec<String> {
    findings(events).into_iter().map(|f| f.text.en).collect()
}

pub(super) fn has(lines: &[String], part: &str) -> bool {
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
    let want =
        "processes: 3 started, 2 ended (fork-1: 7, fork-2: SIGTERM), 1 still running (fork-3)";
    assert!(has(&lines, want), "{lines:?}");
}

#[test]
fn an_uncaught_exception_in_a_thread_is_bad_with_its_last_seen_line() {
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
    // The raise is not an event: the line is where it was last seen, said so.
    assert_eq!(first.line, None);
    let want = "worker died of an uncaught ZeroDivisionError: division by zero \
                (its last step seen: line 9)";
    assert_eq!(first.text.en, want);
    assert!(first.text.zh.contains("最后看到它在第 9 行"), "{first:?}");
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

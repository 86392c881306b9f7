//! Locks, semaphores and events, fed with hand-written event lists.

use super::locks::Kind;
use super::test_events::*;
use super::*;
use crate::event::EventKind;
use crate::scenario::plan::{LockKind, LockSpec, Scope};

fn holders(m: &Model, lock: &str) -> Vec<(String, u32)> {
    let l = m.locks.get(lock).unwrap();
    l.holders
        .iter()
        .map(|h| (h.actor.clone(), h.count))
        .collect()
}

fn line(m: &Model, lock: &str) -> Vec<String> {
    let l = m.locks.get(lock).unwrap();
    l.waiting.iter().map(|w| w.actor.clone()).collect()
}

#[test]
fn the_waiting_line_keeps_arrival_order() {
    let mut m = model(&[
        wait(0, "b0", "A"),
        got(1, "b0", "A", None),
        wait(10, "b5", "A"),
        wait(20, "b1", "A"),
        wait(30, "b7", "A"),
    ]);
    assert_eq!(line(&m, "A"), ["b5", "b1", "b7"]);
    assert_eq!(holders(&m, "A"), [("b0".to_string(), 1)]);
    assert_eq!(m.locks.get("A").unwrap().kind, Kind::Mutex);
    m.apply(&let_go(100, "b0", "A", None));
    m.apply(&got(101, "b1", "A", None));
    assert_eq!(line(&m, "A"), ["b5", "b7"]);
    assert_eq!(holders(&m, "A"), [("b1".to_string(), 1)]);
}

#[test]
fn an_rlock_counts_one_two_one_zero() {
    let mut m = model(&[wait(0, "t2", "R"), got(5, "t2", "R", Some(1))]);
    assert_eq!(holders(&m, "R"), [("t2".to_string(), 1)]);
    assert_eq!(m.locks.get("R").unwrap().kind, Kind::Lock, "not told yet");
    m.apply(&wait(10, "t2", "R"));
    m.apply(&got(10, "t2", "R", Some(2)));
    assert_eq!(holders(&m, "R"), [("t2".to_string(), 2)]);
    assert_eq!(m.locks.get("R").unwrap().kind, Kind::Rlock);
    m.apply(&let_go(20, "t2", "R", Some(1)));
    assert_eq!(holders(&m, "R"), [("t2".to_string(), 1)]);
    m.apply(&let_go(30, "t2", "R", Some(0)));
    let r = m.locks.get("R").unwrap();
    assert!(r.holders.is_empty());
    assert_eq!(
        r.totals.hold_total_us, 25,
        "held from the first take to the last release"
    );
    assert_eq!(r.totals.acquisitions, 2);
}

#[test]
fn a_semaphore_counts_its_holders() {
    let mut m = model(&[
        got(0, "a", "S", Some(1)),
        got(1, "b", "S", Some(2)),
        wait(2, "c", "S"),
    ]);
    assert_eq!(m.locks.get("S").unwrap().kind, Kind::Semaphore);
    assert_eq!(holders(&m, "S"), [("a".into(), 1), ("b".into(), 1)]);
    m.apply(&let_go(10, "a", "S", Some(1)));
    m.apply(&got(11, "c", "S", Some(2)));
    assert_eq!(holders(&m, "S"), [("b".into(), 1), ("c".into(), 1)]);
    m.apply(&let_go(20, "b", "S", Some(1)));
    m.apply(&let_go(21, "c", "S", Some(0)));
    assert!(m.locks.get("S").unwrap().holders.is_empty());
    // Declared: the kind and permits come from the scenario.
    let mut d = Model::new(&[]);
    let spec = LockSpec {
        name: "stalls".into(),
        kind: LockKind::Semaphore,
        scope: Scope::Threads,
        permits: 3,
        over: None,
        timeout: None,
    };
    d.declare(&Declared {
        locks: &[spec],
        ..Declared::default()
    });
    d.apply(&got(0, "a", "stalls", Some(1)));
    let s = d.locks.get("stalls").unwrap();
    assert_eq!(
        (s.kind, s.permits, s.declared),
        (Kind::Semaphore, Some(3), true)
    );
}

#[test]
fn waits_and_holds_are_totalled_and_the_line_has_a_history() {
    let m = model(&[
        wait(0, "a", "L"),
        got(0, "a", "L", None),
        wait(100, "b", "L"),
        wait(200, "c", "L"),
        let_go(1_000, "a", "L", None),
        got(1_100, "b", "L", None),
        let_go(1_500, "b", "L", None),
        got(1_600, "c", "L", None),
    ]);
    let l = m.locks.get("L").unwrap();
    assert_eq!(l.totals.acquisitions, 3);
    assert_eq!(l.totals.wait_total_us, 1_000 + 1_400);
    assert_eq!(l.totals.wait_max_us, 1_400);
    assert_eq!(l.totals.hold_total_us, 1_000 + 400);
    assert_eq!(
        l.hold_us_at(2_000),
        1_400 + 400,
        "c's hold counts up to now"
    );
    assert_eq!(l.totals.max_waiting, 2);
    let points: Vec<_> = l.history().iter().map(|p| (p.t_us, p.waiting)).collect();
    assert_eq!(points, [(0, 0), (100, 1), (200, 2), (1_100, 1), (1_600, 0)]);
    assert_eq!(l.max_waiting_in(150, 300), 2);
    assert_eq!(l.max_waiting_in(1_200, 1_300), 1);
    assert_eq!(l.max_waiting_in(5_000, 6_000), 0);
}

#[test]
fn a_mutex_released_by_another_thread_is_free_and_leavers_leave_the_line() {
    let mut m = model(&[got(0, "a", "L", None), wait(5, "b", "L")]);
    m.apply(&let_go(10, "z", "L", None));
    assert!(m.locks.get("L").unwrap().holders.is_empty());
    m.apply(&ev(
        20,
        "b",
        1,
        EventKind::Exited {
            code: Some(1),
            signal: None,
            cause: None,
        },
    ));
    assert!(line(&m, "L").is_empty());
}

#[test]
fn an_event_keeps_its_waiters_until_it_is_set() {
    let e = |t, actor: &str, kind| ev(t, actor, 1, kind);
    let light = || "light".to_string();
    let mut m = model(&[
        e(0, "car0", EventKind::EventWait { lock: light() }),
        e(1, "car1", EventKind::EventWait { lock: light() }),
    ]);
    let l = m.locks.get("light").unwrap();
    assert_eq!((l.kind, l.is_set), (Kind::Event, false));
    assert_eq!(line(&m, "light"), ["car0", "car1"]);
    m.apply(&e(
        9,
        "host",
        EventKind::EventSet {
            lock: light(),
            set: true,
        },
    ));
    m.apply(&e(10, "car1", EventKind::EventPassed { lock: light() }));
    m.apply(&e(11, "car0", EventKind::EventPassed { lock: light() }));
    let l = m.locks.get("light").unwrap();
    assert!(l.is_set && l.waiting.is_empty());
    assert_eq!((l.totals.acquisitions, l.totals.wait_max_us), (2, 11));
}

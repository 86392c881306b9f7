//! Locks, values and the outcome, fed with hand-written event lists.

use super::locks::Kind;
use super::outcome::{Outcome, Tone};
use super::*;
use crate::event::{Event, EventKind, Outcome as RunOutcome};
use crate::scenario::plan::{LockKind, LockSpec, Scope, ValueKind, ValueSpec};
use serde_json::json;

fn ev(t_us: u64, actor: &str, pid: i32, kind: EventKind) -> Event {
    Event {
        t_us,
        actor: actor.into(),
        pid,
        tid: None,
        kind,
    }
}

fn wait(t: u64, actor: &str, lock: &str) -> Event {
    ev(t, actor, 1, EventKind::LockWait { lock: lock.into() })
}

fn got(t: u64, actor: &str, lock: &str, count: Option<u32>) -> Event {
    let lock = lock.into();
    ev(t, actor, 1, EventKind::LockAcquired { lock, count })
}

fn let_go(t: u64, actor: &str, lock: &str, count: Option<u32>) -> Event {
    let lock = lock.into();
    ev(t, actor, 1, EventKind::LockReleased { lock, count })
}

fn write(t: u64, actor: &str, pid: i32, name: &str, v: i64) -> Event {
    let (name, value) = (name.into(), json!(v));
    ev(t, actor, pid, EventKind::Value { name, value })
}

fn read(t: u64, actor: &str, pid: i32, name: &str, v: i64) -> Event {
    let (name, value) = (name.into(), json!(v));
    ev(t, actor, pid, EventKind::ValueRead { name, value })
}

fn ended(t: u64) -> Event {
    let outcome = RunOutcome::Completed;
    ev(t, "host", 1, EventKind::RunEnded { outcome })
}

fn model(events: &[Event]) -> Model {
    let mut m = Model::new(&[]);
    for e in events {
        m.apply(e);
    }
    m
}

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
    };
    d.declare(&[spec], &[]);
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

/// b1 and b3 both read 1; b1 writes 0, then b3 writes 0 over it.
fn lost_ticket() -> Vec<Event> {
    vec![
        write(0, "host", 1, "tickets", 1),
        read(10, "b1", 11, "tickets", 1),
        read(20, "b3", 13, "tickets", 1),
        write(30, "b1", 11, "tickets", 0),
        write(40, "b3", 13, "tickets", 0),
    ]
}

fn assert_b3_overwrote_b1(m: &Model) {
    let v = m.values.get("tickets").unwrap();
    assert_eq!(v.copies.len(), 1, "a file is one value, whoever writes it");
    let c = &v.copies[0];
    let last = c.writes.last().unwrap();
    assert_eq!(m.values.actor(last.actor), "b3");
    assert_eq!(last.based_on, Some((20, 1)));
    assert_eq!(last.overwrote.map(|a| m.values.actor(a)), Some("b1"));
    assert!(c.writes[1].lost && !last.lost);
    assert_eq!((c.lost, c.current(), c.first()), (1, Some(0), Some(1)));
}

#[test]
fn a_write_on_a_stale_read_overwrites_the_write_in_between() {
    assert_b3_overwrote_b1(&model(&lost_ticket()));
    // b1's write arrives last (another socket), but happened first.
    let mut late = lost_ticket();
    late.swap(3, 4);
    assert_b3_overwrote_b1(&model(&late));
}

#[test]
fn each_lost_write_counts_once() {
    // z, x and y all read 5; y writes 6, x writes 6 over it, z writes 6 over x.
    let m = model(&[
        write(0, "host", 1, "n", 5),
        read(1, "z", 1, "n", 5),
        read(2, "x", 1, "n", 5),
        read(3, "y", 1, "n", 5),
        write(4, "y", 1, "n", 6),
        write(5, "x", 1, "n", 6),
        write(6, "z", 1, "n", 6),
    ]);
    assert_eq!(m.values.get("n").unwrap().copies[0].lost, 2);
}

#[test]
fn a_global_has_a_copy_per_process() {
    let mut m = Model::new(&[]);
    let spec = ValueSpec {
        name: "n".into(),
        kind: ValueKind::Global,
        initial: 100,
    };
    m.declare(&[], &[spec]);
    for e in [
        write(0, "host", 1, "n", 100),
        write(10, "child", 12, "n", 101),
        read(20, "main", 11, "n", 100),
    ] {
        m.apply(&e);
    }
    let v = m.values.get("n").unwrap();
    let copies: Vec<_> = v.copies.iter().map(|c| (c.pid, c.current())).collect();
    assert_eq!(copies, [(Some(12), Some(101)), (Some(11), Some(100))]);
    assert_eq!(
        v.copies[0].first(),
        Some(100),
        "a copy starts at the initial value"
    );
    for pid in 13..16 {
        m.apply(&write(30, &format!("w{pid}"), pid, "n", 101));
    }
    let o = Outcome::of(&m);
    let s = &o.sentences[0];
    let each = "pid 12…pid 15 (4): 101, pid 11: 100";
    assert_eq!(s.en, format!("n: one copy per process — {each}"));
    assert_eq!(s.zh, format!("n: 每个进程各有一份 — {each}"));
}

fn sale(sold: i64) -> Vec<Event> {
    let mut out = vec![
        write(0, "host", 1, "tickets", 1),
        write(0, "host", 1, "sold", 0),
    ];
    out.extend((1..=sold).map(|i| write(10 * i as u64, "b", 2, "sold", i)));
    out
}

#[test]
fn outcome_says_oversold_in_both_languages() {
    let o = Outcome::of(&model(&sale(3)));
    let s = &o.sentences[0];
    assert_eq!(o.tone(), Tone::Bad);
    assert_eq!(s.en, "sold 3 tickets, but only 1 existed: oversold by 2");
    assert_eq!(s.zh, "卖出 3 张票, 实际只有 1 张: 超卖 2 张");
    assert_eq!(
        o.sentences.len(),
        1,
        "tickets and sold are told once, together"
    );
}

#[test]
fn outcome_of_a_correct_locked_run() {
    let mut events = sale(1);
    events.extend([
        wait(5, "b", "ticket_lock"),
        got(5, "b", "ticket_lock", None),
        wait(6, "c", "ticket_lock"),
        let_go(1_000_005, "b", "ticket_lock", None),
        got(1_000_006, "c", "ticket_lock", None),
        let_go(1_000_010, "c", "ticket_lock", None),
        ended(1_100_000),
    ]);
    let o = Outcome::of(&model(&events));
    assert_eq!(o.tone(), Tone::Good);
    let en: Vec<&str> = o.sentences.iter().map(|s| s.en.as_str()).collect();
    assert_eq!(
        en,
        [
            "sold 1 of 1 ticket: none oversold",
            "lock waits: 1.0s in all, 2 acquisitions"
        ]
    );
    assert_eq!(o.sentences[1].zh, "等锁: 共 1.0s, 获取 2 次");
    // Mid-run nothing is promised yet.
    let o = Outcome::of(&model(&sale(1)));
    assert_eq!(o.sentences[0].en, "sold 1 of 1 ticket so far");
}

#[test]
fn outcome_tells_lost_updates_torn_reads_and_plain_values() {
    let mut events = lost_ticket();
    events.push(ev(
        50,
        "b4",
        14,
        EventKind::Error {
            text: "torn read: tickets.json held \"{\"".into(),
        },
    ));
    events.push(write(60, "main", 11, "n", 99));
    let m = model(&events);
    assert_eq!(m.errors.of("b4").torn_reads, 1);
    let o = Outcome::of(&m);
    let en: Vec<&str> = o.sentences.iter().map(|s| s.en.as_str()).collect();
    assert_eq!(
        en,
        [
            "tickets = 0: 1 update was lost (overwritten)",
            "1 torn read: a half-written file was read",
            "n = 99"
        ]
    );
    assert_eq!(o.sentences[0].zh, "tickets = 0: 1 次更新被覆盖而丢失");
    let mut fine = vec![
        write(0, "host", 1, "count", 1),
        read(1, "a", 1, "count", 1),
        write(2, "a", 1, "count", 2),
    ];
    fine.push(ended(3));
    let o = Outcome::of(&model(&fine));
    assert_eq!(
        (o.tone(), o.sentences[0].en.as_str()),
        (Tone::Good, "count = 2: no update lost")
    );
}

//! Deadlocks and turns, fed with hand-written event lists: the reported
//! circle, its history, lane marks, held steps, and the log's sentences.

use super::deadlocks::{cycle_words, Link};
use super::lanes::LaneState;
use super::log::LogKind;
use super::*;
use crate::event::{Activity, ActorKind, Event, EventKind};
use crate::scenario::text::Lang;

fn ev(t: u64, actor: &str, kind: EventKind) -> Event {
    Event::new(t, actor, 7, kind)
}

fn spawn(t: u64, actor: &str) -> Event {
    let kind = EventKind::Spawned {
        kind: ActorKind::Thread,
        parent: None,
        daemon: false,
    };
    ev(t, actor, kind)
}

fn wait(t: u64, actor: &str, lock: &str) -> Event {
    ev(t, actor, EventKind::LockWait { lock: lock.into() })
}

fn got(t: u64, actor: &str, lock: &str) -> Event {
    let kind = EventKind::LockAcquired {
        lock: lock.into(),
        count: None,
    };
    ev(t, actor, kind)
}

fn deadlock(t: u64, cycle: &[&str]) -> Event {
    let cycle = cycle.iter().map(|s| s.to_string()).collect();
    ev(t, "host", EventKind::Deadlock { cycle })
}

fn broken(t: u64, victim: &str, how: &str) -> Event {
    let kind = EventKind::DeadlockBroken {
        victim: victim.into(),
        how: how.into(),
    };
    ev(t, "host", kind)
}

fn held(t: u64, actor: &str, index: u32, text: &str) -> Event {
    let text = text.into();
    ev(t, actor, EventKind::Held { index, text })
}

fn step(t: u64, actor: &str, text: &str) -> Event {
    let kind = EventKind::Step {
        index: 0,
        op: "read".into(),
        text: text.into(),
        activity: Activity::Running,
        line: None,
        targets: None,
    };
    ev(t, actor, kind)
}

fn exited(t: u64, actor: &str, code: i32) -> Event {
    let kind = EventKind::Exited {
        code: Some(code),
        signal: None,
        cause: None,
    };
    ev(t, actor, kind)
}

/// t3 holds A, t0 holds B; each waits for the other's lock; t5 queues at A.
fn circle() -> Vec<Event> {
    vec![
        spawn(1, "t0"),
        spawn(2, "t3"),
        spawn(3, "t5"),
        got(10, "t3", "A"),
        got(11, "t0", "B"),
        wait(20, "t3", "B"),
        wait(21, "t0", "A"),
        wait(22, "t5", "A"),
        deadlock(60, &["t3", "B", "t0", "A"]),
    ]
}

fn fold(events: &[Event]) -> Model {
    let mut m = Model::default();
    events.iter().for_each(|e| m.apply(e));
    m
}

fn state(m: &Model, actor: &str) -> LaneState {
    m.lane(actor).unwrap().current()
}

#[test]
fn a_reported_circle_marks_its_members_and_says_it_in_words() {
    let m = fold(&circle());
    let found = m.deadlocks.current().expect("a circle is reported");
    assert_eq!(found.t_us, 60);
    assert_eq!(found.members().collect::<Vec<_>>(), ["t3", "t0"]);
    let first = found.links().next().unwrap();
    let want = Link {
        actor: "t3",
        lock: "B",
        holder: "t0",
    };
    assert_eq!(first, want);
    assert_eq!(state(&m, "t3"), LaneState::Deadlocked);
    assert_eq!(state(&m, "t0"), LaneState::Deadlocked);
    assert_ne!(
        state(&m, "t5"),
        LaneState::Deadlocked,
        "stuck, not in the circle"
    );
    assert!(m.deadlocks.is_deadlocked("t0") && !m.deadlocks.is_deadlocked("t5"));
    let (en, zh) = cycle_words(&found.cycle);
    assert_eq!(en, "t3 waits for B, held by t0; t0 waits for A, held by t3");
    assert!(zh.starts_with("t3 等待 B"), "{zh}");
    let last = m.log.lines().last().unwrap();
    assert_eq!(last.kind, LogKind::Lifecycle);
    assert_eq!(
        last.text_in(Lang::En),
        "DEADLOCK: t3 waits for B, held by t0; t0 waits for A, held by t3"
    );
    assert!(last.text_in(Lang::Zh).starts_with("死锁："));
}

#[test]
fn the_graph_follows_every_lock_event() {
    let m = fold(&circle());
    let g = &m.deadlocks.graph;
    let waits: Vec<(&str, &str)> = g.waits().map(|(a, l, _)| (a, l)).collect();
    assert_eq!(waits, [("t0", "A"), ("t3", "B"), ("t5", "A")]);
    assert_eq!(g.holders("A").collect::<Vec<_>>(), [("t3", 1)]);
    assert!(g.stuck().contains("t5"));
}

#[test]
fn breaking_records_the_victim_and_releases_the_others_lanes() {
    let mut events = circle();
    events.extend([
        broken(400, "t0", "unwound"),
        exited(401, "t0", 1),
        got(402, "t3", "B"),
    ]);
    let m = fold(&events);
    assert!(m.deadlocks.current().is_none());
    let b = m.deadlocks.last_broken().expect("broken");
    assert_eq!(
        (b.victim.as_str(), b.how.as_str(), b.t_us),
        ("t0", "unwound", 400)
    );
    assert_eq!(m.deadlocks.history().len(), 1);
    assert_eq!(state(&m, "t3"), LaneState::Blocked, "it waits on for B");
    assert_eq!(state(&m, "t0"), LaneState::Exited);
    let said: Vec<&str> = m.log.lines().iter().map(|l| l.text_in(Lang::En)).collect();
    assert!(said
        .iter()
        .any(|s| s.starts_with("deadlock broken: t0 gave up its wait")));
}

#[test]
fn a_new_circle_replaces_the_old_and_history_keeps_both() {
    let mut events = circle();
    events.extend([
        broken(400, "t0", "unwound"),
        exited(401, "t0", 1),
        got(402, "t3", "B"),
        wait(403, "t5", "A"),
        deadlock(450, &["t5", "A", "t3", "B"]),
    ]);
    let mut m = fold(&events);
    assert_eq!(m.deadlocks.history().len(), 2);
    assert!(m.deadlocks.last_broken().is_none(), "a newer one is open");
    assert_eq!(m.deadlocks.current().unwrap().t_us, 450);
    m.apply(&deadlock(500, &["t9", "A", "t5", "B"]));
    assert_eq!(state(&m, "t3"), LaneState::Blocked, "no longer in a circle");
    assert_eq!(state(&m, "t5"), LaneState::Deadlocked);
    assert!(
        m.deadlocks.history()[1].broken.is_none(),
        "replaced, not broken"
    );
}

#[test]
fn a_member_that_ends_closes_the_circle_and_a_killed_process_is_told() {
    let mut m = fold(&circle());
    m.apply(&broken(300, "t3", "killed"));
    let said = m.log.lines().last().unwrap().text_in(Lang::En).to_string();
    assert!(said.contains("t3 was killed"), "{said}");
    let mut m = fold(&circle());
    m.apply(&exited(300, "t3", 0));
    assert!(m.deadlocks.current().is_none());
    assert!(
        m.deadlocks.last_broken().is_none(),
        "it ended, nobody broke it"
    );
    assert_eq!(state(&m, "t0"), LaneState::Blocked);
}

#[test]
fn held_steps_are_kept_until_the_next_step_or_the_end() {
    let mut m = fold(&[
        spawn(1, "buyer0"),
        spawn(2, "buyer1"),
        held(10, "buyer0", 0, "read tickets into q"),
        held(11, "buyer1", 0, "read tickets into q"),
    ]);
    assert_eq!(m.deadlocks.held_count(), 2);
    assert_eq!(state(&m, "buyer0"), LaneState::Held);
    let h = m.deadlocks.held("buyer1").unwrap();
    assert_eq!(
        (h.index, h.text.as_str(), h.since_us),
        (0, "read tickets into q", 11)
    );
    let said = m.log.lines().last().unwrap().text_in(Lang::En);
    assert_eq!(
        said,
        "buyer1: held before its next step: read tickets into q"
    );
    m.apply(&step(20, "buyer0", "read tickets into q"));
    assert!(m.deadlocks.held("buyer0").is_none());
    assert_eq!(state(&m, "buyer0"), LaneState::Running);
    m.apply(&exited(30, "buyer1", 0));
    assert_eq!(m.deadlocks.held_count(), 0);
    m.apply(&held(40, "buyer0", 1, "print"));
    m.apply(&ev(
        50,
        "host",
        EventKind::RunEnded {
            outcome: crate::event::Outcome::Aborted,
            reason: None,
        },
    ));
    assert_eq!(m.deadlocks.held_count(), 0);
}

#[test]
fn declared_semaphores_reach_the_graph() {
    use crate::scenario::plan::{LockKind, LockSpec, Scope};
    let mut m = Model::default();
    let locks = [LockSpec {
        name: "S".into(),
        kind: LockKind::Semaphore,
        scope: Scope::Threads,
        permits: 2,
        over: None,
        timeout: None,
    }];
    m.declare(&Declared {
        locks: &locks,
        ..Declared::default()
    });
    for e in [got(1, "a", "S"), wait(2, "b", "S")] {
        m.apply(&e);
    }
    assert!(m.deadlocks.graph.stuck().is_empty(), "one permit is free");
}

/// p1 held B and was killed while p0 waited for it: a multiprocessing.Lock (a
/// semaphore) stays held by the dead process, a file lock is freed.
fn killed_holder(kind: crate::scenario::plan::LockKind) -> Model {
    use crate::scenario::plan::{LockSpec, Scope};
    let mut m = Model::default();
    let locks = [LockSpec {
        name: "B".into(),
        kind,
        scope: Scope::Processes,
        permits: 1,
        over: None,
        timeout: None,
    }];
    m.declare(&Declared {
        locks: &locks,
        ..Declared::default()
    });
    let process = |t, a: &str| {
        let kind = EventKind::Spawned {
            kind: ActorKind::Process,
            parent: None,
            daemon: false,
        };
        ev(t, a, kind)
    };
    let killed = EventKind::Exited {
        code: None,
        signal: Some("SIGKILL".into()),
        cause: None,
    };
    for e in [
        process(0, "p0"),
        process(0, "p1"),
        got(1, "p1", "B"),
        wait(2, "p0", "B"),
        ev(3, "p1", killed),
    ] {
        m.apply(&e);
    }
    m
}

#[test]
fn a_dead_process_keeps_a_semaphore_lock_and_its_waiter_is_hopeless() {
    use crate::scenario::plan::LockKind;
    let m = killed_holder(LockKind::Mutex);
    let g = &m.deadlocks.graph;
    assert_eq!(g.holders("B").collect::<Vec<_>>(), [("p1", 1)]);
    assert_eq!(g.hopeless(), [("p0", "B", vec!["p1"])]);
    assert_eq!(g.cycle(), None, "stuck for ever, but no circle");
    let b = m.locks.get("B").unwrap();
    assert_eq!(b.holders.len(), 1, "the panel still names the dead owner");
}

#[test]
fn the_kernel_frees_a_dead_process_s_file_lock() {
    use crate::scenario::plan::LockKind;
    let m = killed_holder(LockKind::FileLock);
    let g = &m.deadlocks.graph;
    assert_eq!(g.holders("B").count(), 0);
    assert!(g.hopeless().is_empty());
    assert!(m.locks.get("B").unwrap().holders.is_empty());
}

//! Where actors are, as the turns see them: wake-ups in flight keep the run
//! unsettled until the woken actor tells it goes on.

use super::{Phase, Waits};
use crate::event::{ActorKind, Event, EventKind, QueueSide};

pub(in crate::runtime::host) fn ev(actor: &str, kind: EventKind) -> Event {
    Event::new(0, actor, 1, kind)
}

pub(in crate::runtime::host) fn born(w: &mut Waits, actor: &str) {
    w.note(&ev(
        actor,
        EventKind::Spawned {
            kind: ActorKind::Thread,
            parent: Some("main".into()),
            daemon: false,
        },
    ));
}

/// Waits of a Python run (`python`) or of a scenario.
pub(in crate::runtime::host) fn waits_of(python: bool) -> Waits {
    Waits {
        python,
        ..Waits::default()
    }
}

pub(in crate::runtime::host) fn held(w: &mut Waits, actor: &str) {
    w.note(&ev(
        actor,
        EventKind::Held {
            index: 0,
            text: "x".into(),
        },
    ));
}

#[test]
fn a_lock_let_go_with_a_waiter_is_in_flight_until_someone_takes_it() {
    let mut w = Waits::default();
    born(&mut w, "t0");
    born(&mut w, "t1");
    let lock = |l: &str| l.to_string();
    w.note(&ev(
        "t0",
        EventKind::LockAcquired {
            lock: lock("A"),
            count: None,
        },
    ));
    w.note(&ev("t1", EventKind::LockWait { lock: lock("A") }));
    assert_eq!(w.phase("t1"), Some(&Phase::Waiting("lock:A".into())));
    assert_eq!(w.owner("A"), Some("t0"));
    w.note(&ev(
        "t0",
        EventKind::LockReleased {
            lock: lock("A"),
            count: Some(0),
        },
    ));
    assert!(!w.quiet(), "t1 is being woken");
    w.note(&ev(
        "t1",
        EventKind::LockAcquired {
            lock: lock("A"),
            count: None,
        },
    ));
    assert!(w.quiet());
    assert_eq!(w.phase("t1"), Some(&Phase::Running));
    assert_eq!(w.owner("A"), Some("t1"));
}

#[test]
fn a_lock_let_go_with_nobody_waiting_wakes_nobody() {
    let mut w = Waits::default();
    born(&mut w, "t0");
    let lock = "A".to_string();
    w.note(&ev(
        "t0",
        EventKind::LockAcquired {
            lock: lock.clone(),
            count: None,
        },
    ));
    w.note(&ev(
        "t0",
        EventKind::LockReleased {
            lock,
            count: Some(0),
        },
    ));
    assert!(w.quiet());
}

#[test]
fn an_ended_actor_stays_ended_when_its_last_events_come_late() {
    let mut w = Waits::default();
    born(&mut w, "p0");
    w.note(&ev(
        "p0",
        EventKind::Exited {
            code: Some(0),
            signal: None,
            cause: None,
        },
    ));
    held(&mut w, "p0");
    assert_eq!(w.phase("p0"), Some(&Phase::Ended));
}

#[test]
fn a_broken_barrier_wakes_every_waiter() {
    let mut w = Waits::default();
    for r in ["r0", "r1"] {
        born(&mut w, r);
    }
    let wait = |arrived| EventKind::BarrierWait {
        barrier: "b".into(),
        arrived,
        parties: 3,
    };
    w.note(&ev("r0", wait(1)));
    w.note(&ev("r1", wait(2)));
    let broken = || EventKind::BarrierBroken {
        barrier: "b".into(),
        timed_out: true,
    };
    w.note(&ev("r0", broken()));
    assert!(!w.quiet(), "r1 is being woken too");
    w.note(&ev("r1", broken()));
    assert!(w.quiet());
}

#[test]
fn every_waiter_of_a_broken_barrier_tells_it_and_the_wake_ups_never_overflow() {
    let mut w = Waits::default();
    let wait = |arrived| EventKind::BarrierWait {
        barrier: "b".into(),
        arrived,
        parties: 4,
    };
    let broken = || EventKind::BarrierBroken {
        barrier: "b".into(),
        timed_out: false,
    };
    for (i, r) in ["r0", "r1", "r2"].into_iter().enumerate() {
        born(&mut w, r);
        w.note(&ev(r, wait(i as u32 + 1)));
    }
    for r in ["r0", "r1"] {
        w.note(&ev(r, broken()));
        assert!(!w.quiet(), "{r} broke it: the others are being woken");
    }
    w.note(&ev("r2", broken()));
    assert!(w.quiet());
}

#[test]
fn a_wait_on_an_event_already_set_is_no_wait() {
    let mut w = Waits::default();
    born(&mut w, "light");
    born(&mut w, "car0");
    let green = || "green".to_string();
    let set = |on: bool| EventKind::EventSet {
        lock: green(),
        set: on,
    };
    w.note(&ev("light", set(true)));
    w.note(&ev("car0", EventKind::EventWait { lock: green() }));
    assert_eq!(w.phase("car0"), Some(&Phase::Running), "it passes at once");
    w.note(&ev("car0", EventKind::EventPassed { lock: green() }));
    assert!(w.quiet());
    w.note(&ev("light", set(false)));
    w.note(&ev("car0", EventKind::EventWait { lock: green() }));
    assert_eq!(
        w.phase("car0"),
        Some(&Phase::Waiting("event:green".into())),
        "cleared: a real wait"
    );
}

#[test]
fn a_get_that_waits_while_an_item_is_on_its_way_is_not_settled() {
    use crate::event::QueueSide;
    let mut w = Waits::default();
    born(&mut w, "c0");
    let wait = |len: u32| EventKind::QueueWait {
        queue: "q".into(),
        side: QueueSide::Empty,
        len,
        cap: 2,
    };
    w.note(&ev("c0", wait(1)));
    assert!(!w.quiet(), "the counted item reaches c0 soon");
    w.note(&ev(
        "c0",
        EventKind::QueueGet {
            queue: "q".into(),
            item: Some(1),
            from: "p0".into(),
            len: 0,
            cap: 2,
        },
    ));
    assert!(w.quiet());
    assert_eq!(w.phase("c0"), Some(&Phase::Running));
    w.note(&ev("c0", wait(0)));
    assert!(w.quiet(), "an empty queue: a real wait");
    assert_eq!(w.phase("c0"), Some(&Phase::Waiting("queue:q:empty".into())));
}

#[test]
fn a_get_told_before_the_put_of_its_item_leaves_no_wake_up_in_flight() {
    // Between processes the getter's socket can be read before the putter's:
    // the item is already taken when its put is told.
    let mut w = Waits::default();
    born(&mut w, "c0");
    born(&mut w, "p0");
    let wait = || EventKind::QueueWait {
        queue: "q".into(),
        side: QueueSide::Empty,
        len: 0,
        cap: 2,
    };
    w.note(&ev("c0", wait()));
    w.note(&ev(
        "c0",
        EventKind::QueueGet {
            queue: "q".into(),
            item: Some(0),
            from: "p0".into(),
            len: 0,
            cap: 2,
        },
    ));
    w.note(&ev("c0", wait()));
    w.note(&ev(
        "p0",
        EventKind::QueuePut {
            queue: "q".into(),
            item: Some(0),
            len: 1,
            cap: 2,
        },
    ));
    assert!(w.quiet(), "c0 waits for the next item, none is on its way");
    assert_eq!(w.phase("c0"), Some(&Phase::Waiting("queue:q:empty".into())));
}

/// A join step as a log from before `targets` has it: the text only.
fn join_step(w: &mut Waits, actor: &str, text: &str) {
    join_step_of(w, actor, text, None);
}

fn join_step_of(w: &mut Waits, actor: &str, text: &str, targets: Option<&[&str]>) {
    w.note(&ev(
        actor,
        EventKind::Step {
            index: 0,
            op: "join".into(),
            text: text.into(),
            activity: crate::event::Activity::Waiting,
            line: None,
            targets: targets.map(|t| t.iter().map(|s| s.to_string()).collect()),
        },
    ));
}

fn exited(w: &mut Waits, actor: &str) {
    let kind = EventKind::Exited {
        code: Some(0),
        signal: None,
        cause: None,
    };
    w.note(&ev(actor, kind));
}

#[test]
fn a_joiner_is_woken_when_the_last_it_joins_ends_and_settles_when_it_goes_on() {
    let mut w = Waits::default();
    for a in ["main", "p0", "p1"] {
        born(&mut w, a);
    }
    join_step(&mut w, "main", "join p0, p1");
    assert_eq!(w.phase("main"), Some(&Phase::Waiting("join".into())));
    exited(&mut w, "p0");
    assert!(w.quiet(), "main still waits for p1");
    exited(&mut w, "p1");
    assert!(!w.quiet(), "main is woken: it is about to go on");
    join_step(&mut w, "main", "join p2");
    assert!(w.quiet(), "main went on to its next join");
    held(&mut w, "main");
    assert!(w.quiet());
    join_step(&mut w, "main", "join p0");
    assert_eq!(
        w.phase("main"),
        Some(&Phase::Running),
        "p0 had ended: no wait"
    );
}

#[test]
fn a_join_waits_for_its_targets_not_for_the_words_of_its_text() {
    let mut w = Waits::default();
    for a in ["main", "p0", "p1"] {
        born(&mut w, a);
    }
    // The text is only words (a listing may say `for t in ts: t.join()`).
    join_step_of(&mut w, "main", "t.join()", Some(&["p0", "p1"]));
    assert_eq!(w.phase("main"), Some(&Phase::Waiting("join".into())));
    exited(&mut w, "p0");
    assert!(w.quiet(), "main still waits for p1");
    exited(&mut w, "p1");
    assert!(!w.quiet(), "main is woken once both of its targets ended");
}

//! Who takes a lock let go while held actors wait for it: one waiter takes it
//! at once, two or more are a choice the turns make.

use std::time::Duration;

use super::super::gates::Turns;
use crate::event::{ActorKind, Event, EventKind, QueueSide};
use crate::runtime::launch::RunRequest;
use crate::scenario::plan::{LockKind, LockSpec, Plan, QueueOrder, QueueSpec, Scope};

fn lock(name: &str, kind: LockKind, permits: u32) -> LockSpec {
    LockSpec {
        name: name.into(),
        kind,
        scope: Scope::Threads,
        permits,
        over: None,
        timeout: None,
    }
}

/// Turns over `locks`, holding `gated` (as explore and challenges do).
fn turns(locks: Vec<LockSpec>, gated: &[&str]) -> Turns {
    turns_with(locks, vec![], gated)
}

fn turns_with(locks: Vec<LockSpec>, queues: Vec<QueueSpec>, gated: &[&str]) -> Turns {
    let plan = Plan {
        scenario: "t".into(),
        variant: None,
        actors: vec![],
        checks: vec![],
        max_duration: Duration::from_secs(1),
        locks,
        values: vec![],
        queues,
        pipes: vec![],
        pools: vec![],
        sockets: vec![],
        tables: vec![],
        source: String::new(),
        module: vec![],
        params: Default::default(),
        listing: None,
        switch_interval_us: None,
        lang: Default::default(),
        schedule: None,
        python: None,
    };
    let mut req = RunRequest::new(plan, 1, 1.0);
    req.gate = Some(gated.iter().map(|a| a.to_string()).collect());
    let mut t = Turns::new(&req);
    t.order = names(gated);
    for a in gated {
        t.waits.note(&ev(
            a,
            EventKind::Spawned {
                kind: ActorKind::Thread,
                parent: Some("main".into()),
                daemon: false,
            },
        ));
    }
    t
}

fn ev(actor: &str, kind: EventKind) -> Event {
    Event::new(0, actor, 1, kind)
}

fn tell(t: &mut Turns, actor: &str, kind: EventKind) {
    t.waits.note(&ev(actor, kind));
}

fn held(t: &mut Turns, actor: &str) {
    let text = "x".into();
    tell(t, actor, EventKind::Held { index: 0, text });
}

fn took(t: &mut Turns, actor: &str, lock: &str, count: Option<u32>) {
    let lock = lock.into();
    tell(t, actor, EventKind::LockAcquired { lock, count });
}

fn waits(t: &mut Turns, actor: &str, lock: &str) {
    tell(t, actor, EventKind::LockWait { lock: lock.into() });
}

fn let_go(t: &mut Turns, actor: &str, lock: &str, count: Option<u32>) {
    let lock = lock.into();
    tell(t, actor, EventKind::LockReleased { lock, count });
}

/// What the host does when it lets a parked waiter try (Host::retry).
fn retry(t: &mut Turns, actor: &str) {
    t.waits.retrying.insert(actor.to_string());
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn two_held_waiters_of_a_lock_let_go_are_a_choice_and_the_chosen_one_takes_it() {
    let mut t = turns(vec![lock("A", LockKind::Mutex, 1)], &["t0", "t1", "t2"]);
    took(&mut t, "t0", "A", None);
    waits(&mut t, "t1", "A");
    waits(&mut t, "t2", "A");
    held(&mut t, "t0");
    assert!(t.settled());
    assert_eq!(t.enabled(), names(&["t0"]), "A is held: its waiters wait");
    t.waits.granted("t0");
    let_go(&mut t, "t0", "A", None);
    assert!(
        t.handoffs().is_empty(),
        "two wait for one lock: nobody at once"
    );
    assert!(!t.settled(), "t0 still runs its step");
    held(&mut t, "t0");
    assert!(t.settled(), "the waiters wait for the host's choice");
    assert_eq!(t.enabled(), names(&["t0", "t1", "t2"]));
    retry(&mut t, "t2");
    assert!(!t.settled(), "t2 was let try: not settled until it tells");
    took(&mut t, "t2", "A", None);
    assert!(!t.settled(), "t2 goes on with its step");
    held(&mut t, "t2");
    assert!(t.settled());
    assert_eq!(
        t.enabled(),
        names(&["t0", "t2"]),
        "t1 waits again, A is t2's"
    );
    let why = t.why_not(7, "t1");
    assert!(
        why.contains("position 7: t1 is waiting for lock `A` held by t2"),
        "{why}"
    );
    // Now one waiter is left: it takes the lock at once, without a turn.
    t.waits.granted("t2");
    let_go(&mut t, "t2", "A", None);
    assert_eq!(t.handoffs(), names(&["t1"]));
}

#[test]
fn a_retry_that_misses_tells_its_wait_again_and_settles() {
    let mut t = turns(vec![lock("A", LockKind::Rlock, 1)], &["t0", "t1"]);
    took(&mut t, "t0", "A", Some(1));
    waits(&mut t, "t1", "A");
    let_go(&mut t, "t0", "A", Some(0));
    assert_eq!(t.handoffs(), names(&["t1"]));
    retry(&mut t, "t1");
    assert!(t.handoffs().is_empty(), "told once");
    took(&mut t, "main", "A", Some(1));
    waits(&mut t, "t1", "A");
    held(&mut t, "t0");
    assert!(t.settled(), "the miss is told: t1 waits for main's lock");
    assert!(t.handoffs().is_empty());
}

#[test]
fn a_semaphore_with_more_held_waiters_than_room_is_a_choice_else_all_go() {
    let mut t = turns(
        vec![lock("S", LockKind::Semaphore, 2)],
        &["t0", "t1", "t2", "t3"],
    );
    took(&mut t, "t0", "S", Some(1));
    took(&mut t, "t1", "S", Some(2));
    waits(&mut t, "t2", "S");
    waits(&mut t, "t3", "S");
    held(&mut t, "t0");
    held(&mut t, "t1");
    assert_eq!(t.enabled(), names(&["t0", "t1"]), "S is full");
    let_go(&mut t, "t0", "S", Some(1));
    assert!(t.handoffs().is_empty(), "one permit, two waiters");
    assert_eq!(t.enabled(), names(&["t0", "t1", "t2", "t3"]));
    let_go(&mut t, "t1", "S", Some(0));
    assert_eq!(t.handoffs(), names(&["t2", "t3"]), "room for both");
}

#[test]
fn a_condition_wait_is_not_settled_until_its_lock_is_let_go() {
    let mut t = turns(vec![lock("c", LockKind::Condition, 1)], &["t0", "t1"]);
    took(&mut t, "t0", "c", Some(1));
    held(&mut t, "t1");
    tell(&mut t, "t0", EventKind::CondWait { lock: "c".into() });
    assert!(!t.settled(), "t0 told its wait but still holds the lock");
    let_go(&mut t, "t0", "c", Some(0));
    assert!(t.settled());
    assert_eq!(t.enabled(), names(&["t1"]));
}

#[test]
fn an_actor_running_freely_that_waits_for_a_free_lock_keeps_the_run_unsettled() {
    let mut t = turns(vec![lock("A", LockKind::Mutex, 1)], &["t0"]);
    tell(&mut t, "main", EventKind::Started {});
    took(&mut t, "t0", "A", None);
    waits(&mut t, "main", "A");
    held(&mut t, "t0");
    assert!(t.settled(), "main waits for t0's lock");
    let_go(&mut t, "t0", "A", None);
    held(&mut t, "t0");
    assert!(t.handoffs().is_empty(), "main waits in the OS: no retry");
    assert!(!t.settled(), "main is about to take A");
    took(&mut t, "main", "A", None);
    assert!(t.settled());
}

#[test]
fn two_held_consumers_of_an_empty_queue_are_a_choice_when_one_item_is_put() {
    let q = QueueSpec {
        name: "q".into(),
        order: QueueOrder::Fifo,
        cap: 2,
        scope: Scope::Processes,
        joinable: false,
    };
    let mut t = turns_with(vec![], vec![q], &["p0", "c0", "c1"]);
    let wait = || EventKind::QueueWait {
        queue: "q".into(),
        side: QueueSide::Empty,
        len: 0,
        cap: 2,
    };
    tell(&mut t, "c0", wait());
    tell(&mut t, "c1", wait());
    held(&mut t, "p0");
    assert_eq!(t.enabled(), names(&["p0"]), "nothing to get");
    t.waits.granted("p0");
    let put = EventKind::QueuePut {
        queue: "q".into(),
        item: Some(1),
        len: 1,
        cap: 2,
    };
    tell(&mut t, "p0", put);
    held(&mut t, "p0");
    assert!(t.handoffs().is_empty(), "one item, two consumers");
    assert!(t.settled());
    assert_eq!(t.enabled(), names(&["p0", "c0", "c1"]));
    retry(&mut t, "c1");
    let got = EventKind::QueueGet {
        queue: "q".into(),
        item: Some(1),
        from: "p0".into(),
        len: 0,
        cap: 2,
    };
    tell(&mut t, "c1", got);
    held(&mut t, "c1");
    assert!(t.settled());
    assert_eq!(t.enabled(), names(&["p0", "c1"]), "c0 waits on");
}

#[test]
fn two_items_for_two_held_consumers_go_one_at_a_time_each_a_choice() {
    let q = QueueSpec {
        name: "q".into(),
        order: QueueOrder::Fifo,
        cap: 2,
        scope: Scope::Processes,
        joinable: false,
    };
    let mut t = turns_with(vec![], vec![q], &["p0", "c0", "c1"]);
    for c in ["c0", "c1"] {
        let wait = EventKind::QueueWait {
            queue: "q".into(),
            side: QueueSide::Empty,
            len: 0,
            cap: 2,
        };
        tell(&mut t, c, wait);
    }
    for item in [1, 2] {
        let put = EventKind::QueuePut {
            queue: "q".into(),
            item: Some(item),
            len: item as u32,
            cap: 2,
        };
        tell(&mut t, "p0", put);
    }
    held(&mut t, "p0");
    assert!(
        t.handoffs().is_empty(),
        "which consumer gets item 1 is a turn"
    );
    assert_eq!(t.enabled(), names(&["p0", "c0", "c1"]));
}

//! Shared values and the outcome, fed with hand-written event lists.

use super::outcome::{Outcome, Tone};
use super::test_events::*;
use super::*;
use crate::event::{Event, EventKind};
use crate::scenario::plan::{ValueKind, ValueSpec};

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
fn values_are_listed_in_the_order_actors_first_use_them() {
    let mut m = Model::new(&[]);
    let spec = |name: &str| ValueSpec {
        name: name.into(),
        kind: ValueKind::File,
        initial: 0,
    };
    m.declare(&Declared {
        values: &[spec("a"), spec("sold"), spec("tickets")],
        ..Declared::default()
    });
    for e in [
        write(0, "host", 1, "sold", 0),
        write(0, "host", 1, "tickets", 1),
        read(5, "b0", 2, "tickets", 1),
        write(9, "b0", 2, "sold", 1),
    ] {
        m.apply(&e);
    }
    let names: Vec<&str> = m.values.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["tickets", "sold", "a"]);
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
    m.declare(&Declared {
        values: &[spec],
        ..Declared::default()
    });
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
    assert_eq!(s.zh, format!("n：每个进程各有一份 — {each}"));
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
    assert_eq!(s.zh, "卖出 3 张票，实际只有 1 张：超卖 2 张");
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
    assert_eq!(o.sentences[1].zh, "等锁：共 1.0s，获取 2 次");
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
    assert_eq!(o.sentences[0].zh, "tickets = 0：1 次更新被覆盖而丢失");
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

/// A forked child's copy of a global begins at its parent's value; a spawned
/// (or default) child's at the initial value.
#[test]
fn a_forked_childs_copy_starts_at_its_parents_value() {
    use crate::event::ActorKind;
    use crate::scenario::plan::ActorSpec;
    use crate::scenario::start_method::StartMethod;
    let actor = |name: &str, how| ActorSpec {
        name: name.into(),
        kind: ActorKind::Process,
        daemon: false,
        parent: Some("main".into()),
        script: vec![],
        start_method: how,
    };
    let actors = [
        actor("f", Some(StartMethod::Fork)),
        actor("s", Some(StartMethod::Spawn)),
    ];
    let values = [ValueSpec {
        name: "config".into(),
        kind: ValueKind::Global,
        initial: 0,
    }];
    let mut m = Model::new(&[]);
    m.declare(&Declared {
        values: &values,
        actors: &actors,
        ..Declared::default()
    });
    let spawned = |t, who: &str, pid, parent: Option<&str>| {
        let parent = parent.map(str::to_string);
        let kind = EventKind::Spawned {
            kind: ActorKind::Process,
            parent,
            daemon: false,
        };
        ev(t, who, pid, kind)
    };
    for e in [
        write(0, "host", 1, "config", 0),
        spawned(1, "main", 10, None),
        write(2, "main", 10, "config", 42),
        spawned(3, "f", 11, Some("main")),
        spawned(4, "s", 12, Some("main")),
        read(5, "s", 12, "config", 0),
    ] {
        m.apply(&e);
    }
    let v = m.values.get("config").unwrap();
    let start = |pid| {
        v.copies
            .iter()
            .find(|c| c.pid == Some(pid))
            .and_then(|c| c.first())
    };
    assert_eq!(
        (start(10), start(11), start(12)),
        (Some(0), Some(42), Some(0))
    );
}

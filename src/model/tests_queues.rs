//! Queues and pipes, fed with hand-written event lists.

use super::lanes::LaneState;
use super::test_events::*;
use super::*;
use crate::event::{ActorKind, Event, EventKind, QueueSide};

fn put(t: u64, actor: &str, item: i64, len: u32) -> Event {
    let (queue, item, cap) = ("q".into(), Some(item), 2);
    ev(
        t,
        actor,
        1,
        EventKind::QueuePut {
            queue,
            item,
            len,
            cap,
        },
    )
}

fn get(t: u64, actor: &str, from: &str, item: i64, len: u32) -> Event {
    let (queue, item, from, cap) = ("q".into(), Some(item), from.into(), 2);
    let kind = EventKind::QueueGet {
        queue,
        item,
        from,
        len,
        cap,
    };
    ev(t, actor, 1, kind)
}

fn blocked(t: u64, actor: &str, side: QueueSide, len: u32) -> Event {
    let (queue, cap) = ("q".into(), 2);
    ev(
        t,
        actor,
        1,
        EventKind::QueueWait {
            queue,
            side,
            len,
            cap,
        },
    )
}

fn spawned(t: u64, actor: &str) -> Event {
    let kind = EventKind::Spawned {
        kind: ActorKind::Process,
        parent: None,
        daemon: false,
    };
    ev(t, actor, 1, kind)
}

fn names(list: &[queues::Blocked]) -> Vec<&str> {
    list.iter().map(|b| b.actor.as_str()).collect()
}

#[test]
fn the_length_has_a_history_and_a_peak() {
    let m = model(&[
        put(10, "p0", 1, 1),
        put(20, "p0", 2, 2),
        get(30, "c0", "p0", 1, 1),
        get(40, "c0", "p0", 2, 0),
    ]);
    let q = m.queues.get("q").unwrap();
    let lens: Vec<(u64, u32)> = q.history().iter().map(|p| (p.t_us, p.len)).collect();
    assert_eq!(lens, [(10, 1), (20, 2), (30, 1), (40, 0)]);
    assert_eq!((q.len, q.cap, q.peak), (0, 2, 2));
    assert_eq!((q.totals.put, q.totals.got), (2, 2));
    assert_eq!(q.max_len_in(15, 35), 2);
    assert_eq!(q.max_len_in(45, 99), 0);
}

#[test]
fn a_long_history_is_compacted_but_keeps_its_peaks() {
    let mut events = Vec::new();
    for i in 0..5_000u64 {
        let len = if i == 7 { 2 } else { (i % 2) as u32 };
        events.push(put(i * 10, "p0", i as i64, len));
    }
    let q_model = model(&events);
    let q = q_model.queues.get("q").unwrap();
    assert!(q.history().len() <= 1024, "bounded: {}", q.history().len());
    assert_eq!(q.max_len_in(0, 200), 2, "the early peak survives merging");
    assert_eq!(q.len, 1);
    assert!(q.history().windows(2).all(|w| w[0].t_us < w[1].t_us));
}

#[test]
fn producers_blocked_on_full_appear_in_order_and_clear() {
    let mut m = model(&[
        spawned(0, "p0"),
        spawned(0, "p1"),
        spawned(0, "c0"),
        put(10, "p0", 1, 1),
        put(11, "p0", 2, 2),
        blocked(20, "p1", QueueSide::Full, 2),
        blocked(21, "p0", QueueSide::Full, 2),
    ]);
    let q = m.queues.get("q").unwrap();
    assert_eq!(names(&q.blocked_full), ["p1", "p0"]);
    assert!(q.blocked_empty.is_empty() && q.is_full());
    assert_eq!(m.lane("p1").unwrap().current(), LaneState::Blocked);
    let said = m.log.lines().last().unwrap();
    assert_eq!(said.text, "p0: put blocked, q is full (2 items)");
    assert_eq!(
        said.zh.as_deref(),
        Some("p0：put 阻塞，队列 q 已满（2 个）")
    );
    m.apply(&get(30, "c0", "p0", 1, 1));
    m.apply(&put(31, "p1", 7, 2));
    let q = m.queues.get("q").unwrap();
    assert_eq!(names(&q.blocked_full), ["p0"]);
    assert_eq!(q.totals.waits_full, 2);
    assert_eq!(m.lane("p1").unwrap().current(), LaneState::Running);
    assert_eq!(m.lane("p0").unwrap().current(), LaneState::Blocked);
    // A consumer waits on the empty side; its exit clears it.
    m.apply(&blocked(40, "c0", QueueSide::Empty, 0));
    assert_eq!(names(&m.queues.get("q").unwrap().blocked_empty), ["c0"]);
    m.apply(&ended(50));
    let exited = EventKind::Exited {
        code: None,
        signal: Some("SIGTERM".into()),
        cause: None,
    };
    m.apply(&ev(60, "c0", 1, exited));
    assert!(m.queues.get("q").unwrap().blocked_empty.is_empty());
}

#[test]
fn deliveries_are_counted_per_producer_and_consumer() {
    let m = model(&[
        put(10, "p0", 1, 1),
        put(11, "p1", 1, 2),
        get(20, "c0", "p0", 1, 1),
        get(21, "c1", "p1", 1, 0),
        put(30, "p0", 2, 1),
        get(31, "c1", "p0", 2, 0),
    ]);
    let q = m.queues.get("q").unwrap();
    let pairs: Vec<(&str, &str, u64)> = q
        .pairs()
        .iter()
        .map(|p| (p.from.as_str(), p.to.as_str(), p.count))
        .collect();
    assert_eq!(pairs, [("p0", "c0", 1), ("p1", "c1", 1), ("p0", "c1", 1)]);
    let last = q.recent().last().unwrap();
    assert_eq!(
        (last.from.as_str(), last.to.as_str(), last.item),
        ("p0", "c1", Some(2))
    );
    assert!(q.next_out(9).is_empty());
}

#[test]
fn a_get_told_before_its_put_is_tolerated() {
    let m = model(&[
        put(10, "p0", 1, 1),
        get(21, "c0", "p0", 2, 1), // p0's put of 2 at 20 comes late
        put(20, "p0", 2, 2),
        put(30, "p1", 9, 2),
    ]);
    let q = m.queues.get("q").unwrap();
    assert_eq!(q.len, 2, "the latest by time, not by arrival");
    let lens: Vec<u32> = q.history().iter().map(|p| p.len).collect();
    assert_eq!(lens, [1, 2, 1, 2]);
    assert_eq!(q.next_out(9), [Some(1), Some(9)], "item 2 came and went");
}

#[test]
fn lost_items_and_questions_are_kept() {
    let q = || "q".to_string();
    let m = model(&[
        put(10, "p0", 1, 2),
        ev(
            11,
            "p0",
            1,
            EventKind::QueueFull {
                queue: q(),
                item: Some(5),
            },
        ),
        ev(12, "c0", 1, EventKind::QueueEmpty { queue: q() }),
        ev(
            13,
            "c0",
            1,
            EventKind::QueueAsked {
                queue: q(),
                question: "qsize".into(),
                answer: "1".into(),
                len: 2,
            },
        ),
    ]);
    let q = m.queues.get("q").unwrap();
    assert_eq!((q.totals.lost, q.totals.empty_raised), (1, 1));
    assert_eq!(q.lost_items.back(), Some(&("p0".to_string(), Some(5))));
    assert_eq!((q.asked[0].answer.as_str(), q.asked[0].len), ("1", 2));
}

#[test]
fn a_pipe_counts_each_end_and_who_saw_eof() {
    let p = || "pipe".to_string();
    let end = |e: &str| e.to_string();
    let m = model(&[
        ev(
            1,
            "a",
            1,
            EventKind::PipeSend {
                pipe: p(),
                end: end("left"),
                item: Some(3),
            },
        ),
        ev(
            2,
            "b",
            2,
            EventKind::PipeRecv {
                pipe: p(),
                end: end("right"),
                item: Some(3),
            },
        ),
        ev(
            3,
            "a",
            1,
            EventKind::PipeClosed {
                pipe: p(),
                end: end("left"),
            },
        ),
        ev(
            4,
            "b",
            2,
            EventKind::PipeEof {
                pipe: p(),
                end: end("right"),
            },
        ),
    ]);
    let pipe = &m.queues.pipes()[0];
    let (l, r) = (&pipe.ends[0], &pipe.ends[1]);
    assert_eq!((l.sent, r.received, r.last_received), (1, 1, Some(Some(3))));
    assert_eq!(
        (l.closed_by.as_slice(), r.eof_seen_by.as_slice()),
        (&["a".to_string()][..], &["b".to_string()][..])
    );
    assert!(m.has_shared_state());
}

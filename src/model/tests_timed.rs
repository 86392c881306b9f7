//! A wait that timed out leaves the line and the wait-for graph; a wait with
//! a timeout is never part of a deadlock; a Timer's events are told in words.

use super::test_events::*;
use super::waitfor::{WaitFor, TIMED_ACQUIRE};
use crate::event::{Activity, Event, EventKind};

fn timed_out(t: u64, actor: &str, op: &str, object: &str) -> Event {
    let kind = EventKind::TimedOut {
        op: op.into(),
        object: object.into(),
        timeout: 1.0,
    };
    ev(t, actor, 1, kind)
}

fn step(t: u64, actor: &str, op: &str) -> Event {
    let kind = EventKind::Step {
        index: 0,
        op: op.into(),
        text: op.into(),
        activity: Activity::Blocked,
        line: None,
        targets: None,
    };
    ev(t, actor, 1, kind)
}

#[test]
fn a_timed_out_waiter_leaves_the_line_of_its_lock_or_event() {
    let mut m = model(&[
        got(0, "a", "L", None),
        wait(1, "b", "L"),
        wait(2, "c", "L"),
        ev(3, "d", 1, EventKind::EventWait { lock: "E".into() }),
    ]);
    let line = |m: &super::Model, l: &str| -> Vec<String> {
        let lock = m.locks.get(l).unwrap();
        lock.waiting.iter().map(|w| w.actor.clone()).collect()
    };
    assert_eq!(line(&m, "L"), ["b", "c"]);
    m.apply(&timed_out(1_000_001, "b", "acquire", "L"));
    m.apply(&timed_out(1_000_003, "d", "wait", "E"));
    assert_eq!(line(&m, "L"), ["c"]);
    assert!(line(&m, "E").is_empty());
    assert_eq!(
        m.locks.get("L").unwrap().totals.waits,
        1,
        "b's wait is counted"
    );
}

#[test]
fn a_wait_with_a_timeout_closes_no_circle_and_its_edge_goes_when_it_ends() {
    let mut g = WaitFor::default();
    for e in [
        got(0, "t0", "A", None),
        got(0, "t1", "B", None),
        step(1, "t0", TIMED_ACQUIRE),
        wait(2, "t0", "B"),
        step(3, "t1", "acquire"),
        wait(4, "t1", "A"),
    ] {
        g.apply(&e);
    }
    assert_eq!(g.waits().count(), 2, "both edges are drawn");
    assert!(g.cycle().is_none(), "t0 gives up by itself: no deadlock");
    g.apply(&timed_out(5, "t0", "acquire", "B"));
    let left: Vec<&str> = g.waits().map(|(a, _, _)| a).collect();
    assert_eq!(left, ["t1"]);
    // The same circle without a timeout is a deadlock.
    g.apply(&step(6, "t0", "acquire"));
    g.apply(&wait(7, "t0", "B"));
    assert!(g.cycle().is_some());
}

#[test]
fn timeouts_and_timers_are_told_in_both_languages() {
    let m = model(&[
        timed_out(1, "car0", "wait", "green"),
        ev(
            2,
            "main",
            1,
            EventKind::TimerCancelled {
                target: "horn".into(),
                fired: false,
            },
        ),
    ]);
    let text: Vec<String> = m
        .log
        .lines()
        .iter()
        .map(|l| format!("{} | {}", l.text, l.zh.clone().unwrap_or_default()))
        .collect();
    let all = text.join("\n");
    assert!(
        all.contains("gave up on green after 1s: wait() returned False"),
        "{all}"
    );
    assert!(all.contains("取消了定时器 horn：它不会再运行"), "{all}");
}

//! The GIL's holds and waiters, folded from its lock events.

use super::super::test_events::{got, let_go, wait};
use super::*;

/// t0 and t1 take turns: t0 0–5 ms, t1 5–10 ms, t0 10–15 ms; the other waits.
fn turns() -> Gils {
    let mut g = Gils::default();
    for e in [
        got(0, "t0", "GIL", None),
        wait(1_000, "t1", "GIL"),
        let_go(5_000, "t0", "GIL", None),
        got(5_000, "t1", "GIL", None),
        wait(5_100, "t0", "GIL"),
        let_go(10_000, "t1", "GIL", None),
        got(10_000, "t0", "GIL", None),
        let_go(15_000, "t0", "GIL", None),
        got(16_000, "t1", "OTHER", None),
    ] {
        g.apply(&e);
    }
    g
}

#[test]
fn holds_alternate_and_other_locks_are_left_out() {
    let g = turns();
    assert_eq!(g.tracks.len(), 1);
    let t = &g.tracks[0];
    assert_eq!(t.process(), "main");
    assert_eq!(t.holders, ["t0", "t1"]);
    let who: Vec<usize> = t.holds().iter().map(|h| h.holder).collect();
    assert_eq!(who, [0, 1, 0]);
    assert_eq!(t.handovers(), 2);
    assert_eq!(t.median_hold_us(), Some(5_000));
}

#[test]
fn a_stretch_shows_its_longest_holder_and_most_waiters() {
    let t = &turns().tracks[0];
    let s = t.stretch((0, 4_000), 20_000, None);
    assert_eq!(
        s,
        Stretch {
            holder: Some(0),
            waiting: 1
        }
    );
    // 4–7 ms: t0 for 1 ms, t1 for 2 ms.
    assert_eq!(t.stretch((4_000, 7_000), 20_000, None).holder, Some(1));
    assert_eq!(
        t.stretch((15_000, 18_000), 20_000, None),
        Stretch::default()
    );
    assert_eq!(t.at(7_000), (Some("t1"), 1));
    assert_eq!(t.at(12_000), (Some("t0"), 0));
    assert_eq!(t.at(15_500), (None, 0));
}

#[test]
fn an_open_hold_lasts_until_now_and_each_process_has_its_own() {
    let mut g = Gils::default();
    g.apply(&got(0, "p0", "GIL:p0", None));
    g.apply(&got(10, "p1", "GIL:p1", None));
    assert_eq!(g.tracks.len(), 2);
    assert_eq!(g.tracks[1].process(), "p1");
    let s = g.tracks[0].stretch((100, 200), 150, None);
    assert_eq!(s.holder, Some(0));
    assert_eq!(g.tracks[0].stretch((100, 200), 100, None).holder, None);
    // A holder alone is shown whatever the stretch before showed.
    assert_eq!(
        g.tracks[0].stretch((100, 200), 150, Some(0)).holder,
        Some(0)
    );
    assert_eq!(g.tracks[0].median_hold_us(), None);
}

#[test]
fn a_stretch_shared_by_turns_shows_another_holder_than_the_last() {
    let t = &turns().tracks[0];
    // 0–15 ms: t0 10 ms, t1 5 ms: t0 is the longest...
    assert_eq!(t.stretch((0, 15_000), 20_000, None).holder, Some(0));
    // ...but after a stretch that showed t0, t1's third shows the turn.
    assert_eq!(t.stretch((0, 15_000), 20_000, Some(0)).holder, Some(1));
    // Under a quarter is not a turn: 9–15 ms, t1 held 1 ms of 6.
    assert_eq!(t.stretch((9_000, 15_000), 20_000, Some(0)).holder, Some(0));
}

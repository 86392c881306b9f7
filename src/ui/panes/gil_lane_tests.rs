//! The GIL lane: where it goes, what its cells show, and its label.

use super::*;
use crate::event::{ActorKind, Event, EventKind};
use crate::ui::tests::row as row_text;

fn lanes() -> Vec<Lane> {
    let mut out = vec![Lane::new("main", ActorKind::Process, 10, 0)];
    out.push(Lane::new("t0", ActorKind::Thread, 10, 0));
    out.push(Lane::new("t1", ActorKind::Thread, 10, 0));
    out.push(Lane::new("p0", ActorKind::Process, 20, 0));
    out
}

fn lock(t: u64, who: &str, lock: &str, take: bool) -> Event {
    let lock = lock.to_string();
    let kind = if take {
        EventKind::LockAcquired { lock, count: None }
    } else {
        EventKind::LockReleased { lock, count: None }
    };
    Event::new(t, who, 10, kind)
}

/// t0 and t1 take turns every 10 ms for 100 ms, the other one waiting.
fn turns() -> Gils {
    let mut g = Gils::default();
    for k in 0..10u64 {
        let (me, other) = if k % 2 == 0 {
            ("t0", "t1")
        } else {
            ("t1", "t0")
        };
        g.apply(&lock(k * 10_000, me, "GIL", true));
        let wait = EventKind::LockWait { lock: "GIL".into() };
        g.apply(&Event::new(k * 10_000 + 1, other, 10, wait));
        g.apply(&lock(k * 10_000 + 9_999, me, "GIL", false));
    }
    g
}

#[test]
fn a_gil_row_goes_after_its_process_threads() {
    let mut g = turns();
    g.apply(&lock(5, "p0", "GIL:p0", true));
    let rows = gil_rows(&lanes(), &g);
    assert_eq!(
        rows,
        [
            LaneRow::Gil { track: 0, after: 2 },
            LaneRow::Gil { track: 1, after: 3 }
        ]
    );
    assert_eq!(gil_label(&g.tracks[1], Lang::En), "GIL:p0 (modelled)");
    assert_eq!(gil_label(&g.tracks[0], Lang::Zh), "GIL（模拟）");
    assert_eq!(label_width(&g), 17);
}

#[test]
fn cells_show_the_holders_taking_turns_reversed_while_others_wait() {
    let g = turns();
    let win = Window {
        start_us: 0,
        cell_us: 10_000,
        cells: 12,
        now_us: 110_000,
    };
    let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 30, 1));
    draw_gil_row(&g.tracks[0], &lanes(), &win, (0, 0, 15), Lang::En, &mut buf);
    assert_eq!(row_text(&buf, 0), "GIL (modelled) 0101010101··   ");
    let first = &buf[(15, 0)];
    assert!(first.modifier.contains(Modifier::REVERSED), "t1 waited");
    assert_eq!(first.fg, palette(1), "t0's lane colour");
    assert_eq!(buf[(16, 0)].fg, palette(2));
}

#[test]
fn tags_are_a_last_digit_or_a_first_letter() {
    assert_eq!(tag("t0"), "0");
    assert_eq!(tag("worker12"), "2");
    assert_eq!(tag("main"), "m");
    assert_eq!(tag(""), "?");
}

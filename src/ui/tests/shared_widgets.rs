//! The locks panel, the values panel and the outcome line, cell by cell.

use ratatui::style::Color;

use super::tickets::{lock_ended_run, lock_run, race_run};
use super::{buffer, find, row, text};
use crate::event::{Event, EventKind};
use crate::model::Model;
use crate::scenario::text::Lang;
use crate::ui::locks_pane::LocksPane;
use crate::ui::outcome_line::OutcomeLine;
use crate::ui::state::RunState;
use crate::ui::theme::{BAD, GOOD};
use crate::ui::values_pane::ValuesPane;
use crate::ui::window::Window;

/// Text without spaces: a wide character's second cell reads as one.
fn squash(s: &str) -> String {
    s.replace(' ', "")
}

fn locks(run: &RunState, lang: Lang, w: u16, h: u16) -> ratatui::buffer::Buffer {
    let window = Window::new(run.view_us(), 60);
    let pane = LocksPane {
        model: &run.model,
        window,
        lang,
    };
    buffer(&pane, w, h)
}

fn outcome(model: &Model, lang: Lang, w: u16) -> ratatui::buffer::Buffer {
    let outcome = crate::model::outcome::Outcome::of(model);
    buffer(
        &OutcomeLine {
            outcome: &outcome,
            lang,
        },
        w,
        1,
    )
}

#[test]
fn the_locks_panel_shows_the_owner_and_the_line_in_order() {
    let run = lock_run();
    let buf = locks(&run, Lang::En, 60, 8);
    let all = text(&buf);
    assert!(
        row(&buf, 0).starts_with("ticket_lock  mutex (processes)  owner: b1"),
        "{all}"
    );
    let (x, y) = find(&buf, "b1").unwrap();
    assert_eq!(
        buf[(x, y)].fg,
        crate::ui::theme::palette(2),
        "b1 in its lane's colour"
    );
    assert!(
        all.contains("waiting: b7 → b0 → b9 → b2 → b8 → b4 → b6"),
        "{all}"
    );
    assert!(
        all.contains("acquired 3×  waited 4.6s (max 577ms)  held 579ms"),
        "{all}"
    );
    let (_, y) = find(&buf, "queue ").unwrap();
    let (x, _) = find(&buf, "█").expect("the line was 10 long early on");
    assert_eq!(buf[(x, y)].fg, Color::LightYellow);
    assert!(row(&buf, y).trim_end().ends_with("max 10"), "{all}");
    // Narrow: the line is cut with the count of those left out.
    let narrow = text(&locks(&run, Lang::Zh, 30, 8));
    assert!(squash(&narrow).contains("等待：b7→b0→b9→b2+3"), "{narrow}");
    assert!(squash(&narrow).contains("持有者：b1"), "{narrow}");
}

#[test]
fn a_free_lock_is_green_and_a_short_pane_keeps_the_head() {
    let run = lock_ended_run();
    let buf = locks(&run, Lang::En, 60, 2);
    let (x, y) = find(&buf, "free").unwrap();
    assert_eq!((y, buf[(x, y)].fg), (0, GOOD));
    assert!(
        row(&buf, 1).starts_with("waiting: nobody"),
        "{}",
        text(&buf)
    );
}

fn apply(m: &mut Model, t_us: u64, actor: &str, kind: EventKind) {
    m.apply(&Event {
        t_us,
        actor: actor.into(),
        pid: 7,
        tid: None,
        kind,
    });
}

#[test]
fn rlock_counts_and_event_state_are_shown() {
    let mut m = Model::new(&[]);
    let r = || "R".to_string();
    apply(
        &mut m,
        1,
        "t2",
        EventKind::LockAcquired {
            lock: r(),
            count: Some(1),
        },
    );
    apply(
        &mut m,
        2,
        "t2",
        EventKind::LockAcquired {
            lock: r(),
            count: Some(2),
        },
    );
    let e = || "light".to_string();
    apply(&mut m, 3, "car0", EventKind::EventWait { lock: e() });
    apply(&mut m, 4, "car1", EventKind::EventWait { lock: e() });
    let window = Window::new(10, 20);
    let pane = LocksPane {
        model: &m,
        window,
        lang: Lang::En,
    };
    let all = text(&buffer(&pane, 50, 12));
    assert!(all.contains("R  rlock  owner: t2 ×2"), "{all}");
    assert!(all.contains("light  event  clear"), "{all}");
    assert!(all.contains("waiting: car0 car1"), "{all}");
    apply(
        &mut m,
        5,
        "main",
        EventKind::EventSet {
            lock: e(),
            set: true,
        },
    );
    let pane = LocksPane {
        model: &m,
        window,
        lang: Lang::En,
    };
    let buf = buffer(&pane, 50, 12);
    let (x, y) = find(&buf, "set ✓").unwrap_or_else(|| panic!("{}", text(&buf)));
    assert_eq!(buf[(x, y)].fg, GOOD);
    // Many holders: as many names as fit, and how many more.
    for (i, who) in ["shopper0", "shopper3", "shopper4"].iter().enumerate() {
        let count = Some(i as u32 + 1);
        apply(
            &mut m,
            6,
            who,
            EventKind::LockAcquired {
                lock: "rooms".into(),
                count,
            },
        );
    }
    let pane = LocksPane {
        model: &m,
        window,
        lang: Lang::En,
    };
    let all = text(&buffer(&pane, 32, 20));
    assert!(all.contains("holders: shopper0, shopper3 +1"), "{all}");
}

#[test]
fn the_values_panel_marks_the_write_that_overwrote_another() {
    let run = race_run();
    let pane = ValuesPane {
        model: &run.model,
        lang: Lang::En,
    };
    let buf = buffer(&pane, 50, 8);
    let all = text(&buf);
    let (x, y) = find(&buf, "✗ b0: read 1 → wrote 0, overwrote b7 (lost)").expect(&all);
    assert_eq!(buf[(x, y)].fg, BAD);
    assert!(all.contains("tickets = 0   1 → 0 ×9"), "{all}");
    let (x, y) = find(&buf, "sold = 9").unwrap();
    assert_eq!(buf[(x + 7, y)].fg, BAD, "oversold: sold is red");
    // Tall enough: the numbers are drawn big, the writes beside them.
    let tall = buffer(&pane, 70, 24);
    assert!(
        text(&tall).contains("█▀█    b3: read 1 → wrote 0 (lost)"),
        "{}",
        text(&tall)
    );
}

#[test]
fn the_values_panel_in_chinese_and_a_correct_run_in_green() {
    let run = lock_ended_run();
    let pane = ValuesPane {
        model: &run.model,
        lang: Lang::Zh,
    };
    let buf = buffer(&pane, 40, 6);
    let all = text(&buf);
    assert!(squash(&all).contains("b3：读到1→写入0"), "{all}");
    let (x, y) = find(&buf, "tickets = 0").expect(&all);
    assert_eq!(buf[(x + 10, y)].fg, GOOD, "no ticket oversold");
}

#[test]
fn the_outcome_line_is_red_when_oversold_and_green_when_it_held() {
    let race = race_run();
    let buf = outcome(&race.model, Lang::En, 100);
    assert!(row(&buf, 0).starts_with(" ✗ sold 9 tickets, but only 1 existed: oversold by 8"));
    assert_eq!(buf[(1, 0)].fg, BAD);
    let buf = outcome(&race.model, Lang::Zh, 100);
    assert!(
        squash(&row(&buf, 0)).contains("超卖8张"),
        "{}",
        row(&buf, 0)
    );
    let fine = lock_ended_run();
    let buf = outcome(&fine.model, Lang::En, 100);
    let line = row(&buf, 0);
    assert!(
        line.starts_with(" ✓ sold 1 of 1 ticket: none oversold  ·  lock waits:"),
        "{line}"
    );
    assert_eq!(buf[(1, 0)].fg, GOOD);
    // A process lesson has no outcome line at all.
    let plain = super::fixture::run_state();
    assert_eq!(row(&outcome(&plain.model, Lang::En, 40), 0).trim(), "");
}

#[test]
fn a_narrow_values_panel_keeps_who_was_overwritten() {
    let mut m = Model::new(&[]);
    let mut put = |t, actor: &str, v: i64, read: bool| {
        let (name, value) = ("tickets".to_string(), v.into());
        let kind = if read {
            EventKind::ValueRead { name, value }
        } else {
            EventKind::Value { name, value }
        };
        apply(&mut m, t, actor, kind);
    };
    put(0, "host", 1, false);
    put(1, "buyer0", 1, true);
    put(2, "buyer6", 1, true);
    put(3, "buyer0", 0, false);
    put(4, "buyer6", 0, false);
    let pane = ValuesPane {
        model: &m,
        lang: Lang::En,
    };
    let wide = text(&buffer(&pane, 60, 4));
    assert!(
        wide.contains("✗ buyer6: read 1 → wrote 0, overwrote buyer0"),
        "{wide}"
    );
    assert!(wide.contains("  buyer0: read 1 → wrote 0 (lost)"), "{wide}");
    let narrow = text(&buffer(&pane, 30, 4));
    assert!(narrow.contains("✗ buyer6: 1 → 0 over buyer0"), "{narrow}");
}

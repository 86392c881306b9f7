//! The table panel of the cpu-vs-io lesson: cells fill in as `measured`
//! events come, with the ratio to the serial row, in both languages and at
//! the two classroom sizes.

use insta::assert_snapshot;

use super::fixture::screen;
use super::queue_runs::{ev, opening, state_of, MS};
use super::{buffer, text};
use crate::event::{ActorKind, EventKind};
use crate::model::Declared;
use crate::scenario::text::Lang;
use crate::ui::state::{Pane, RunState};
use crate::ui::table_pane::TablePane;

const SOURCE: &str = include_str!("../../../scenarios/cpu-vs-io.toml");

/// The lesson's run with these cells measured: (row, column, seconds).
fn run_with(cells: &[(&str, &str, f64)]) -> RunState {
    let sc = crate::scenario::Scenario::parse("cpu-vs-io.toml", SOURCE).expect("parses");
    let plan = sc.plan(None, &[]).expect("plans");
    let mut events = opening("cpu-vs-io", &[("main", 7001, ActorKind::Process, None)]);
    for (i, &(row, column, seconds)) in cells.iter().enumerate() {
        let kind = EventKind::Measured {
            table: "times".into(),
            row: row.into(),
            column: column.into(),
            seconds,
        };
        events.push(ev((100 + i as u64) * MS, "main", 7001, kind));
    }
    let declared = Declared::of(&plan);
    state_of(SOURCE, &events, &declared)
}

fn three() -> RunState {
    run_with(&[
        ("serial", "cpu", 1.62),
        ("threads", "cpu", 1.71),
        ("processes", "cpu", 0.83),
    ])
}

fn squash(s: &str) -> String {
    s.replace(' ', "")
}

#[test]
fn cells_fill_in_with_their_ratio_to_the_serial_time() {
    let run = three();
    let pane = TablePane {
        model: &run.model,
        lang: Lang::En,
    };
    let all = text(&buffer(&pane, 40, 6));
    assert!(all.contains("(3/6)"), "{all}");
    assert!(all.contains("1.6 s ×1.0"), "{all}");
    assert!(all.contains("1.7 s ×1.1"), "{all}");
    assert!(all.contains("0.8 s ×0.5"), "{all}");
    let io_column = all.lines().nth(2).unwrap();
    assert!(
        io_column.trim_end().ends_with('·'),
        "IO not yet measured: {all}"
    );
}

#[test]
fn headings_are_in_the_screens_language_and_titles_give_way_first() {
    let run = three();
    let pane = TablePane {
        model: &run.model,
        lang: Lang::Zh,
    };
    let all = squash(&text(&buffer(&pane, 40, 4)));
    assert!(all.contains("计算密集型"), "{all}");
    assert!(all.contains("4个线程1.7s×1.1"), "{all}");
    assert!(
        !all.contains("总耗时"),
        "4 rows for 5 lines: the title goes: {all}"
    );
}

#[test]
fn a_wide_cell_draws_a_bar_as_long_as_its_ratio() {
    let run = three();
    let pane = TablePane {
        model: &run.model,
        lang: Lang::En,
    };
    let buf = buffer(&pane, 80, 6);
    let bars = |row: u16| (0..80).filter(|&x| buf[(x, row)].symbol() == "▇").count();
    let (serial, processes) = (bars(2), bars(4));
    assert!(serial > 0 && processes > 0, "{}", text(&buf));
    assert!(
        processes * 10 < serial * 7,
        "half the time, about half the bar: {serial} vs {processes}"
    );
}

#[test]
fn the_table_at_80x24_and_120x40() {
    let mut run = three();
    assert_snapshot!(screen(&run, Lang::En, Pane::Table, 80, 24));
    run = run_with(&[
        ("serial", "cpu", 1.62),
        ("threads", "cpu", 1.71),
        ("processes", "cpu", 0.83),
        ("serial", "io", 1.6),
        ("threads", "io", 0.41),
        ("processes", "io", 0.43),
    ]);
    assert_snapshot!(screen(&run, Lang::Zh, Pane::Table, 120, 40));
}

//! The deadlock banner, the wait-for graph and the turns list, cell by cell.

use ratatui::style::Color;

use super::deadlock_runs::{broken_run, deadlock_events, deadlock_run, step_run, stuck_run};
use super::{buffer, find, row};
use crate::model::{Declared, Model};
use crate::scenario::text::Lang;
use crate::ui::frame::banner::DeadlockBanner;
use crate::ui::state::RunState;
use crate::ui::theme::BAD;
use crate::ui::turns_pane::TurnsPane;
use crate::ui::waitfor_pane::WaitForPane;

#[test]
fn the_graph_draws_the_circle_as_one_red_chain_when_it_fits() {
    let run = deadlock_run();
    let model = &run.model;
    let buf = buffer(
        &WaitForPane {
            model,
            lang: Lang::En,
        },
        70,
        6,
    );
    assert_eq!(
        row(&buf, 0).trim_end(),
        "t1 ──waits──▶ [B] ──held by──▶ t0 ──waits──▶ [A] ──held by──▶ t1 ↺"
    );
    assert_eq!(buf[(0, 0)].fg, BAD);
    let (x, y) = find(&buf, "t2, t3, t4, t5 ──waits──▶ [A] ──held by──▶ t1").unwrap();
    assert_eq!(buf[(x, y)].fg, Color::Yellow, "stuck behind the circle");
    assert!(find(&buf, "deadlocks found: 1").is_some());
}

#[test]
fn a_narrow_graph_puts_one_link_a_row() {
    let run = deadlock_run();
    let model = &run.model;
    let buf = buffer(
        &WaitForPane {
            model,
            lang: Lang::Zh,
        },
        36,
        6,
    );
    // A wide character's second cell reads as a space: compare without spaces.
    let bare = |y| row(&buf, y).replace(' ', "");
    assert!(
        bare(0).starts_with("t1──等待──▶[B]──持有者──▶t0"),
        "{}",
        bare(0)
    );
    assert!(
        bare(1).starts_with("t0──等待──▶[A]──持有者──▶t1"),
        "{}",
        bare(1)
    );
}

#[test]
fn the_banner_follows_the_time_cursor() {
    let mut run = deadlock_run();
    let plan = run.scenario.plan(None, &[]).expect("fixture plan");
    let mut base = Model::new(&plan.checks);
    base.declare(&Declared::of(&plan));
    for e in deadlock_events() {
        run.past.record(&base, &e);
    }
    let text = |run: &RunState| {
        let b = DeadlockBanner {
            run,
            lang: Lang::En,
        };
        (b.rows_wanted(120), row(&buffer(&b, 120, 1), 0))
    };
    assert!(text(&run).1.contains("pick a victim"), "live: the deadlock");
    run.view.jump_start();
    run.seek_past();
    assert_eq!(text(&run).0, 0, "before the deadlock: no banner");
    let end = run.view_us();
    run.view.scrub(1_000, end);
    run.seek_past();
    let (_, after) = text(&run);
    assert!(after.contains(" DEADLOCK: "), "{after}");
    assert!(
        after.contains("time cursor"),
        "nothing to pick in the past: {after}"
    );
}

#[test]
fn the_banner_names_the_circle_and_numbers_the_victims() {
    let run = deadlock_run();
    let banner = DeadlockBanner {
        run: &run,
        lang: Lang::En,
    };
    assert_eq!(banner.rows_wanted(120), 1);
    assert_eq!(banner.rows_wanted(80), 2);
    let buf = buffer(&banner, 120, 1);
    let text = row(&buf, 0);
    assert!(text.starts_with(
        " DEADLOCK: t1 waits for B (held by t0) · t0 waits for A (held by t1) — pick a victim: 1 t0  2 t1"
    ), "victims numbered by name: {text}");
    assert_eq!(buf[(119, 0)].bg, Color::Red, "the whole row is red");
    let buf = buffer(&banner, 40, 1);
    assert!(row(&buf, 0).starts_with(" DEADLOCK — pick a victim: 1 t0  2 t1"));
    let broken = broken_run();
    let note = DeadlockBanner {
        run: &broken,
        lang: Lang::En,
    };
    let buf = buffer(&note, 80, 1);
    assert!(row(&buf, 0).starts_with(" ✓ deadlock broken: t0 unwound"));
    let mut later = broken_run();
    later.now_us = 9_000_000;
    let gone = DeadlockBanner {
        run: &later,
        lang: Lang::En,
    };
    assert_eq!(
        gone.rows_wanted(80),
        0,
        "the note fades after a few seconds"
    );
}

#[test]
fn a_wait_for_a_dead_holder_s_lock_is_shown_stuck_for_ever() {
    let mut run = stuck_run();
    let banner = DeadlockBanner {
        run: &run,
        lang: Lang::En,
    };
    let buf = buffer(&banner, 160, 1);
    assert!(
        row(&buf, 0).starts_with(
            " STUCK FOR EVER: t1 waits for B, held by dead t0 — Python would hang here; \
             the run waits for its time limit — a: kill it"
        ),
        "{}",
        row(&buf, 0)
    );
    run.auto_break = true;
    let banner = DeadlockBanner {
        run: &run,
        lang: Lang::Zh,
    };
    assert_eq!(banner.rows_wanted(40), 2, "two rows when narrow");
    let buf = buffer(&banner, 160, 1);
    let bare = row(&buf, 0).replace(' ', "");
    assert!(bare.contains("实验室杀掉它"), "{bare}");
}

#[test]
fn a_run_over_in_step_mode_is_not_told_as_step_mode_off() {
    let mut run = step_run();
    assert!(run.step_mode, "the header says STEP MODE");
    run.apply(&crate::event::Event {
        t_us: 2_000_000,
        actor: "host".into(),
        pid: 1,
        tid: None,
        kind: crate::event::EventKind::RunEnded {
            outcome: crate::event::Outcome::Completed,
            reason: None,
        },
    });
    let turns = TurnsPane {
        run: &run,
        lang: Lang::En,
    };
    let first = row(&buffer(&turns, 60, 3), 0);
    assert!(
        first.starts_with("run over · step mode stays on"),
        "{first}"
    );
    assert!(!first.contains("is off"), "{first}");
}

#[test]
fn the_turns_list_numbers_live_actors_and_shows_held_steps() {
    let run = step_run();
    let turns = TurnsPane {
        run: &run,
        lang: Lang::En,
    };
    let buf = buffer(&turns, 60, 6);
    assert_eq!(row(&buf, 0).trim_end(), "  1 main   ┄ join buyer*");
    assert_eq!(row(&buf, 1).trim_end(), "  2 buyer0 ▸ sleep 0.10s");
    assert_eq!(row(&buf, 2).trim_end(), "› 3 buyer1 ▸ sleep 0.10s");
    assert_eq!(row(&buf, 3).trim_end(), "  4 buyer2 ▸ t = read tickets");
    assert!(row(&buf, 5).starts_with("1-9 or ↑↓ Enter: one step · n: everyone · s: off"));
    assert_eq!(buf[(2, 2)].bg, Color::DarkGray, "the chosen row stands out");
}

/// In step mode, a reported deadlock gives the number keys to its victims
/// (numbered in the banner): the turns list then carries no numbers that
/// would name other actors.
#[test]
fn turns_list_in_a_deadlock_has_no_numbers_of_its_own() {
    use super::deadlock_runs::deadlock_run;
    use super::fixture::screen;
    let mut run = deadlock_run();
    run.step_mode = true;
    let text = screen(
        &run,
        crate::scenario::text::Lang::En,
        crate::ui::state::Pane::Log,
        120,
        40,
    );
    assert!(text.contains("pick a victim"), "{text}");
    for name in ["main", "t0", "t1"] {
        for n in 1..=3 {
            let numbered = format!("│  {n} {name}");
            assert!(
                !text.lines().any(|l| l.contains(&numbered)),
                "a turns row numbered {n} for {name}:\n{text}"
            );
        }
    }
}

//! Widgets checked cell by cell on the fixture run.

use ratatui::style::{Color, Modifier};

use super::fixture::{ended_run_state, run_state};
use super::{buffer, find, row, text};
use crate::model::lanes::LaneState;
use crate::scenario::text::Lang;
use crate::ui::checks_pane::ChecksPane;
use crate::ui::header::Header;
use crate::ui::keymap::Context;
use crate::ui::log_pane::LogPane;
use crate::ui::proc_tree::ProcTreePane;
use crate::ui::status_bar::StatusBar;
use crate::ui::theme::state_style;
use crate::ui::theme::{BAD, GOOD};
use crate::ui::timeline::Timeline;

fn lane_row(buf: &ratatui::buffer::Buffer, actor: &str) -> u16 {
    (0..buf.area.height)
        .find(|&y| row(buf, y).starts_with(actor))
        .expect("lane row")
}

#[test]
fn zombie_glyph_sits_in_the_child_lane_in_its_colour() {
    let run = run_state();
    let tl = Timeline {
        model: &run.model,
        now_us: run.view_us(),
        lang: Lang::En,
        focus: &[],
        scroll: None,
        fold: None,
    };
    let buf = buffer(&tl, 60, 10);
    let y = lane_row(&buf, "child");
    let line = row(&buf, y);
    assert!(line.contains('Z'), "{line}");
    let x = line.chars().position(|c| c == 'Z').unwrap() as u16;
    assert_eq!(buf[(x, y)].style().fg, state_style(LaneState::Zombie).fg);
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    // Before it became a zombie it worked (▓), and it never shows Z in main's lane.
    assert!(line.contains('▓'));
    assert!(!row(&buf, lane_row(&buf, "main")).contains('Z'));
    // The badges: keeper is a daemon process, worker a thread.
    assert!(row(&buf, lane_row(&buf, "keeper")).contains("Pd"));
    assert!(row(&buf, lane_row(&buf, "worker")).contains('T'));
}

#[test]
fn timeline_has_axis_legend_and_more_marker() {
    let run = run_state();
    let tl = Timeline {
        model: &run.model,
        now_us: run.view_us(),
        lang: Lang::En,
        focus: &[],
        scroll: None,
        fold: None,
    };
    let buf = buffer(&tl, 80, 8);
    let all = text(&buf);
    assert!(
        all.contains("╵0.0s") && all.contains("╵1.0s") && all.contains("╵2.0s"),
        "{all}"
    );
    assert!(all.contains("Z zombie"), "{all}");
    let small = buffer(&tl, 60, 4);
    assert!(text(&small).contains("+4 more"), "{}", text(&small));
}

#[test]
fn tree_marks_the_zombie_the_orphan_the_daemon_and_the_thread() {
    let run = run_state();
    let pane = ProcTreePane {
        model: &run.model,
        lang: Lang::En,
        at_us: None,
    };
    let buf = buffer(&pane, 90, 12);
    let all = text(&buf);
    let (x, y) = find(&buf, "<defunct>").expect(&all);
    assert!(
        row(&buf, y).contains("child") && row(&buf, y).contains(" Z "),
        "{all}"
    );
    assert_eq!(buf[(x, y)].fg, BAD);
    // The fact first, the old parent after it.
    let (x, y) = find(&buf, "adopted by 4000").expect(&all);
    assert!(row(&buf, y).contains("orphan"));
    let (was, _) = find(&buf, "(was 4003)").expect(&all);
    assert!(was > x, "{all}");
    let (_, y) = find(&buf, "host · stands in for init").expect(&all);
    assert!(row(&buf, y).starts_with("4000"));
    let (_, y) = find(&buf, "worker").expect(&all);
    assert!(
        row(&buf, y).contains("↳ worker · "),
        "its state first: {all}"
    );
    assert!(row(&buf, y).contains("tid 4007"), "{all}");
    assert!(
        row(&buf, y).starts_with("4001"),
        "a thread shares its process's pid"
    );
    let (_, y) = find(&buf, "keeper").expect(&all);
    assert!(row(&buf, y).contains("daemon"));
    let (_, y) = find(&buf, "middle").expect(&all);
    assert!(row(&buf, y).contains("exit 0 reaped by main"), "{all}");
}

#[test]
fn tree_in_chinese_keeps_widths() {
    let run = run_state();
    let pane = ProcTreePane {
        model: &run.model,
        lang: Lang::Zh,
        at_us: None,
    };
    let buf = buffer(&pane, 50, 12);
    assert!(find(&buf, "宿").is_some());
    assert!(find(&buf, "<defunct>").is_some());
}

#[test]
fn log_shows_the_tail_with_times_and_actors() {
    let run = run_state();
    let pane = LogPane {
        model: &run.model,
        lang: Lang::En,
    };
    let buf = buffer(&pane, 60, 5);
    assert_eq!(
        row(&buf, 4).trim_end(),
        "  2.400s keeper: still watching (tick 2)"
    );
    let all = text(&buf);
    assert!(all.contains("  2.013s worker: exited with code 0"), "{all}");
    assert_eq!(buf[(9, 4)].symbol(), "k");
    assert_ne!(buf[(9, 4)].fg, Color::Reset, "the actor has its colour");
    // Narrow: lines wrap under the text instead of being cut.
    let narrow = buffer(&pane, 24, 6);
    assert!(
        text(&narrow).contains("  2.400s keeper: still"),
        "{}",
        text(&narrow)
    );
    assert_eq!(
        row(&narrow, 5).trim(),
        "2)",
        "continuations sit under the text"
    );
}

#[test]
fn checks_show_verdicts() {
    let run = run_state();
    let buf = buffer(
        &ChecksPane {
            model: &run.model,
            lang: Lang::En,
        },
        50,
        6,
    );
    assert!(row(&buf, 0).starts_with("✓ the child exits"));
    assert!(row(&buf, 1).starts_with("✓ /proc reports"));
    assert!(row(&buf, 2).starts_with("… main reaps it"));
    assert_eq!(buf[(0, 0)].fg, GOOD);
    let ended = ended_run_state();
    let buf = buffer(
        &ChecksPane {
            model: &ended.model,
            lang: Lang::En,
        },
        50,
        6,
    );
    assert!(row(&buf, 2).starts_with("✓ main reaps it"));
}

#[test]
fn header_says_state_speed_and_time() {
    let run = run_state();
    let buf = buffer(
        &Header {
            run: &run,
            lang: Lang::En,
        },
        80,
        1,
    );
    let line = row(&buf, 0);
    assert!(line.contains("Zombie process · join after 4 s"), "{line}");
    assert!(line.trim_end().ends_with("1x  ● RUNNING  2.4s"), "{line}");
    let header = Header {
        run: &run,
        lang: Lang::En,
    };
    let narrow = row(&buffer(&header, 40, 1), 0);
    assert!(narrow.starts_with(" conlab  Zombie … "), "{narrow}");
    let ended = ended_run_state();
    let line = row(
        &buffer(
            &Header {
                run: &ended,
                lang: Lang::En,
            },
            80,
            1,
        ),
        0,
    );
    assert!(line.contains("■ ENDED: completed  4.5s"), "{line}");
    assert!(
        line.contains(" · join after 4 s"),
        "the variant stays: {line}"
    );
}

#[test]
fn header_clock_stands_still_in_a_pause_and_goes_on_without_a_jump() {
    let mut run = run_state();
    let at = |run: &crate::ui::state::RunState| crate::ui::header::run_clock_us(run);
    let t = run.view_us();
    run.model.run.pauses.push((t - 400_000, Some(t - 100_000)));
    assert_eq!(at(&run), t - 300_000, "the closed pause is left out");
    run.model.run.pauses.push((t, None));
    run.now_us = t + 5_000_000;
    assert_eq!(at(&run), t - 300_000, "stands still while paused");
    run.model.run.pauses.last_mut().unwrap().1 = Some(t + 5_000_000);
    run.now_us = t + 5_100_000;
    assert_eq!(at(&run), t - 200_000, "goes on from where it stood");
}

#[test]
fn auto_break_shows_only_where_a_deadlock_can_happen() {
    let mut run = run_state();
    run.auto_break = true;
    let line = |run: &crate::ui::state::RunState| {
        let h = Header {
            run,
            lang: Lang::En,
        };
        row(&buffer(&h, 120, 1), 0)
    };
    assert!(
        !line(&run).contains("AUTO-BREAK"),
        "the zombie lesson has no locks"
    );
    let mut dl = super::deadlock_runs::deadlock_run();
    dl.auto_break = true;
    assert!(line(&dl).contains("AUTO-BREAK"), "{}", line(&dl));
}

#[test]
fn status_bar_keeps_help_when_narrow() {
    for width in [14, 30, 80] {
        let bar = StatusBar {
            context: Context::Run,
            lang: Lang::En,
            all_panes_shown: false,
            has_code: false,
        };
        let line = row(&buffer(&bar, width, 1), 0);
        assert!(line.contains("? help"), "{width}: {line}");
    }
    let bar = StatusBar {
        context: Context::Run,
        lang: Lang::En,
        all_panes_shown: true,
        has_code: false,
    };
    assert!(!row(&buffer(&bar, 120, 1), 0).contains("Tab"));
}

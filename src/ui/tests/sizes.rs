//! No screen may panic at any terminal size, however small or odd.

use super::deadlock_runs::{broken_run, deadlock_run, step_run};
use super::draw;
use super::fixture::{catalogue, ended_run_state, run_state};
use super::mixed_run::mixed_run;
use super::pool_runs::pool_run;
use super::queue_runs::queue_run;
use super::tickets::{lock_run, race_run};
use crate::scenario::text::Lang;
use crate::ui::pane::PANES;
use crate::ui::picker::{PickerScreen, PickerState};
use crate::ui::screen::RunScreen;
use crate::ui::state::{RunState, UiState};
use crate::ui::theme::{Paint, Theme};

fn sizes() -> Vec<(u16, u16)> {
    let mut out: Vec<(u16, u16)> = (1..=20)
        .flat_map(|w| (1..=10).map(move |h| (w, h)))
        .collect();
    out.extend([
        (1, 60),
        (300, 1),
        (33, 7),
        (79, 23),
        (119, 39),
        (120, 15),
        (121, 17),
        (250, 90),
        (41, 13),
        (2, 200),
    ]);
    out
}

fn uis() -> Vec<UiState> {
    let mut out = Vec::new();
    for lang in [Lang::En, Lang::Zh] {
        for pane in PANES {
            for help in [false, true] {
                // The projector in Chinese only: wide characters are the hard case.
                let n = if lang == Lang::Zh { 2 } else { 1 };
                for paint in paints().into_iter().take(n) {
                    out.push(UiState {
                        lang,
                        pane,
                        help,
                        paint,
                        ..UiState::default()
                    });
                }
            }
        }
    }
    out
}

/// The standard theme, and the projector's (its frames, its repaint) with
/// NO_COLOR (which is a repaint of every cell too).
fn paints() -> [Paint; 2] {
    [
        Paint::default(),
        Paint {
            theme: Theme::Projector,
            no_color: true,
        },
    ]
}

fn runs() -> Vec<RunState> {
    let mut empty = run_state();
    empty.model = Default::default();
    let mut failed = run_state();
    failed.error = Some("could not start: the host is gone\nsecond line".into());
    vec![
        run_state(),
        ended_run_state(),
        empty,
        failed,
        lock_run(),
        race_run(),
        queue_run(),
        pool_run(),
        mixed_run(),
        deadlock_run(),
        broken_run(),
        step_run(),
        step_deadlock_run(),
        super::net_runs::sticky_run(),
        super::net_runs::framed_run(),
    ]
}

/// Step mode and a reported deadlock at once: the victims take the keys.
fn step_deadlock_run() -> RunState {
    let mut run = deadlock_run();
    run.step_mode = true;
    run.chosen = 7;
    run
}

#[test]
fn every_screen_draws_at_every_size() {
    let picker = PickerState::new(catalogue());
    let empty_picker = PickerState::default();
    let runs = runs();
    for (w, h) in sizes() {
        for ui in uis() {
            draw(
                &PickerScreen {
                    picker: &picker,
                    ui: &ui,
                },
                w,
                h,
            );
            draw(
                &PickerScreen {
                    picker: &empty_picker,
                    ui: &ui,
                },
                w,
                h,
            );
            for run in &runs {
                draw(&RunScreen { run, ui: &ui }, w, h);
            }
        }
    }
}

/// Runs seen through the time cursor: zoomed to the narrowest span in the
/// middle, the widest span at the start, a cursor past what is known, and
/// following live while zoomed.
fn scrubbed_runs() -> Vec<RunState> {
    use crate::ui::view_window::{ViewWindow, SPANS_US};
    let at = |follow, cursor_us, span_us| ViewWindow {
        follow,
        cursor_us,
        span_us,
    };
    let views = [
        at(false, 1_020_000, Some(SPANS_US[0])),
        at(false, 0, Some(SPANS_US[SPANS_US.len() - 1])),
        at(false, u64::MAX, None),
        at(true, 0, Some(SPANS_US[1])),
    ];
    let mut empty = run_state();
    empty.model = Default::default();
    let bases = [ended_run_state(), deadlock_run(), run_state(), empty];
    let mut out = Vec::new();
    for view in views {
        for base in &bases {
            let mut run = base.clone();
            run.view = view;
            out.push(run);
        }
    }
    out
}

#[test]
fn a_scrubbed_and_zoomed_view_draws_at_every_size() {
    let runs = scrubbed_runs();
    for (w, h) in sizes() {
        for lang in [Lang::En, Lang::Zh] {
            for pane in PANES {
                let ui = UiState {
                    lang,
                    pane,
                    ..UiState::default()
                };
                for run in &runs {
                    draw(&RunScreen { run, ui: &ui }, w, h);
                }
            }
        }
    }
    for (w, h) in [(1, 1), (7, 3), (30, 9), (64, 30), (133, 30)] {
        for run in &runs {
            let ui = UiState::default();
            assert_stays_inside(&RunScreen { run, ui: &ui }, w, h, "scrubbed run");
        }
    }
}

#[test]
fn a_long_run_with_many_lanes_draws() {
    use crate::event::{ActorKind, Event, EventKind};
    let mut run = run_state();
    for i in 0..400 {
        let kind = EventKind::Spawned {
            kind: ActorKind::Process,
            parent: Some("main".into()),
            daemon: i % 7 == 0,
        };
        run.model.apply(&Event {
            t_us: 3_000_000 + i,
            actor: format!("w{i}"),
            pid: 5000 + i as i32,
            tid: None,
            kind,
        });
    }
    run.now_us = 3_600_000_000;
    let ui = UiState::default();
    for (w, h) in [(300, 90), (80, 24), (20, 10)] {
        draw(&RunScreen { run: &run, ui: &ui }, w, h);
    }
}

/// Render `widget` into a `w` x `h` area inside a ring of `#` cells, and check
/// the ring: a widget must never write outside its area (a wide character at the
/// right edge would otherwise cover a pane's border).
pub(super) fn assert_stays_inside(
    widget: impl ratatui::widgets::Widget,
    w: u16,
    h: u16,
    what: &str,
) {
    use ratatui::buffer::{Buffer, Cell};
    use ratatui::layout::Rect;
    let mut buf = Buffer::filled(Rect::new(0, 0, w + 2, h + 2), Cell::new("#"));
    widget.render(Rect::new(1, 1, w, h), &mut buf);
    for y in 0..h + 2 {
        for x in 0..w + 2 {
            let ring = x == 0 || y == 0 || x == w + 1 || y == h + 1;
            if ring {
                assert_eq!(
                    buf[(x, y)].symbol(),
                    "#",
                    "{what} {w}x{h} wrote at ({x}, {y})"
                );
            }
            if x == w && !ring {
                let wide = crate::ui::width::str_width(buf[(x, y)].symbol()) > 1;
                assert!(
                    !wide,
                    "{what} {w}x{h}: wide character in the last column at y={y}"
                );
            }
        }
    }
}

#[test]
fn widgets_never_write_outside_their_area() {
    use crate::ui::checks_pane::ChecksPane;
    use crate::ui::frame::banner::DeadlockBanner;
    use crate::ui::frame::popup::ErrorPopup;
    use crate::ui::header::Header;
    use crate::ui::help::HelpOverlay;
    use crate::ui::keymap::Context;
    use crate::ui::lesson::LessonPane;
    use crate::ui::locks_pane::LocksPane;
    use crate::ui::log_pane::LogPane;
    use crate::ui::outcome_line::OutcomeLine;
    use crate::ui::pool_pane::PoolPane;
    use crate::ui::proc_tree::ProcTreePane;
    use crate::ui::queue_pane::QueuePane;
    use crate::ui::status_bar::StatusBar;
    use crate::ui::timeline::Timeline;
    use crate::ui::turns_pane::TurnsPane;
    use crate::ui::values_pane::ValuesPane;
    use crate::ui::waitfor_pane::WaitForPane;
    use crate::ui::window::Window;
    let picker = PickerState::new(catalogue());
    let runs = runs();
    let scenario = &runs[0].scenario;
    let message = "无法启动：场景文件第 3 行有错误，请检查 variant 的名字是否拼写正确";
    for lang in [Lang::Zh, Lang::En] {
        for w in (1..=64).chain([79, 97, 133]) {
            for h in [1, 3, 9, 30] {
                let ui = UiState {
                    lang,
                    paint: Paint {
                        theme: if w % 2 == 0 {
                            Theme::Projector
                        } else {
                            Theme::Dark
                        },
                        no_color: h == 9,
                    },
                    ..UiState::default()
                };
                assert_stays_inside(
                    &PickerScreen {
                        picker: &picker,
                        ui: &ui,
                    },
                    w,
                    h,
                    "picker",
                );
                assert_stays_inside(
                    &LessonPane {
                        scenario,
                        variant: Some("late-join"),
                        lang,
                        progress: None,
                    },
                    w,
                    h,
                    "lesson",
                );
                let border = ui.paint.border_type();
                let popup = ErrorPopup {
                    message,
                    lang,
                    border,
                };
                assert_stays_inside(&popup, w, h, "error");
                for context in [Context::Picker, Context::Run] {
                    let help = HelpOverlay {
                        context,
                        lang,
                        border,
                        has_variants: true,
                        challenge: false,
                        own_program: false,
                    };
                    assert_stays_inside(&help, w, h, "help");
                    let bar = StatusBar {
                        context,
                        lang,
                        all_panes_shown: false,
                        has_code: false,
                    };
                    assert_stays_inside(&bar, w, h, "status");
                }
                for run in &runs {
                    let model = &run.model;
                    assert_stays_inside(&RunScreen { run, ui: &ui }, w, h, "run");
                    assert_stays_inside(&ChecksPane { model, lang }, w, h, "checks");
                    assert_stays_inside(&LogPane { model, lang }, w, h, "log");
                    assert_stays_inside(
                        &ProcTreePane {
                            model,
                            lang,
                            at_us: None,
                        },
                        w,
                        h,
                        "tree",
                    );
                    assert_stays_inside(&Header { run, lang }, w, h, "header");
                    let window = Window::new(run.view_us(), w);
                    let locks = LocksPane {
                        model,
                        window,
                        lang,
                    };
                    assert_stays_inside(&locks, w, h, "locks");
                    assert_stays_inside(&ValuesPane { model, lang }, w, h, "values");
                    let queues = QueuePane {
                        model,
                        window,
                        lang,
                    };
                    assert_stays_inside(&queues, w, h, "queues");
                    assert_stays_inside(&PoolPane { model, lang }, w, h, "pools");
                    assert_stays_inside(&WaitForPane { model, lang }, w, h, "graph");
                    assert_stays_inside(&DeadlockBanner { run, lang }, w, h, "banner");
                    assert_stays_inside(&TurnsPane { run, lang }, w, h, "turns");
                    let outcome = crate::model::outcome::Outcome::of(model);
                    let outcome = &outcome;
                    assert_stays_inside(&OutcomeLine { outcome, lang }, w, h, "outcome");
                    assert_stays_inside(
                        &Timeline {
                            model,
                            now_us: run.view_us(),
                            lang,
                            focus: &[],
                            scroll: None,
                            fold: None,
                        },
                        w,
                        h,
                        "timeline",
                    );
                }
            }
        }
    }
}

//! The time cursor: keys that scrub, zoom and follow; speeds; the scrubbed
//! screen as a person sees it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;

use super::fixture::{ended_run_state, run_state, scenario};
use super::{buffer, draw, find, row, text};
use crate::runtime::launch::ControlMsg;
use crate::scenario::text::Lang;
use crate::ui::app::{App, Effect};
use crate::ui::header::Header;
use crate::ui::keymap::Context;
use crate::ui::log_pane::LogPane;
use crate::ui::screen::RunScreen;
use crate::ui::state::{RunState, UiState};
use crate::ui::status_bar::StatusBar;
use crate::ui::view_window::ViewWindow;

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn key(c: char) -> KeyEvent {
    let mods = if c.is_ascii_uppercase() || "<>".contains(c) {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), mods)
}

fn view(app: &App) -> ViewWindow {
    app.run.as_ref().unwrap().view
}

/// The ended fixture run (4.53 s) with the cursor at 1.020 s, just after the
/// child exited, and 1 s shown.
fn scrubbed() -> RunState {
    let mut run = ended_run_state();
    run.view = ViewWindow {
        follow: false,
        cursor_us: 1_020_000,
        span_us: Some(1_000_000),
    };
    run
}

fn ui(lang: Lang) -> UiState {
    UiState {
        lang,
        ..UiState::default()
    }
}

#[test]
fn arrows_scrub_and_f_follows_again() {
    let mut app = App::with_run(ended_run_state(), Lang::En);
    let end = app.run.as_ref().unwrap().view_us();
    assert!(view(&app).follow);
    assert_eq!(
        app.on_key(&press(KeyCode::Left)),
        vec![],
        "no effect on the run"
    );
    let v = view(&app);
    assert!(!v.follow);
    assert!(v.cursor_us < end);
    app.on_key(&key(','));
    assert!(view(&app).cursor_us < v.cursor_us, "`,` is ← too");
    app.on_key(&press(KeyCode::Right));
    app.on_key(&key('.'));
    assert_eq!(view(&app).cursor_us, end, "→ and `.` come back");
    app.on_key(&key('<'));
    let far = view(&app).cursor_us;
    assert!(v.cursor_us - far >= 9 * (end - v.cursor_us), "ten steps");
    app.on_key(&key('>'));
    assert_eq!(view(&app).cursor_us, end, "no further than the end");
    app.on_key(&press(KeyCode::Home));
    assert_eq!(view(&app).cursor(end), Some(0));
    app.on_key(&key('f'));
    assert!(view(&app).follow);
    app.on_key(&press(KeyCode::Home));
    app.on_key(&press(KeyCode::End));
    assert!(view(&app).follow, "End follows too");
}

#[test]
fn z_zooms_in_and_shift_z_back_out_to_the_whole_run() {
    let mut app = App::with_run(ended_run_state(), Lang::En);
    app.on_key(&key('z'));
    assert_eq!(view(&app).span_us, Some(2_000_000));
    assert!(view(&app).follow, "zooming alone keeps following");
    for _ in 0..20 {
        app.on_key(&key('z'));
    }
    assert_eq!(view(&app).span_us, Some(50_000), "clamped at 50 ms");
    for _ in 0..20 {
        app.on_key(&key('Z'));
    }
    assert_eq!(view(&app).span_us, None, "clamped at the whole run");
}

#[test]
fn a_rerun_follows_live_again() {
    let mut app = App::with_run(run_state(), Lang::En);
    app.on_key(&press(KeyCode::Left));
    assert!(!view(&app).follow);
    assert_eq!(app.on_key(&key('r')), vec![Effect::Stop, Effect::Launch]);
    assert!(view(&app).follow);
    app.on_key(&press(KeyCode::Home));
    app.on_key(&key('v'));
    assert!(view(&app).follow);
}

#[test]
fn speed_goes_from_a_twentieth_to_four_and_the_header_says_it() {
    let mut app = App::with_run(run_state(), Lang::En);
    let speed = |app: &App| app.run.as_ref().unwrap().speed;
    let mut seen = Vec::new();
    for _ in 0..6 {
        app.on_key(&key('-'));
        seen.push(speed(&app));
    }
    assert_eq!(seen, [0.5, 0.25, 0.1, 0.05, 0.05, 0.05]);
    let header = |app: &App| {
        let run = app.run.as_ref().unwrap();
        row(
            &buffer(
                &Header {
                    run,
                    lang: Lang::En,
                },
                100,
                1,
            ),
            0,
        )
    };
    assert!(header(&app).contains("0.05x"), "{}", header(&app));
    assert_eq!(app.on_key(&key('-')), vec![], "nothing below 0.05x");
    let fx: Vec<Vec<Effect>> = (0..7).map(|_| app.on_key(&key('+'))).collect();
    assert_eq!(fx[5], vec![Effect::Control(ControlMsg::Speed(4.0))]);
    assert_eq!(fx[6], vec![], "nothing above 4x");
    assert!(header(&app).contains(" 4x "), "{}", header(&app));
    let s = scenario();
    assert_eq!(RunState::new(s.clone(), None, 10.0).speed, 4.0);
    assert_eq!(RunState::new(s.clone(), None, 0.01).speed, 0.05);
    assert!(RunState::new(s, None, 0.5).view.follow);
}

#[test]
fn the_cursor_is_drawn_with_its_time_and_what_each_lane_did() {
    let run = scrubbed();
    let ui = ui(Lang::En);
    let t = draw(&RunScreen { run: &run, ui: &ui }, 120, 40);
    let buf = t.backend().buffer();
    let (x, y) = find(buf, "▲1.020s  ╵1.2s").expect("the cursor's time on the axis");
    assert!(y > 2, "{}", text(buf));
    let (_, ry) = find(buf, "▲1.020s  main sleep").expect("the readout");
    assert_eq!(ry, y + 1, "the readout under the axis");
    assert!(row(buf, ry).contains("child exited"), "{}", row(buf, ry));
    // The column runs through the lanes, above the axis label.
    let col = (1..y).filter(|&r| {
        let cell = &buf[(x, r)];
        cell.symbol() == "│" || cell.modifier.contains(ratatui::style::Modifier::REVERSED)
    });
    assert!(col.count() >= 5, "{}", text(buf));
    assert!(row(buf, 0).contains("▲1.020s"), "the header says it too");
    assert!(
        find(buf, "←→ time").is_some(),
        "the status bar says the time keys"
    );
}

#[test]
fn the_status_bar_says_the_cursor_key_always_and_zoom_only_while_scrubbing() {
    let bar = || StatusBar {
        context: Context::Run,
        lang: Lang::En,
        all_panes_shown: true,
        has_code: false,
    };
    let on = row(&buffer(&bar().scrubbing(true), 120, 1), 0);
    assert!(
        on.starts_with(" ←→ time  z Z zoom  f follow  ␣ pause"),
        "{on}"
    );
    let off = row(&buffer(&bar().scrubbing(false), 120, 1), 0);
    assert!(
        off.starts_with(" ␣ pause  ] [ page  ←→ time") && !off.contains("zoom"),
        "{off}"
    );
    let zh = StatusBar {
        lang: Lang::Zh,
        ..bar()
    };
    let zh = row(&buffer(&zh.scrubbing(true), 120, 1), 0);
    assert!(zh.starts_with(" ←→ 时"), "{zh}");
}

#[test]
fn the_log_marks_the_line_nearest_the_cursor() {
    let run = ended_run_state();
    let pane = LogPane {
        model: &run.model,
        lang: Lang::En,
    };
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 60, 7));
    pane.render_at(buf.area, &mut buf, Some(1_200_100));
    let (_, y) = find(&buf, "1.200s keeper: still watching (tick 1")
        .unwrap_or_else(|| panic!("{}", text(&buf)));
    assert!((2..=4).contains(&y), "about half-way down: {}", text(&buf));
    let marked = (0..40).all(|x| {
        buf[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    });
    assert!(marked, "{}", text(&buf));
    assert!(find(&buf, "4.530s").is_none(), "later lines wait below");
    let mut start = ratatui::buffer::Buffer::empty(buf.area);
    pane.render_at(start.area, &mut start, Some(0));
    assert!(row(&start, 0).contains("0.00"), "{}", text(&start));
}

#[test]
fn scrubbed_zoomed_120x40() {
    let run = scrubbed();
    let t = draw(
        &RunScreen {
            run: &run,
            ui: &ui(Lang::En),
        },
        120,
        40,
    );
    assert_snapshot!(t.backend());
}

#[test]
fn scrubbed_zoomed_120x40_zh() {
    let run = scrubbed();
    let t = draw(
        &RunScreen {
            run: &run,
            ui: &ui(Lang::Zh),
        },
        120,
        40,
    );
    assert_snapshot!(t.backend());
}

#[test]
fn at_the_cursor_a_name_is_red_while_its_lane_was_deadlocked() {
    use crate::ui::timeline::Timeline;
    use ratatui::style::Color;
    let run = super::deadlock_runs::broken_run();
    let tl = Timeline {
        model: &run.model,
        now_us: run.view_us(),
        lang: Lang::En,
        focus: &[],
        scroll: None,
        fold: None,
    };
    let red = |view: &ViewWindow| {
        let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 80, 12));
        tl.render_view(buf.area, &mut buf, view);
        let (x, y) = find(&buf, "t1 ").expect("t1's lane");
        buf[(x, y)].bg == Color::Red
    };
    assert!(!red(&ViewWindow::default()), "t1 got B after the break");
    let during = ViewWindow {
        follow: false,
        cursor_us: 500_000,
        span_us: None,
    };
    assert!(red(&during), "in the circle at 0.5 s");
}

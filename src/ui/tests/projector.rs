//! The projector theme and NO_COLOR: whole screens of a ticket sale and a
//! deadlock at a laptop's, a classroom's and a big terminal's size, and cell
//! checks for what snapshots cannot show (weight, borders, colour).

use insta::assert_snapshot;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use super::deadlock_runs::{broken_run, deadlock_run, step_run};
use super::draw;
use super::find;
use super::fixture::{catalogue, ended_run_state, run_state};
use super::tickets::{lock_run, race_run};
use crate::model::lanes::LaneState;
use crate::model::outcome::Tone;
use crate::scenario::text::Lang;
use crate::ui::picker::{PickerScreen, PickerState};
use crate::ui::screen::RunScreen;
use crate::ui::state::{Pane, RunState, UiState};
use crate::ui::theme::{glyph, state_style, tone_look, Paint, Theme, BAD, GOOD, LEGEND};

fn ui(lang: Lang, pane: Pane, theme: Theme, no_color: bool) -> UiState {
    UiState {
        lang,
        pane,
        help: false,
        paint: Paint { theme, no_color },
        ..UiState::default()
    }
}

fn projector(lang: Lang, pane: Pane) -> UiState {
    ui(lang, pane, Theme::Projector, false)
}

fn buffer_of(run: &RunState, ui: &UiState, w: u16, h: u16) -> Buffer {
    draw(&RunScreen { run, ui }, w, h)
        .backend()
        .buffer()
        .clone()
}

fn screen(run: &RunState, lang: Lang, pane: Pane, w: u16, h: u16) -> String {
    super::fixture::screen_with(run, &projector(lang, pane), w, h)
}

#[test]
fn projector_tickets_80x24() {
    assert_snapshot!(screen(&lock_run(), Lang::En, Pane::Locks, 80, 24));
}

#[test]
fn projector_tickets_120x40() {
    assert_snapshot!(screen(&race_run(), Lang::En, Pane::Log, 120, 40));
}

#[test]
fn projector_tickets_200x60_zh() {
    assert_snapshot!(screen(&race_run(), Lang::Zh, Pane::Log, 200, 60));
}

#[test]
fn projector_deadlock_80x24() {
    assert_snapshot!(screen(&deadlock_run(), Lang::En, Pane::Graph, 80, 24));
}

#[test]
fn projector_deadlock_120x40() {
    assert_snapshot!(screen(&deadlock_run(), Lang::En, Pane::Log, 120, 40));
}

#[test]
fn projector_deadlock_200x60() {
    assert_snapshot!(screen(&deadlock_run(), Lang::En, Pane::Log, 200, 60));
}

fn runs() -> Vec<RunState> {
    vec![
        run_state(),
        ended_run_state(),
        lock_run(),
        race_run(),
        deadlock_run(),
        broken_run(),
        step_run(),
    ]
}

#[test]
fn no_color_leaves_no_colour_in_any_cell() {
    let picker = PickerState::new(catalogue());
    for theme in Theme::ALL {
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let mut shown = Vec::new();
            for run in runs() {
                for help in [false, true] {
                    let mut u = ui(Lang::En, Pane::Log, theme, true);
                    u.help = help;
                    shown.push(buffer_of(&run, &u, w, h));
                }
            }
            let u = ui(Lang::Zh, Pane::Log, theme, true);
            let t = draw(
                &PickerScreen {
                    picker: &picker,
                    ui: &u,
                },
                w,
                h,
            );
            shown.push(t.backend().buffer().clone());
            for buf in shown {
                for cell in buf.content() {
                    assert_eq!(cell.fg, Color::Reset, "{theme:?} {w}x{h}: {cell:?}");
                    assert_eq!(cell.bg, Color::Reset, "{theme:?} {w}x{h}: {cell:?}");
                    assert_eq!(cell.underline_color, Color::Reset);
                }
            }
        }
    }
}

#[test]
fn no_color_keeps_weight_and_marks_highlights_by_reverse() {
    let run = deadlock_run();
    let buf = buffer_of(&run, &ui(Lang::En, Pane::Log, Theme::Dark, true), 120, 40);
    let (x, y) = find(&buf, "Timeline").expect("timeline title");
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    // The deadlock banner stood out by its red background: now by reverse.
    let reversed = buf
        .content()
        .iter()
        .any(|c| c.modifier.contains(Modifier::REVERSED));
    assert!(reversed, "the banner is reversed");
}

#[test]
fn projector_titles_and_lane_names_are_bold_in_thick_frames() {
    for (run, lane) in [(lock_run(), "b0 "), (deadlock_run(), "t1")] {
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let buf = buffer_of(&run, &projector(Lang::En, Pane::Log), w, h);
            let (x, y) = find(&buf, "Timeline").expect("timeline title");
            assert!(buf[(x, y)].modifier.contains(Modifier::BOLD), "{w}x{h}");
            assert_eq!(buf[(x - 2, y)].symbol(), "┏", "{w}x{h}: thick corner");
            assert_eq!(buf[(x - 2, y + 1)].symbol(), "┃", "{w}x{h}: thick side");
            assert_eq!(buf[(x + 10, y)].symbol(), "━", "{w}x{h}: thick top");
            let (x, y) = find(&buf, lane).expect("lane name");
            assert!(buf[(x, y)].modifier.contains(Modifier::BOLD), "{w}x{h}");
        }
    }
}

#[test]
fn projector_text_is_bold_bright_and_never_grey() {
    for run in runs() {
        let buf = buffer_of(&run, &projector(Lang::En, Pane::Log), 120, 40);
        for cell in buf.content() {
            if cell.symbol().trim().is_empty() {
                continue;
            }
            assert!(cell.modifier.contains(Modifier::BOLD), "{cell:?}");
            assert!(!cell.modifier.contains(Modifier::DIM), "{cell:?}");
            let grey = [Color::Gray, Color::DarkGray, Color::Reset];
            assert!(!grey.contains(&cell.fg), "no grey text: {cell:?}");
            assert_ne!(cell.fg, cell.bg, "readable: {cell:?}");
        }
    }
}

#[test]
fn projector_banner_is_black_on_yellow() {
    let buf = buffer_of(&deadlock_run(), &projector(Lang::En, Pane::Log), 120, 40);
    let (x, y) = find(&buf, "DEADLOCK").expect("banner");
    assert_eq!(buf[(x, y)].bg, Color::Indexed(226), "xterm yellow #ffff00");
    assert_eq!(buf[(x, y)].fg, Color::Indexed(16), "black");
}

#[test]
fn standard_theme_keeps_rounded_frames() {
    let buf = buffer_of(
        &lock_run(),
        &ui(Lang::En, Pane::Log, Theme::Dark, false),
        120,
        40,
    );
    let (x, y) = find(&buf, "Timeline").expect("timeline title");
    assert_eq!(buf[(x - 2, y)].symbol(), "╭");
}

#[test]
fn the_default_palette_tells_pairs_apart_by_more_than_red_and_green() {
    assert_eq!(tone_look(Tone::Good), ("✓", tone_look(Tone::Good).1));
    assert_eq!(tone_look(Tone::Bad).0, "✗");
    assert_eq!(tone_look(Tone::Good).1.fg, Some(GOOD));
    assert_eq!(tone_look(Tone::Bad).1.fg, Some(BAD));
    let reds_and_greens = [Color::Red, Color::LightRed, Color::Green, Color::LightGreen];
    for s in LEGEND {
        let fg = state_style(s).fg.unwrap_or(Color::Reset);
        assert!(!reds_and_greens.contains(&fg), "{s:?} is {fg:?}");
    }
    let glyphs: std::collections::HashSet<_> = LEGEND.iter().map(|&s| glyph(s)).collect();
    assert_eq!(glyphs.len(), LEGEND.len(), "every state has its own glyph");
    assert_ne!(
        state_style(LaneState::Running).fg,
        state_style(LaneState::Deadlocked).fg
    );
}

#[test]
fn projector_help_and_error_popups_have_thick_frames_too() {
    let mut u = projector(Lang::En, Pane::Log);
    u.help = true;
    let buf = buffer_of(&run_state(), &u, 120, 40);
    assert!(find(&buf, "┏ conlab").is_some(), "help overlay frame");
    let mut failed = run_state();
    failed.error = Some("could not start".into());
    let buf = buffer_of(&failed, &projector(Lang::En, Pane::Log), 120, 40);
    assert!(find(&buf, "┏ could not start").is_some(), "error frame");
}

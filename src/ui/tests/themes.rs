//! Light, dark and projector: every colour of every theme's table reads
//! against its background (WCAG AA 4.5:1, the projector AAA 7:1), and so does
//! every cell of the drawn screens; the light theme's whole screens.

use std::collections::BTreeMap;

use insta::assert_snapshot;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use super::deadlock_runs::{broken_run, deadlock_run, step_run};
use super::fixture::{catalogue, ended_run_state, run_state};
use super::mixed_run::mixed_run;
use super::pool_runs::pool_run;
use super::queue_runs::queue_run;
use super::tickets::{lock_run, race_run};
use super::{buffer, draw};
use crate::scenario::text::Lang;
use crate::ui::pane::PANES;
use crate::ui::picker::{PickerScreen, PickerState};
use crate::ui::screen::RunScreen;
use crate::ui::state::{Pane, RunState, UiState};
use crate::ui::theme::{Paint, Theme};
use crate::ui::theme_table::{contrast, rgb, Table};

/// The least contrast a theme's text must reach.
fn floor(theme: Theme) -> f64 {
    if theme == Theme::Projector {
        7.0
    } else {
        4.5
    }
}

fn rgb_of(i: u8) -> (u8, u8, u8) {
    rgb(i).unwrap_or_else(|| panic!("colour {i} has no fixed RGB (use 16 to 255)"))
}

/// Every pair a table can paint: (role, foreground, background).
fn pairs(t: &Table) -> Vec<(&'static str, u8, u8)> {
    let mut out = vec![("any other colour", t.text, t.paper)];
    out.extend(t.inks.iter().map(|i| (i.role, i.to, t.paper)));
    out.extend(t.badges.iter().map(|b| (b.role, b.fg, b.bg)));
    out
}

/// The lowest ratio in a table, and its role.
fn lowest(t: &Table) -> (f64, &'static str) {
    pairs(t)
        .into_iter()
        .map(|(role, fg, bg)| (contrast(rgb_of(fg), rgb_of(bg)), role))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .expect("a table has colours")
}

#[test]
fn every_colour_of_every_theme_reads_against_its_background() {
    for theme in Theme::ALL {
        let t = theme.table();
        for (role, fg, bg) in pairs(t) {
            let r = contrast(rgb_of(fg), rgb_of(bg));
            assert!(
                r >= floor(theme),
                "{theme:?}: {role}: colour {fg} on {bg} is {r:.2}:1, below {}:1",
                floor(theme)
            );
        }
        let (r, role) = lowest(t);
        println!("{theme:?}: lowest contrast {r:.2}:1 ({role})");
    }
}

#[test]
fn the_papers_are_white_and_black() {
    assert_eq!(rgb_of(Theme::Light.table().paper), (255, 255, 255));
    assert_eq!(rgb_of(Theme::Dark.table().paper), (0, 0, 0));
    assert_eq!(rgb_of(Theme::Projector.table().paper), (0, 0, 0));
}

#[test]
fn contrast_matches_the_wcag_examples() {
    let r = contrast((0, 0, 0), (255, 255, 255));
    assert!((r - 21.0).abs() < 1e-9, "black on white is 21:1, got {r}");
    assert!((contrast((255, 255, 255), (255, 255, 255)) - 1.0).abs() < 1e-9);
    // #767676 on white is the classic smallest grey that passes AA.
    let grey = contrast((0x76, 0x76, 0x76), (255, 255, 255));
    assert!(grey > 4.5 && grey < 4.6, "{grey}");
    assert_eq!(rgb(16), Some((0, 0, 0)));
    assert_eq!(rgb(231), Some((255, 255, 255)));
    assert_eq!(rgb(196), Some((255, 0, 0)));
    assert_eq!(rgb(244), Some((128, 128, 128)));
    assert_eq!(rgb(7), None, "the 16 system colours depend on the terminal");
}

fn runs() -> Vec<RunState> {
    vec![
        run_state(),
        ended_run_state(),
        lock_run(),
        race_run(),
        queue_run(),
        pool_run(),
        mixed_run(),
        deadlock_run(),
        broken_run(),
        step_run(),
        super::net_runs::framed_run(),
        super::explorer::done(),
        super::explorer::exploring(),
        super::explorer::scheduled(),
    ]
}

fn ui(theme: Theme, lang: Lang, pane: Pane, help: bool) -> UiState {
    UiState {
        lang,
        pane,
        help,
        paint: Paint {
            theme,
            no_color: false,
        },
        ..UiState::default()
    }
}

/// A screen drawn into a bare buffer (a terminal's buffer keeps stale cells
/// behind wide characters, which no one sees).
fn buffer_of(run: &RunState, ui: &UiState, w: u16, h: u16) -> Buffer {
    buffer(&RunScreen { run, ui }, w, h)
}

/// The ratio of a drawn cell, or a panic naming a colour without fixed RGB.
fn cell_ratio(fg: Color, bg: Color) -> f64 {
    match (fg, bg) {
        (Color::Indexed(f), Color::Indexed(b)) => contrast(rgb_of(f), rgb_of(b)),
        other => panic!("a painted cell has a colour outside the table: {other:?}"),
    }
}

/// Every cell of every screen, panes and help included, drawn in every theme.
#[test]
fn every_drawn_cell_reads_in_every_theme() {
    let picker = PickerState::new(catalogue());
    for theme in Theme::ALL {
        let mut worst = f64::MAX;
        for (w, h) in [(80, 24), (120, 40)] {
            let mut shown = Vec::new();
            for run in runs() {
                for pane in PANES {
                    shown.push(buffer_of(&run, &ui(theme, Lang::En, pane, false), w, h));
                }
                shown.push(buffer_of(&run, &ui(theme, Lang::Zh, Pane::Log, true), w, h));
            }
            let u = ui(theme, Lang::Zh, Pane::Log, false);
            let screen = PickerScreen {
                picker: &picker,
                ui: &u,
            };
            shown.push(buffer(&screen, w, h));
            for buf in shown {
                for cell in buf.content() {
                    let r = cell_ratio(cell.fg, cell.bg);
                    if !cell.symbol().trim().is_empty() {
                        assert!(r >= floor(theme), "{theme:?} {w}x{h}: {r:.2} {cell:?}");
                        worst = worst.min(r);
                    }
                }
            }
        }
        println!("{theme:?}: lowest drawn contrast {worst:.2}:1");
    }
}

/// The screen's text, then each colour pair it uses: how many cells, what ratio.
fn census(run: &RunState, ui: &UiState, w: u16, h: u16) -> String {
    let t = draw(&RunScreen { run, ui }, w, h);
    let mut pairs: BTreeMap<(String, String), (usize, f64)> = BTreeMap::new();
    for cell in buffer_of(run, ui, w, h).content() {
        if !cell.symbol().trim().is_empty() {
            let key = (format!("{:?}", cell.fg), format!("{:?}", cell.bg));
            pairs
                .entry(key)
                .or_insert((0, cell_ratio(cell.fg, cell.bg)))
                .0 += 1;
        }
    }
    let mut out = format!("{}\n", t.backend());
    for ((fg, bg), (n, r)) in pairs {
        out.push_str(&format!("{fg} on {bg}: {n} cells, {r:.2}:1\n"));
    }
    out
}

#[test]
fn light_tickets_80x24() {
    let u = ui(Theme::Light, Lang::En, Pane::Locks, false);
    assert_snapshot!(census(&race_run(), &u, 80, 24));
}

#[test]
fn light_deadlock_80x24_zh() {
    let u = ui(Theme::Light, Lang::Zh, Pane::Graph, false);
    assert_snapshot!(census(&deadlock_run(), &u, 80, 24));
}

#[test]
fn light_tickets_200x60() {
    let u = ui(Theme::Light, Lang::En, Pane::Log, false);
    assert_snapshot!(census(&race_run(), &u, 200, 60));
}

#[test]
fn light_deadlock_200x60() {
    let u = ui(Theme::Light, Lang::En, Pane::Log, false);
    assert_snapshot!(census(&deadlock_run(), &u, 200, 60));
}

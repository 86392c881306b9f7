//! The findings pane when it is short, and at every size.

use ratatui::buffer::Buffer;

use super::buffer;
use super::findings::own_hung_run;
use crate::scenario::text::Lang;
use crate::ui::screen::RunScreen;
use crate::ui::state::UiState;

#[test]
fn a_short_pane_shows_whole_findings_and_says_how_many_more() {
    use crate::ui::findings_pane::FindingsPane;
    let run = own_hung_run();
    let pane = FindingsPane {
        model: &run.model,
        lang: Lang::En,
        now_us: 0,
    };
    let buf = buffer(&pane, 34, 5);
    let text = super::text(&buf);
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].starts_with("✗ line 15: MainProcess"), "{text}");
    let last = rows.iter().rev().find(|r| !r.trim().is_empty()).unwrap();
    assert_eq!(
        last.trim_end(),
        "… 3 more: make the window taller",
        "{text}"
    );
    // The one shown is whole, to its last word; no second one begins.
    assert_eq!(rows[2].trim_end(), "  ended", "{text}");
    let marks = rows.iter().filter(|r| r.starts_with('✗')).count();
    assert_eq!(marks, 1, "{text}");
}

#[test]
fn the_own_program_screen_draws_at_every_size_and_the_pane_stays_inside() {
    use crate::ui::findings_pane::FindingsPane;
    let run = own_hung_run();
    for lang in [Lang::En, Lang::Zh] {
        let ui = UiState {
            lang,
            ..UiState::default()
        };
        for w in (10..=130).step_by(7) {
            for h in (4..=44).step_by(5) {
                buffer(&RunScreen { run: &run, ui: &ui }, w, h);
                let pane = FindingsPane {
                    model: &run.model,
                    lang,
                    now_us: 0,
                };
                // Drawn into the middle of a larger buffer: nothing outside.
                let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, w + 4, h + 4));
                let area = ratatui::layout::Rect::new(2, 2, w, h);
                ratatui::widgets::Widget::render(&pane, area, &mut buf);
                for y in 0..h + 4 {
                    for x in 0..w + 4 {
                        let inside = area.contains(ratatui::layout::Position { x, y });
                        let blank = buf[(x, y)].symbol() == " ";
                        assert!(inside || blank, "{lang:?} {w}x{h}: wrote at ({x},{y})");
                    }
                }
            }
        }
    }
}

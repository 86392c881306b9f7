//! The bottom line: the keys that work here, read from the keymap table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::keymap::{bindings_for, Action, Context};
use super::theme::{dim, key};
use super::width::str_width;
use crate::scenario::text::Lang;

/// Key hints for one screen; whatever does not fit is dropped, except `? help`.
pub struct StatusBar {
    pub context: Context,
    pub lang: Lang,
    /// Leave out Tab where every pane is already on screen.
    pub all_panes_shown: bool,
}

impl StatusBar {
    fn hints(&self) -> Vec<(Action, &'static str, &'static str)> {
        bindings_for(self.context)
            .filter(|b| !(self.all_panes_shown && b.action == Action::CyclePane))
            .filter_map(|b| b.hint.map(|(label, w)| (b.action, label, w.get(self.lang))))
            .collect()
    }
}

fn hint_width(label: &str, word: &str) -> usize {
    str_width(label) + 1 + str_width(word) + 2
}

impl Widget for &StatusBar {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let hints = self.hints();
        let help_w = hints
            .iter()
            .find(|h| h.0 == Action::ToggleHelp)
            .map_or(0, |h| hint_width(h.1, h.2));
        let mut budget = usize::from(area.width).saturating_sub(1 + help_w);
        let mut spans = vec![Span::raw(" ")];
        for (action, label, word) in &hints {
            let w = hint_width(label, word);
            if *action == Action::ToggleHelp {
                budget += help_w;
            } else if w > budget {
                continue;
            }
            if w > budget {
                break;
            }
            budget -= w;
            spans.push(Span::styled(*label, key()));
            spans.push(Span::styled(format!(" {word}  "), dim()));
        }
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    }
}

//! One line under the header saying what happened to the shared state, against
//! what the lesson expects: red when an invariant broke, green when it held.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::{dim, tone_look};
use crate::model::outcome::{Outcome, Tone};
use crate::scenario::text::Lang;

/// The outcome's sentences in the language on screen, the bad news first.
pub struct OutcomeLine<'a> {
    pub outcome: &'a Outcome,
    pub lang: Lang,
}

impl Widget for &OutcomeLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() || self.outcome.is_empty() {
            return;
        }
        let (mark, style) = tone_look(self.outcome.tone());
        let mut spans = vec![Span::styled(format!(" {mark} "), style)];
        for (i, s) in self.outcome.sentences.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled("  ·  ", dim()));
            }
            let text = match self.lang {
                Lang::En => s.en.clone(),
                Lang::Zh => s.zh.clone(),
            };
            let style = if s.tone == Tone::Neutral {
                Style::new().fg(Color::White).add_modifier(Modifier::BOLD)
            } else {
                tone_look(s.tone).1
            };
            spans.push(Span::styled(text, style));
        }
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    }
}

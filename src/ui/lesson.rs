//! The lesson pane: what the scenario teaches, in the language on screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::Widget;

use super::para::{draw_paras, Para};
use super::theme::dim;
use super::words::tr;
use crate::scenario::text::Lang;
use crate::scenario::Scenario;

/// The scenario's lesson text, wrapped, with its variants listed under it.
pub struct LessonPane<'a> {
    pub scenario: &'a Scenario,
    /// The variant running now, marked in the list.
    pub variant: Option<&'a str>,
    pub lang: Lang,
}

impl Widget for &LessonPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let mut paras: Vec<Para> = self
            .scenario
            .lesson
            .get(self.lang)
            .trim()
            .lines()
            .map(|l| Para::plain(l, Style::new()))
            .collect();
        let labels: Vec<String> = self
            .scenario
            .variants
            .iter()
            .map(|v| format!("{} — {}", v.name, v.label.get(self.lang)))
            .collect();
        if !labels.is_empty() {
            paras.push(Para::plain("", Style::new()));
            let head = tr(self.lang, "Variants (v):", "变体 (v):");
            paras.push(Para::plain(head, dim().add_modifier(Modifier::BOLD)));
        }
        for (v, label) in self.scenario.variants.iter().zip(&labels) {
            let on = Some(v.name.as_str()) == self.variant;
            let style = if on {
                Style::new()
                    .fg(Color::LightCyan)
                    .add_modifier(Modifier::BOLD)
            } else {
                dim()
            };
            let mark = if on { "▸ " } else { "  " };
            paras.push(Para {
                lead: vec![Span::styled(mark, style)],
                text: label,
                style,
            });
        }
        draw_paras(&paras, area, buf);
    }
}

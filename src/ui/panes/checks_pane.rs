//! The checks pane: the scenario's promises, ticked off as the run proves them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::Widget;

use super::para::{draw_paras, Para};
use super::theme::{dim, BAD, GOOD};
use super::words::tr;
use crate::model::checks::Verdict;
use crate::model::Model;
use crate::scenario::text::Lang;

/// Every check with ✓ (passed), ✗ (failed) or … (not decided yet).
pub struct ChecksPane<'a> {
    pub model: &'a Model,
    pub lang: Lang,
}

/// The mark and colour of a verdict.
pub(crate) fn verdict_mark(v: Verdict) -> (&'static str, Style) {
    match v {
        Verdict::Passed => ("✓", Style::new().fg(GOOD).add_modifier(Modifier::BOLD)),
        Verdict::Failed => ("✗", Style::new().fg(BAD).add_modifier(Modifier::BOLD)),
        Verdict::Pending => ("…", dim()),
    }
}

impl ChecksPane<'_> {
    /// `2/3 ✓` for a pane title.
    pub fn tally(model: &Model) -> String {
        let items = &model.checks.items;
        let passed = items
            .iter()
            .filter(|c| c.verdict == Verdict::Passed)
            .count();
        format!("{passed}/{} ✓", items.len())
    }
}

impl Widget for &ChecksPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let items = &self.model.checks.items;
        if items.is_empty() {
            let text = tr(
                self.lang,
                "this scenario makes no checks",
                "本场景没有检查项",
            );
            buf.set_stringn(area.x, area.y, text, area.width.into(), dim());
            return;
        }
        // A check that compares shows its number: "n = 0 (== 0)".
        let texts: Vec<String> = items
            .iter()
            .map(|c| {
                let label = c.spec.label.get(self.lang);
                match c.reading(self.lang) {
                    Some(r) if self.lang == Lang::Zh => format!("{label}：{r}"),
                    Some(r) => format!("{label}: {r}"),
                    None => label.to_string(),
                }
            })
            .collect();
        let paras: Vec<Para> = items
            .iter()
            .zip(&texts)
            .map(|(c, text)| {
                let (mark, style) = verdict_mark(c.verdict);
                Para {
                    lead: vec![Span::styled(mark, style), Span::raw(" ")],
                    text,
                    style: match c.verdict {
                        Verdict::Pending => dim(),
                        _ => Style::new(),
                    },
                }
            })
            .collect();
        draw_paras(&paras, area, buf);
    }
}

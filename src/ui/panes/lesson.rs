//! The lesson pane: what the scenario teaches, in the language on screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::Widget;

use super::para::{draw_paras, Para};
use super::theme::dim;
use super::words::tr;
use crate::model::lesson::LessonProgress;
use crate::scenario::text::Lang;
use crate::scenario::Scenario;

/// The scenario's lesson text, wrapped, with its variants listed under it.
pub struct LessonPane<'a> {
    pub scenario: &'a Scenario,
    /// The variant running now, marked in the list.
    pub variant: Option<&'a str>,
    pub lang: Lang,
    /// A run's pages and the page on screen; None (the picker): the lesson text.
    pub progress: Option<&'a LessonProgress>,
}

impl Widget for &LessonPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (head, when) = (self.page_head(), self.next_when());
        let mut paras: Vec<Para> = head
            .iter()
            .map(|h| Para::plain(h, dim().add_modifier(Modifier::BOLD)))
            .collect();
        paras.extend(
            self.text()
                .trim()
                .lines()
                .map(|l| Para::plain(l, Style::new())),
        );
        if let Some(w) = &when {
            paras.push(Para::plain("", Style::new()));
            paras.push(Para::plain(w, Style::new().fg(Color::LightYellow)));
        }
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

impl<'a> LessonPane<'a> {
    /// The run's pages, when it has been started and has any.
    fn pages(&self) -> Option<&'a LessonProgress> {
        self.progress.filter(|p| !p.pages.is_empty())
    }

    /// The page on screen, or the whole lesson text.
    fn text(&self) -> &'a str {
        match self.pages().and_then(LessonProgress::current) {
            Some(page) => page.text.get(self.lang),
            None => self.scenario.lesson.get(self.lang),
        }
    }

    /// `page 2/5  ] next  [ back`, only when there are several pages.
    fn page_head(&self) -> Option<String> {
        let p = self.pages().filter(|p| p.pages.len() > 1)?;
        let (n, of) = (p.page + 1, p.pages.len());
        Some(match self.lang {
            Lang::En => format!("page {n}/{of}   ] next  [ back"),
            Lang::Zh => format!("第 {n}/{of} 页   ] 下一页  [ 上一页"),
        })
    }

    /// `next page when: …` while the next page waits for an event not seen yet.
    fn next_when(&self) -> Option<String> {
        let p = self.pages()?;
        let spec = p.upcoming()?.wait_for.as_ref()?;
        if p.reachable(p.page + 1) {
            return None;
        }
        let mut what: Vec<String> = spec.actor.iter().cloned().collect();
        what.push(spec.event.clone());
        what.extend(spec.fields.iter().map(|(k, v)| match v.as_str() {
            Some(text) => format!("{k}={text}"),
            None => format!("{k}={v}"),
        }));
        let what = what.join(" ");
        Some(match self.lang {
            Lang::En => format!("next page when: {what} happens"),
            Lang::Zh => format!("下一页: 等到 {what} 发生"),
        })
    }
}

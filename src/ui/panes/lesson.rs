//! The lesson pane: what the scenario teaches, in the language on screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::Widget;

use super::para::{draw_paras, Para};
use super::theme::dim;
use super::wait_words::wait_words;
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
            .map(|(h, ready)| Para::plain(h, head_style(*ready)))
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
            let head = tr(self.lang, "Variants (v):", "变体（v）：");
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

    /// `page 2/5   ] next  [ back`, only when there are several pages; with
    /// `▸ next ready` (and true) once the next page's moment has come.
    fn page_head(&self) -> Option<(String, bool)> {
        let p = self.pages().filter(|p| p.pages.len() > 1)?;
        let (n, of) = (p.page + 1, p.pages.len());
        let ready = p.upcoming().is_some_and(|u| u.wait_for.is_some()) && p.reachable(n);
        Some(match (self.lang, ready) {
            (Lang::En, false) => (format!("page {n}/{of}   ] next  [ back"), false),
            (Lang::En, true) => (format!("page {n}/{of} ▸ next ready: press ]"), true),
            (Lang::Zh, false) => (format!("第 {n}/{of} 页   ] 下一页  [ 上一页"), false),
            (Lang::Zh, true) => (format!("第 {n}/{of} 页 ▸ 下一页已就绪：按 ]"), true),
        })
    }

    /// `next page waits for child to print` while the next page's moment
    /// has not come yet.
    fn next_when(&self) -> Option<String> {
        let p = self.pages()?;
        let next = p.upcoming()?;
        let spec = next.wait_for.as_ref()?;
        if p.reachable(p.page + 1) {
            return None;
        }
        let words = wait_words(spec, next.wait_count, self.lang);
        Some(match self.lang {
            Lang::En => format!("next page {words}"),
            Lang::Zh => format!("下一页：{words}"),
        })
    }
}

/// The page line: dim, or reversed yellow when the next page is ready.
fn head_style(ready: bool) -> Style {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    if ready {
        bold.fg(Color::Black).bg(Color::LightYellow)
    } else {
        dim().add_modifier(Modifier::BOLD)
    }
}

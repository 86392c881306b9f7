//! Each pane of the run screen in its frame, and the tabbed pane that stands
//! for several of them on small screens. The layout (screen.rs) places them.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Widget};

use super::checks_pane::ChecksPane;
use super::lesson::LessonPane;
use super::locks_pane::LocksPane;
use super::log_pane::LogPane;
use super::proc_tree::ProcTreePane;
use super::screen::RunScreen;
use super::state::{Pane, PANES};
use super::theme::{border, dim};
use super::timeline::Timeline;
use super::values_pane::ValuesPane;
use super::width::str_width;
use super::window::Window;
use super::words::{tr, Words};
use crate::scenario::text::Lang;

/// Draw a rounded frame titled `title` and return its inside; tiny areas get no frame.
pub(crate) fn pane(area: Rect, buf: &mut Buffer, title: Line<'_>) -> Rect {
    if area.width < 6 || area.height < 3 {
        return area;
    }
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(border())
        .title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

fn title(text: &str) -> Line<'static> {
    Line::styled(
        format!(" {text} "),
        Style::new().add_modifier(Modifier::BOLD),
    )
}

/// The name of each pane, in its frame and in the tabs.
fn pane_name(p: Pane) -> Words {
    const NAMES: [Words; 5] = [
        Words::new("Log", "日志"),
        Words::new("Lesson", "讲解"),
        Words::new("Checks", "检查"),
        Words::new("Locks", "锁"),
        Words::new("Values", "数值"),
    ];
    NAMES[PANES.iter().position(|&q| q == p).unwrap_or(0)]
}

impl RunScreen<'_> {
    pub(crate) fn lang(&self) -> Lang {
        self.ui.lang
    }

    fn framed(&self, area: Rect, buf: &mut Buffer, p: Pane) -> Rect {
        pane(area, buf, title(pane_name(p).get(self.lang())))
    }

    /// The timeline in its frame; returns the time it shows, for the panes that follow it.
    pub(crate) fn timeline(&self, area: Rect, buf: &mut Buffer) -> Window {
        let inner = pane(area, buf, title(tr(self.lang(), "Timeline", "时间线")));
        let tl = Timeline {
            model: &self.run.model,
            now_us: self.run.view_us(),
            lang: self.lang(),
        };
        tl.render(inner, buf);
        tl.window(inner)
    }

    pub(crate) fn tree(&self, area: Rect, buf: &mut Buffer) {
        let inner = pane(area, buf, title(tr(self.lang(), "Processes", "进程树")));
        ProcTreePane {
            model: &self.run.model,
            lang: self.lang(),
        }
        .render(inner, buf);
    }

    pub(crate) fn log(&self, area: Rect, buf: &mut Buffer) {
        let inner = self.framed(area, buf, Pane::Log);
        self.body(Pane::Log, inner, buf, None);
    }

    /// The lesson over the checks, the checks as tall as they need.
    pub(crate) fn lesson_and_checks(&self, area: Rect, buf: &mut Buffer) {
        let checks_h =
            u16::try_from(self.run.model.checks.items.len().max(1) * 2 + 2).unwrap_or(u16::MAX);
        let checks_h = checks_h.min(area.height / 2);
        let [lesson, checks] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(checks_h)]).areas(area);
        let inner = self.framed(lesson, buf, Pane::Lesson);
        self.body(Pane::Lesson, inner, buf, None);
        let name = pane_name(Pane::Checks).get(self.lang());
        let tally = ChecksPane::tally(&self.run.model);
        let inner = pane(checks, buf, title(&format!("{name} {tally}")));
        self.body(Pane::Checks, inner, buf, None);
    }

    fn locks_pane(&self, window: Window) -> LocksPane<'_> {
        LocksPane {
            model: &self.run.model,
            window,
            lang: self.lang(),
        }
    }

    /// Locks over values (either alone when the run has only one kind); the
    /// locks as tall as their blocks, at most half.
    pub(crate) fn shared(&self, area: Rect, buf: &mut Buffer, window: Window) {
        let model = &self.run.model;
        let locks_h = match (model.locks.is_empty(), model.values.is_empty()) {
            (false, true) => area.height,
            (true, _) => 0,
            (false, false) => {
                let want = self
                    .locks_pane(window)
                    .rows_wanted(area.width.saturating_sub(2));
                want.saturating_add(2).min(area.height / 2)
            }
        };
        let [locks, values] =
            Layout::vertical([Constraint::Length(locks_h), Constraint::Fill(1)]).areas(area);
        for (p, a) in [(Pane::Locks, locks), (Pane::Values, values)] {
            if !a.is_empty() {
                let inner = self.framed(a, buf, p);
                self.body(p, inner, buf, Some(window));
            }
        }
    }

    /// What a pane shows inside its frame (`window`: the timeline's, for locks).
    fn body(&self, p: Pane, area: Rect, buf: &mut Buffer, window: Option<Window>) {
        let (model, lang) = (&self.run.model, self.lang());
        match p {
            Pane::Log => LogPane { model, lang }.render(area, buf),
            Pane::Lesson => LessonPane {
                scenario: &self.run.scenario,
                variant: self.run.variant.as_deref(),
                lang,
            }
            .render(area, buf),
            Pane::Checks => ChecksPane { model, lang }.render(area, buf),
            Pane::Locks => {
                let window = window.unwrap_or_else(|| Window::new(self.run.view_us(), 1));
                self.locks_pane(window).render(area, buf)
            }
            Pane::Values => ValuesPane { model, lang }.render(area, buf),
        }
    }

    /// `Log │ Lesson │ Checks │ Locks │ Values Tab`, or when that does not fit,
    /// the current one with its place: `Locks 4/5 Tab`.
    fn tabs_title(&self, shown: Pane, width: usize) -> Line<'static> {
        let tabs: Vec<Pane> = PANES
            .into_iter()
            .filter(|p| p.available(&self.run.model))
            .collect();
        let on = Style::new()
            .fg(Color::LightCyan)
            .add_modifier(Modifier::BOLD);
        let mut spans = vec![Span::raw(" ")];
        for (i, p) in tabs.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" │ ", dim()));
            }
            let style = if *p == shown { on } else { dim() };
            spans.push(Span::styled(pane_name(*p).get(self.lang()), style));
        }
        spans.push(Span::styled(" Tab ", dim()));
        if Line::from(spans.clone()).width() <= width {
            return Line::from(spans);
        }
        let at = tabs.iter().position(|&p| p == shown).unwrap_or(0) + 1;
        let name = pane_name(shown).get(self.lang());
        let place = format!(" {at}/{} Tab ", tabs.len());
        let fits = str_width(name) + str_width(&place) < width;
        Line::from(vec![
            Span::raw(" "),
            Span::styled(name, on),
            Span::styled(if fits { place } else { String::new() }, dim()),
        ])
    }

    /// The lower-right pane of the narrow layout: tabs in the frame title.
    pub(crate) fn tabbed(&self, area: Rect, buf: &mut Buffer, window: Window) {
        let shown = self.ui.pane.shown(&self.run.model);
        let title = self.tabs_title(shown, usize::from(area.width.saturating_sub(2)));
        let inner = pane(area, buf, title);
        self.body(shown, inner, buf, Some(window));
    }
}

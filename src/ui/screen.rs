//! The run screen: header, panes laid out by terminal size, status bar, overlays.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Widget};

use super::checks_pane::ChecksPane;
use super::header::Header;
use super::help::HelpOverlay;
use super::keymap::Context;
use super::lesson::LessonPane;
use super::log_pane::LogPane;
use super::popup::ErrorPopup;
use super::proc_tree::ProcTreePane;
use super::state::{Pane, RunState, UiState};
use super::status_bar::StatusBar;
use super::theme::{border, dim};
use super::timeline::Timeline;
use super::words::{tr, Words};

/// Below this width the panes stack instead of sitting side by side in two rows.
pub const WIDE_COLS: u16 = 120;

/// Everything on the run screen, drawn from the run and the screen choices.
pub struct RunScreen<'a> {
    pub run: &'a RunState,
    pub ui: &'a UiState,
}

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

const TABS: [(Pane, Words); 3] = [
    (Pane::Log, Words::new("Log", "日志")),
    (Pane::Lesson, Words::new("Lesson", "讲解")),
    (Pane::Checks, Words::new("Checks", "检查")),
];

impl RunScreen<'_> {
    fn lang(&self) -> crate::scenario::text::Lang {
        self.ui.lang
    }

    fn timeline(&self, area: Rect, buf: &mut Buffer) {
        let inner = pane(area, buf, title(tr(self.lang(), "Timeline", "时间线")));
        let now_us = self.run.view_us();
        Timeline {
            model: &self.run.model,
            now_us,
            lang: self.lang(),
        }
        .render(inner, buf);
    }

    fn tree(&self, area: Rect, buf: &mut Buffer) {
        let inner = pane(area, buf, title(tr(self.lang(), "Processes", "进程树")));
        ProcTreePane {
            model: &self.run.model,
            lang: self.lang(),
        }
        .render(inner, buf);
    }

    fn log(&self, area: Rect, buf: &mut Buffer) {
        let inner = pane(area, buf, title(tr(self.lang(), "Log", "日志")));
        LogPane {
            model: &self.run.model,
            lang: self.lang(),
        }
        .render(inner, buf);
    }

    fn lesson(&self, area: Rect, buf: &mut Buffer) {
        let inner = pane(area, buf, title(tr(self.lang(), "Lesson", "讲解")));
        self.lesson_body(inner, buf);
    }

    fn lesson_body(&self, area: Rect, buf: &mut Buffer) {
        let variant = self.run.variant.as_deref();
        LessonPane {
            scenario: &self.run.scenario,
            variant,
            lang: self.lang(),
        }
        .render(area, buf);
    }

    fn checks(&self, area: Rect, buf: &mut Buffer) {
        let name = tr(self.lang(), "Checks", "检查");
        let inner = pane(
            area,
            buf,
            title(&format!("{name} {}", ChecksPane::tally(&self.run.model))),
        );
        ChecksPane {
            model: &self.run.model,
            lang: self.lang(),
        }
        .render(inner, buf);
    }

    /// The lower-right pane of the narrow layout: tabs in the frame title.
    fn tabbed(&self, area: Rect, buf: &mut Buffer) {
        let mut spans = vec![Span::raw(" ")];
        for (i, (p, name)) in TABS.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" │ ", dim()));
            }
            let style = if *p == self.ui.pane {
                Style::new()
                    .fg(Color::LightCyan)
                    .add_modifier(Modifier::BOLD)
            } else {
                dim()
            };
            spans.push(Span::styled(name.get(self.lang()), style));
        }
        spans.push(Span::styled(" Tab ", dim()));
        let inner = pane(area, buf, Line::from(spans));
        match self.ui.pane {
            Pane::Log => LogPane {
                model: &self.run.model,
                lang: self.lang(),
            }
            .render(inner, buf),
            Pane::Lesson => self.lesson_body(inner, buf),
            Pane::Checks => ChecksPane {
                model: &self.run.model,
                lang: self.lang(),
            }
            .render(inner, buf),
        }
    }

    /// Rows the timeline frame would like: lanes, axis, legend, borders; with
    /// `spaced`, a blank row between lanes.
    fn lanes_want(&self, spaced: bool) -> u16 {
        let n = self.run.model.lanes.len().max(1);
        let rows = if spaced { 2 * n - 1 } else { n };
        u16::try_from(rows + 4).unwrap_or(u16::MAX)
    }

    fn tree_want(&self) -> u16 {
        let tree = &self.run.model.tree;
        let threads: usize = tree.nodes().map(|n| n.threads.len()).sum();
        u16::try_from(tree.len() + threads + 3).unwrap_or(u16::MAX)
    }

    /// ≥120 columns: timeline | tree on top, log | lesson over checks below.
    fn wide(&self, body: Rect, buf: &mut Buffer) {
        let want = self.lanes_want(body.height >= 40).max(self.tree_want());
        let top_h = want.clamp(body.height / 4, body.height * 3 / 5);
        let [top, bottom] =
            Layout::vertical([Constraint::Length(top_h), Constraint::Fill(1)]).areas(body);
        let [tl, tr_] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(top);
        let [bl, br] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(bottom);
        self.timeline(tl, buf);
        self.tree(tr_, buf);
        self.log(bl, buf);
        let checks_h =
            u16::try_from(self.run.model.checks.items.len().max(1) * 2 + 2).unwrap_or(u16::MAX);
        let checks_h = checks_h.min(br.height / 2);
        let [lesson, checks] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(checks_h)]).areas(br);
        self.lesson(lesson, buf);
        self.checks(checks, buf);
    }

    /// Narrower: timeline on top, tree | tabbed pane below.
    fn narrow(&self, body: Rect, buf: &mut Buffer) {
        let most = body.height * 11 / 20;
        let mut top_h = self.lanes_want(false).min(most).max(body.height.min(4));
        if body.height - top_h < 3 {
            top_h = body.height;
        }
        let [top, bottom] =
            Layout::vertical([Constraint::Length(top_h), Constraint::Fill(1)]).areas(body);
        self.timeline(top, buf);
        if bottom.is_empty() {
            return;
        }
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(bottom);
        self.tree(left, buf);
        self.tabbed(right, buf);
    }
}

impl Widget for &RunScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let status_h = u16::from(area.height >= 2);
        let [head, body, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(status_h),
        ])
        .areas(area);
        Header {
            run: self.run,
            lang: self.lang(),
        }
        .render(head, buf);
        let wide = area.width >= WIDE_COLS && body.height >= 16;
        if !body.is_empty() {
            if wide {
                self.wide(body, buf);
            } else {
                self.narrow(body, buf);
            }
        }
        let bar = StatusBar {
            context: Context::Run,
            lang: self.lang(),
            all_panes_shown: wide,
        };
        bar.render(status, buf);
        if let Some(message) = &self.run.error {
            ErrorPopup {
                message,
                lang: self.lang(),
            }
            .render(body, buf);
        }
        if self.ui.help {
            HelpOverlay {
                context: Context::Run,
                lang: self.lang(),
            }
            .render(area, buf);
        }
    }
}

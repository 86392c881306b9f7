//! Each pane of the run screen in its frame (the tabbed pane that stands for
//! several of them on small screens is in tabs.rs). The layout (screen.rs)
//! places them.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Widget};

use super::checks_pane::ChecksPane;
use super::code_pane::CodePane;
use super::connections::ConnectionsPane;
use super::findings_pane::{FindingsPane, FINDINGS};
use super::jobs_pane::JobsPane;
use super::lane_pick::focus_of;
use super::lesson::LessonPane;
use super::lit::panel_of;
use super::locks_pane::LocksPane;
use super::log_pane::LogPane;
use super::pane::{Pane, PANES, SHARED_PANES};
use super::pool_pane::PoolPane;
use super::proc_tree::ProcTreePane;
use super::queue_pane::QueuePane;
use super::screen::RunScreen;
use super::share::share;
use super::table_pane::TablePane;
use super::theme::border;
use super::timeline::Timeline;
use super::values_pane::ValuesPane;
use super::waitfor_pane::WaitForPane;
use super::window::Window;
use super::words::{tr, Words};
use crate::scenario::text::Lang;

/// Draw a frame (rounded, thick on a projector) titled `title` and return its
/// inside; tiny areas get no frame.
pub(crate) fn pane(area: Rect, buf: &mut Buffer, title: Line<'_>, border_type: BorderType) -> Rect {
    if area.width < 6 || area.height < 3 {
        return area;
    }
    let block = Block::bordered()
        .border_type(border_type)
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
pub(in crate::ui) fn pane_name(p: Pane) -> Words {
    const NAMES: [Words; PANES.len()] = [
        Words::new("Log", "日志"),
        Words::new("Lesson", "讲解"),
        Words::new("Python", "Python 代码"),
        Words::new("Checks", "检查"),
        Words::new("Locks", "锁"),
        Words::new("Wait-for", "等待图"),
        Words::new("Values", "数值"),
        Words::new("Queues", "队列"),
        Words::new("Pools", "进程池"),
        Words::new("Table", "测量表"),
        Words::new("Jobs", "作业"),
        Words::new("Connections", "网络连接"),
    ];
    NAMES[PANES.iter().position(|&q| q == p).unwrap_or(0)]
}

impl RunScreen<'_> {
    pub(crate) fn lang(&self) -> Lang {
        self.ui.lang
    }

    /// A pane's name on this run: for the learner's own program the checks'
    /// place holds its findings.
    pub(in crate::ui) fn name_of(&self, p: Pane) -> Words {
        match p {
            Pane::Checks if self.run.own_program() => FINDINGS,
            _ => pane_name(p),
        }
    }

    fn framed(&self, area: Rect, buf: &mut Buffer, p: Pane) -> Rect {
        let inner = pane(
            area,
            buf,
            title(self.name_of(p).get(self.lang())),
            self.ui.paint.border_type(),
        );
        self.light_if(area, buf, panel_of(p));
        inner
    }

    /// The timeline in its frame; returns the time it shows, for the panes that follow it.
    pub(crate) fn timeline(&self, area: Rect, buf: &mut Buffer) -> Window {
        let inner = pane(
            area,
            buf,
            title(tr(self.lang(), "Timeline", "时间线")),
            self.ui.paint.border_type(),
        );
        self.light_if(area, buf, Some("timeline"));
        let focus = focus_of(self.run);
        let tl = Timeline {
            model: &self.run.model,
            now_us: self.run.view_us(),
            lang: self.lang(),
            focus: &focus,
            scroll: self.ui.lanes,
            fold: self.ui.fold,
        };
        let drawn = tl.render_view(inner, buf, &self.run.view);
        self.run.lane_rows.set(drawn.rows);
        self.run.lanes_drawn.set(drawn);
        tl.window_in(inner, &self.run.view)
    }

    pub(crate) fn tree(&self, area: Rect, buf: &mut Buffer) {
        let inner = pane(
            area,
            buf,
            title(tr(self.lang(), "Processes", "进程树")),
            self.ui.paint.border_type(),
        );
        self.light_if(area, buf, Some("tree"));
        ProcTreePane {
            model: &self.run.model,
            lang: self.lang(),
            at_us: self.run.cursor_us(),
        }
        .render(inner, buf);
    }

    pub(crate) fn log(&self, area: Rect, buf: &mut Buffer) {
        let inner = self.framed(area, buf, Pane::Log);
        self.body(Pane::Log, inner, buf, None);
    }

    pub(crate) fn code(&self, area: Rect, buf: &mut Buffer) {
        let inner = self.framed(area, buf, Pane::Code);
        self.body(Pane::Code, inner, buf, None);
    }

    /// The lesson over the checks, the checks as tall as they need.
    pub(crate) fn lesson_and_checks(&self, area: Rect, buf: &mut Buffer) {
        let (checks_h, tally) = if self.run.own_program() {
            FindingsPane::height_and_tally(
                self.run.shown_model(),
                self.run.shown_us(),
                self.lang(),
                area,
            )
        } else {
            let h = self.run.model.checks.items.len().max(1) * 2 + 2;
            let h = u16::try_from(h).unwrap_or(u16::MAX).min(area.height / 2);
            (h, ChecksPane::tally(self.run.shown_model()))
        };
        let [lesson, checks] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(checks_h)]).areas(area);
        let inner = self.framed(lesson, buf, Pane::Lesson);
        self.body(Pane::Lesson, inner, buf, None);
        let name = self.name_of(Pane::Checks).get(self.lang());
        let inner = pane(
            checks,
            buf,
            title(&format!("{name} {tally}")),
            self.ui.paint.border_type(),
        );
        self.body(Pane::Checks, inner, buf, None);
    }

    fn locks_pane(&self, window: Window) -> LocksPane<'_> {
        LocksPane {
            model: self.run.shown_model(),
            window: self.known_until_cursor(window),
            lang: self.lang(),
        }
    }

    fn queue_pane(&self, window: Window) -> QueuePane<'_> {
        QueuePane {
            model: self.run.shown_model(),
            window: self.known_until_cursor(window),
            lang: self.lang(),
        }
    }

    /// While the panes show the time cursor's moment, nothing after it is
    /// known to them: totals are taken there and sparklines stop there.
    fn known_until_cursor(&self, window: Window) -> Window {
        match self.run.cursor_us() {
            Some(t) => Window {
                now_us: window.now_us.min(t),
                ..window
            },
            None => window,
        }
    }

    /// Rows a shared object's pane would like inside its frame; values take what is left.
    fn rows_wanted(&self, p: Pane, width: u16, window: Window) -> u16 {
        let (model, lang) = (self.run.shown_model(), self.lang());
        match p {
            Pane::Locks => self.locks_pane(window).rows_wanted(width),
            Pane::Queues => self.queue_pane(window).rows_wanted(width),
            Pane::Pools => PoolPane { model, lang }.rows_wanted(width),
            Pane::Table => TablePane { model, lang }.rows_wanted(width),
            Pane::Jobs => JobsPane { model, lang }.rows_wanted(width),
            Pane::Connections => ConnectionsPane { model, lang }.rows_wanted(width),
            Pane::Graph => WaitForPane { model, lang }.rows_wanted(width),
            _ => u16::MAX - 2,
        }
    }

    /// The panes of the shared objects the run has (locks, values, queues,
    /// pools), stacked: each as tall as it wants while that is at most an
    /// even share of what is left, the last one taking the rest.
    pub(crate) fn shared(&self, area: Rect, buf: &mut Buffer, window: Window) {
        let model = &self.run.model;
        let panes: Vec<Pane> = SHARED_PANES
            .into_iter()
            .filter(|p| p.available(model))
            .collect();
        let width = area.width.saturating_sub(2);
        let wants: Vec<u16> = panes
            .iter()
            .map(|&p| self.rows_wanted(p, width, window) + 2)
            .collect();
        let mut rest = area;
        for (&p, h) in panes.iter().zip(share(&wants, area.height)) {
            let [a, r] = Layout::vertical([Constraint::Length(h), Constraint::Fill(1)]).areas(rest);
            if !a.is_empty() {
                let inner = self.framed(a, buf, p);
                self.body(p, inner, buf, Some(window));
            }
            rest = r;
        }
    }

    /// What a pane shows inside its frame (`window`: the timeline's, for the
    /// sparklines of locks and queues).
    pub(in crate::ui) fn body(
        &self,
        p: Pane,
        area: Rect,
        buf: &mut Buffer,
        window: Option<Window>,
    ) {
        // The state panes show the time cursor's moment; the log (which marks
        // the line nearest the cursor) and the code (read at the cursor from
        // the lanes) take the whole run.
        let (model, lang) = (self.run.shown_model(), self.lang());
        let whole = &self.run.model;
        match p {
            Pane::Log => {
                let cursor = self.run.cursor_us();
                LogPane { model: whole, lang }.render_at(area, buf, cursor)
            }
            Pane::Lesson => LessonPane {
                scenario: &self.run.scenario,
                variant: self.run.variant.as_deref(),
                lang,
                progress: Some(&self.run.lesson),
            }
            .render(area, buf),
            Pane::Checks if self.run.own_program() => {
                let now_us = self.run.shown_us();
                FindingsPane {
                    model,
                    lang,
                    now_us,
                }
                .render(area, buf)
            }
            Pane::Checks => ChecksPane { model, lang }.render(area, buf),
            Pane::Locks => {
                let window = window.unwrap_or_else(|| Window::new(self.run.view_us(), 1));
                self.locks_pane(window).render(area, buf)
            }
            Pane::Graph => WaitForPane { model, lang }.render(area, buf),
            Pane::Values => ValuesPane { model, lang }.render(area, buf),
            Pane::Queues => {
                let window = window.unwrap_or_else(|| Window::new(self.run.view_us(), 1));
                self.queue_pane(window).render(area, buf)
            }
            Pane::Pools => PoolPane { model, lang }.render(area, buf),
            Pane::Table => TablePane { model, lang }.render(area, buf),
            Pane::Jobs => JobsPane { model, lang }.render(area, buf),
            Pane::Connections => ConnectionsPane { model, lang }.render(area, buf),
            Pane::Code => CodePane {
                model: whole,
                // At the time cursor while it is out: where everyone was then.
                t_us: self.run.shown_us(),
                lang,
            }
            .render(area, buf),
        }
    }
}

//! The header line: which scenario, which variant, how fast, and where the run stands.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::state::{Phase, RunState};
use super::theme::{dim, BAD, GOOD};
use super::time_cursor::{cursor_style, cursor_time};
use super::width::{str_width, truncate};
use super::words::Words;
use crate::event::Outcome;
use crate::scenario::text::Lang;

/// The run's one-line summary at the top of the run screen.
pub struct Header<'a> {
    pub run: &'a RunState,
    pub lang: Lang,
}

/// The state as a word and its colour.
pub(crate) fn phase_badge(phase: Phase) -> (Words, Style) {
    let s = Style::new().add_modifier(Modifier::BOLD);
    match phase {
        Phase::Starting => (Words::new("… STARTING", "… 启动中"), s.fg(Color::Gray)),
        Phase::Running => (Words::new("● RUNNING", "● 运行中"), s.fg(GOOD)),
        Phase::Paused => (Words::new("‖ PAUSED", "‖ 已暂停"), s.fg(Color::Yellow)),
        Phase::Ended(Outcome::Completed) => (
            Words::new("■ ENDED: completed", "■ 已结束：完成"),
            s.fg(Color::LightCyan),
        ),
        Phase::Ended(Outcome::Aborted) => (
            Words::new("■ ENDED: aborted", "■ 已结束：已中止"),
            s.fg(BAD),
        ),
        Phase::Ended(Outcome::TimedOut) => (
            Words::new("■ ENDED: timed out", "■ 已结束：超时"),
            s.fg(BAD),
        ),
        Phase::Ended(Outcome::Limit) => (
            Words::new("■ ENDED: limit reached", "■ 已结束：达到上限"),
            s.fg(BAD),
        ),
        Phase::Ended(Outcome::HostDied) => (
            Words::new("■ ENDED: host died", "■ 已结束：宿主死亡"),
            s.fg(BAD),
        ),
        Phase::Failed => (Words::new("✗ FAILED", "✗ 启动失败"), s.fg(BAD)),
    }
}

impl Header<'_> {
    /// Badge, title and variant in `width` cells, cut with `…` (variant first).
    fn left(&self, width: usize) -> Line<'static> {
        const BADGE: &str = " conlab ";
        let room = width.saturating_sub(str_width(BADGE) + 1);
        // The variant keeps its place (up to 24 cells); the title is cut first.
        let variant = self.run.variant_label(self.lang).map(|v| format!(" · {v}"));
        let keep = variant.as_deref().map_or(0, |v| str_width(v).min(24));
        let title = self.run.scenario.title.get(self.lang);
        let title = truncate(title, room.saturating_sub(keep).max(room.min(8))).into_owned();
        let room = room - str_width(&title);
        let mut spans = vec![
            Span::styled(
                BADGE,
                Style::new()
                    .fg(Color::Black)
                    .bg(Color::LightCyan)
                    .add_modifier(Modifier::BOLD),
            ),
            Span::raw(" "),
            Span::styled(title, Style::new().add_modifier(Modifier::BOLD)),
        ];
        if let Some(v) = variant.filter(|_| room > 4) {
            let v = truncate(&v, room).into_owned();
            spans.push(Span::styled(v, Style::new().fg(Color::LightCyan)));
        }
        Line::from(spans)
    }

    fn right(&self) -> Line<'static> {
        let (words, style) = phase_badge(self.run.phase());
        let secs = run_clock_us(self.run) as f64 / 1e6;
        let badge = |on: bool, words: Words, bg: Color| {
            let style = Style::new()
                .fg(Color::Black)
                .bg(bg)
                .add_modifier(Modifier::BOLD);
            let spans = [Span::styled(words.get(self.lang), style), Span::raw("  ")];
            spans.into_iter().filter(move |_| on)
        };
        let auto = Words::new(" AUTO-BREAK ", " 自动解死锁 ");
        let replay = Words::new(" REPLAY ", " 回放 ");
        let step = badge(self.run.replay, replay, Color::LightMagenta);
        let step = step
            .chain(badge(
                self.run.auto_break && can_deadlock(self.run),
                auto,
                BAD,
            ))
            .chain(badge(
                !self.run.schedule.is_empty() && !self.run.replay,
                Words::new(" SCHEDULE ", " 按调度 "),
                Color::Gray,
            ))
            .chain(badge(
                self.run.step_mode,
                Words::new(" STEP MODE ", " 单步模式 "),
                Color::LightYellow,
            ));
        Line::from_iter(step.chain([
            Span::styled(
                format!("{}x", self.run.speed),
                Style::new().fg(Color::LightYellow),
            ),
            Span::raw("  "),
            Span::styled(words.get(self.lang), style),
            Span::styled(format!("  {secs:.1}s "), dim()),
        ]))
    }
}

/// The run's own clock at the right edge: host time less the stretches the
/// run was paused, so it stands still in a pause and goes on from there.
pub(crate) fn run_clock_us(run: &RunState) -> u64 {
    let t = run.view_us();
    let paused: u64 = run
        .model
        .run
        .pauses
        .iter()
        .map(|&(from, to)| to.unwrap_or(t).min(t).saturating_sub(from))
        .sum();
    t.saturating_sub(paused)
}

/// A lesson where a deadlock can happen: one of its checks or pages speaks
/// of one, or one happened. Elsewhere an AUTO-BREAK badge means nothing.
pub(crate) fn can_deadlock(run: &RunState) -> bool {
    let named = |e: &str| e.starts_with("deadlock");
    let model = &run.model;
    !model.deadlocks.history().is_empty()
        || model.checks.items.iter().any(|c| named(&c.spec.event))
        || run
            .scenario
            .pages
            .iter()
            .filter_map(|p| p.wait_for.as_ref())
            .any(|w| named(&w.event))
}

impl Header<'_> {
    /// `▲1.250s` while the time cursor is out: the moment the panes show.
    fn cursor(&self) -> Option<Span<'static>> {
        let t = self.run.cursor_us()?;
        Some(Span::styled(
            format!("▲{} ", cursor_time(t)),
            cursor_style(),
        ))
    }
}

impl Widget for &Header<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let mut right = self.right();
        if let Some(cursor) = self.cursor() {
            right.spans.insert(0, cursor);
        }
        let rw = u16::try_from(right.width()).unwrap_or(u16::MAX);
        if area.width < rw.saturating_add(12) {
            buf.set_line(area.x, area.y, &right, area.width);
            return;
        }
        let left_w = area.width - rw - 1;
        buf.set_line(area.x, area.y, &self.left(left_w.into()), left_w);
        buf.set_line(area.right() - rw, area.y, &right, rw);
    }
}

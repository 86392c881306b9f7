//! The explorer panel (key `x`): what was explored and how (the bound said
//! plainly), a histogram of the outcomes, and the schedules that reach each,
//! to replay one; while exploring, a progress bar. A pure view of
//! `ExplorerState`.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{BorderType, Paragraph, Widget, Wrap};

use super::explorer_rows::{histogram, schedule_lines};
use super::explorer_state::{ExplorerState, Status};
use super::popup::frame;
use super::theme::{dim, BAD, GOOD};
use super::width::truncate;
use super::words::tr;
use crate::explore::{auto_bound, replay_command, Bound, Progress, Report};
use crate::scenario::text::Lang;

/// The panel, drawn over the run screen's panes.
pub struct ExplorerPanel<'a> {
    pub state: &'a ExplorerState,
    pub lang: Lang,
    pub border: BorderType,
}

fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// Sections are titled in the accent colour.
pub(super) fn heading(text: String) -> Line<'static> {
    Line::styled(text, bold().fg(Color::LightCyan))
}

impl ExplorerPanel<'_> {
    /// `thread-race · no-lock · threads=2`: what was explored.
    fn what(&self) -> Line<'static> {
        let spec = &self.state.spec;
        let mut spans = vec![Span::styled(spec.id.clone(), bold())];
        let parts = spec.variant.iter().cloned();
        let sets = spec.sets.iter().map(|(k, v)| format!("{k}={v}"));
        for p in parts.chain(sets) {
            spans.push(Span::styled(" · ", dim()));
            spans.push(Span::raw(p));
        }
        // A challenge names the actors it controls itself.
        if let Some(c) = &spec.challenge {
            let said = tr(self.lang, "challenge ", "挑战 ");
            spans.push(Span::styled(" · ", dim()));
            spans.push(Span::styled(format!("{said}{c}"), bold()));
        } else if let Some(actors) = &spec.actors {
            let said = tr(self.lang, "controlled: ", "受控：");
            spans.push(Span::styled(" · ", dim()));
            spans.push(Span::raw(format!("{said}{}", actors.join(","))));
        }
        Line::from(spans)
    }

    /// The bound, said plainly.
    fn bound(&self, bound: Option<u32>) -> String {
        match (bound, self.lang) {
            (None, Lang::En) => "exhaustive".into(),
            (None, Lang::Zh) => "穷举".into(),
            (Some(1), Lang::En) => "at most 1 preemption".into(),
            (Some(n), Lang::En) => format!("at most {n} preemptions"),
            (Some(n), Lang::Zh) => format!("最多 {n} 次抢占"),
        }
    }

    /// `6 interleavings · 6 real runs · exhaustive · 1.2 s · complete`.
    /// On a narrow panel a run is just a run, so the line ends in sight.
    fn summary(&self, r: &Report, width: u16) -> Line<'static> {
        let full = self.summary_said(r, "real run");
        if full.width() <= usize::from(width) {
            return full;
        }
        self.summary_said(r, "run")
    }

    fn summary_said(&self, r: &Report, runs: &str) -> Line<'static> {
        let secs = r.elapsed.as_secs_f64();
        let (counts, time) = match self.lang {
            Lang::En => (
                format!(
                    "{} · {}",
                    plural(r.interleavings, "interleaving"),
                    plural(r.runs, runs)
                ),
                format!("{secs:.1} s"),
            ),
            Lang::Zh => (
                format!("{} 种交错 · 实际运行 {} 次", r.interleavings, r.runs),
                format!("{secs:.1} 秒"),
            ),
        };
        let (end, style) = if r.complete {
            (tr(self.lang, "complete", "已完成"), Style::new().fg(GOOD))
        } else {
            (
                tr(self.lang, "stopped: partial", "已停止：不完整"),
                Style::new().fg(BAD),
            )
        };
        let sep = || Span::styled(" · ", dim());
        Line::from(vec![
            Span::raw(counts),
            sep(),
            Span::raw(self.bound(r.bound)),
            sep(),
            Span::styled(time, dim()),
            sep(),
            Span::styled(end, style.add_modifier(Modifier::BOLD)),
        ])
    }

    /// While exploring: what is done so far, and a bar.
    fn progress(&self, p: &Progress, width: u16) -> Vec<Line<'static>> {
        let said = match self.lang {
            Lang::En => format!(
                "exploring for real… {} · {} found",
                plural(p.runs, "run"),
                plural(p.explored, "interleaving"),
            ),
            Lang::Zh => format!(
                "正在真实运行中探索…… 已运行 {} 次 · 找到 {} 种交错",
                p.runs, p.explored
            ),
        };
        let hint = tr(self.lang, "x or Esc stops", "按 x 或 Esc 停止");
        let bound = p.estimate.map(|e| (e, self.bound_for(e)));
        let mut plan = match (bound, self.lang) {
            (None, _) => Vec::new(),
            (Some((e, b)), Lang::En) => vec![Span::raw(format!(
                "about {e} interleavings: {}",
                self.bound(b)
            ))],
            (Some((e, b)), Lang::Zh) => {
                vec![Span::raw(format!("约 {e} 种交错：{}", self.bound(b)))]
            }
        };
        if !plan.is_empty() {
            plan.push(Span::styled(" · ", dim()));
        }
        plan.push(Span::styled(hint, dim()));
        let fraction = bound.and_then(|(e, b)| b.is_none().then_some(e));
        vec![
            Line::raw(said),
            progress_bar(p, fraction, usize::from(width)),
            Line::from(plan),
        ]
    }

    /// The bound the exploration takes for `estimate` interleavings, as
    /// `conlab explore` chooses it and says it up front.
    fn bound_for(&self, estimate: u64) -> Option<u32> {
        match self.state.spec.bound {
            Bound::Auto => auto_bound(estimate),
            Bound::Preemptions(n) => Some(n),
            Bound::Unbounded => None,
        }
    }

    fn header(&self, width: u16) -> Vec<Line<'static>> {
        let mut lines = vec![self.what()];
        match &self.state.status {
            Status::Running(p) => lines.extend(self.progress(p, width)),
            Status::Done(r) => {
                lines.push(self.summary(r, width));
                lines.extend(super::explorer_wins::wins_line(r, self.lang));
            }
            Status::Failed(e) => {
                let said = tr(self.lang, "could not explore: ", "无法探索：");
                lines.push(Line::styled(format!("{said}{e}"), Style::new().fg(BAD)));
            }
        }
        lines
    }

    /// The replay command of the chosen schedule, to copy.
    fn footer(&self) -> Option<Line<'static>> {
        let schedule = self.state.chosen()?;
        let cmd = replay_command(&self.state.spec, &schedule);
        Some(Line::styled(cmd, dim()))
    }

    fn result(&self, report: &Report, area: Rect, buf: &mut Buffer) {
        let hist = histogram(report, self.lang, area.width);
        let footer = self.footer();
        let foot_h = match footer {
            Some(_) if area.height >= 16 => 2,
            Some(_) if area.height >= 10 => 1,
            _ => 0,
        };
        let hist_most = (area.height.saturating_sub(foot_h) / 2).max(2);
        let hist_h = u16::try_from(hist.len()).unwrap_or(u16::MAX).min(hist_most);
        let [h, _, list, foot] = Layout::vertical([
            Constraint::Length(hist_h),
            Constraint::Length(u16::from(area.height > hist_h + foot_h + 2)),
            Constraint::Fill(1),
            Constraint::Length(foot_h),
        ])
        .areas(area);
        Paragraph::new(hist).render(h, buf);
        let lines = schedule_lines(self.state, report, self.lang, list.width, list.height);
        Paragraph::new(lines).render(list, buf);
        if let Some(f) = footer {
            Paragraph::new(f)
                .wrap(Wrap { trim: false })
                .render(foot, buf);
        }
    }
}

/// `1 run`, `2 runs`.
pub(super) fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `[████▌     ]` explored of `whole` (the estimate, when every
/// interleaving is explored); otherwise a block that moves on with each run.
fn progress_bar(p: &Progress, whole: Option<u64>, width: usize) -> Line<'static> {
    let inner = width.saturating_sub(2).clamp(1, 60);
    let cells = match whole.filter(|&e| e > 0) {
        Some(est) => {
            let filled = (p.explored.min(est) * inner as u64 / est) as usize;
            format!("{}{}", "█".repeat(filled), " ".repeat(inner - filled))
        }
        None => {
            let at = (p.runs as usize) % inner;
            let mut s: Vec<&str> = vec!["░"; inner];
            for c in s.iter_mut().skip(at).take(3) {
                *c = "█";
            }
            s.concat()
        }
    };
    Line::from(vec![
        Span::styled("[", dim()),
        Span::styled(cells, Style::new().fg(Color::LightCyan)),
        Span::styled("]", dim()),
    ])
}

impl Widget for &ExplorerPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let title = tr(
            self.lang,
            " Explorer · every interleaving, run for real ",
            " 探索 · 每一种交错，真实运行 ",
        );
        let title = truncate(title, usize::from(area.width.saturating_sub(4))).into_owned();
        let inner = frame(area, buf, heading(title), Color::LightCyan, self.border);
        let inner = Rect {
            x: inner.x.saturating_add(1).min(inner.right()),
            width: inner.width.saturating_sub(2),
            ..inner
        };
        let head = self.header(inner.width);
        let head_h = u16::try_from(head.len())
            .unwrap_or(u16::MAX)
            .min(inner.height);
        let [top, gap, rest] = Layout::vertical([
            Constraint::Length(head_h),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(inner);
        let _ = gap;
        Paragraph::new(head).render(top, buf);
        if let Status::Done(report) = &self.state.status {
            self.result(report, rest, buf);
        }
    }
}

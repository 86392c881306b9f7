//! The process tree, `ps`-style: pid, ppid, /proc state letter, then the tree
//! with what became of each process (zombie, adopted, exit status, reaped by).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::actors::Actors;
use super::theme::{dim, faint, state_style, state_word, BAD};
use super::words::tr;
use crate::model::lanes::{Lane, LaneState};
use crate::model::tree::{ExitStatus, ProcNode, TreeRow};
use crate::model::Model;
use crate::scenario::text::Lang;

/// The tree of the run's processes, with their threads under them.
pub struct ProcTreePane<'a> {
    pub model: &'a Model,
    pub lang: Lang,
    /// The time cursor's moment, while it is out: the tree as it was then.
    pub at_us: Option<u64>,
}

/// Guide strings for each row: `│  ├─ ` and the prefix its threads continue with.
fn guides(rows: &[TreeRow]) -> Vec<(String, String)> {
    let mut last = vec![false; rows.len()];
    let mut later = Vec::<bool>::new();
    for (i, r) in rows.iter().enumerate().rev() {
        later.resize(later.len().max(r.depth + 1), false);
        last[i] = !later[r.depth];
        later[r.depth] = true;
        later.truncate(r.depth + 1);
    }
    let mut open = Vec::<bool>::new();
    let mut out = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        open.resize(r.depth + 1, false);
        open[r.depth] = !last[i];
        let mut stem: String = (1..r.depth)
            .map(|k| if open[k] { "│  " } else { "   " })
            .collect();
        let head = match (r.depth, last[i]) {
            (0, _) => "",
            (_, true) => "└─ ",
            (_, false) => "├─ ",
        };
        let row_prefix = format!("{stem}{head}");
        if r.depth > 0 {
            stem.push_str(if open[r.depth] { "│  " } else { "   " });
        }
        let has_children = rows.get(i + 1).is_some_and(|n| n.depth > r.depth);
        stem.push_str(if has_children { "│ " } else { "  " });
        out.push((row_prefix, stem));
    }
    out
}

fn letter_style(c: char) -> Style {
    match c {
        'R' => state_style(LaneState::Running),
        'S' => state_style(LaneState::Sleeping),
        'D' | 'T' => state_style(LaneState::Waiting),
        'Z' => state_style(LaneState::Zombie),
        _ => faint(),
    }
}

/// The /proc letter, or `·` before the first read (the host is never read).
fn shown_letter(c: char) -> String {
    if c == '?' {
        "·".into()
    } else {
        c.to_string()
    }
}

struct Cols {
    pid: usize,
    ppid: usize,
}

impl Widget for &ProcTreePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let lines = self.lines(usize::from(area.height));
        for (y, line) in (area.y..area.bottom()).zip(lines.iter()) {
            buf.set_line(area.x, y, line, area.width);
        }
    }
}

impl ProcTreePane<'_> {
    /// At most `height` lines, ending in `+N more` when the tree is taller.
    fn lines(&self, height: usize) -> Vec<Line<'static>> {
        let then;
        let tree = match self.at_us {
            Some(t) => {
                then = self.model.tree.at(t, |a| self.model.lane(a));
                &then
            }
            None => &self.model.tree,
        };
        let actors = Actors::new(self.model);
        let rows = tree.rows();
        let widest = rows
            .iter()
            .map(|r| r.pid.to_string().len())
            .max()
            .unwrap_or(3);
        let cols = Cols {
            pid: widest.max(3),
            ppid: widest.max(4),
        };
        let mut out = Vec::new();
        if height >= 4 {
            let head = format!(
                "{:>p$} {:>q$} S  {}",
                "PID",
                "PPID",
                tr(self.lang, "NAME", "名称"),
                p = cols.pid,
                q = cols.ppid
            );
            out.push(Line::styled(head, dim().add_modifier(Modifier::BOLD)));
        }
        let total = rows.len()
            + rows
                .iter()
                .filter_map(|r| tree.get(r.pid))
                .map(|n| n.threads.len())
                .sum::<usize>();
        for (row, (prefix, stem)) in rows.iter().zip(guides(&rows)) {
            let Some(node) = tree.get(row.pid) else {
                continue;
            };
            out.push(self.node_line(node, &actors, &cols, prefix));
            for t in &node.threads {
                out.push(self.thread_line(node.pid, t, &actors, &cols, &stem));
            }
            if out.len() > height {
                break;
            }
        }
        if out.len() > height && height > 0 {
            out.truncate(height - 1);
            let shown = out.len() - usize::from(height >= 4);
            let more = match self.lang {
                Lang::En => format!("+{} more", total.saturating_sub(shown)),
                Lang::Zh => format!("另有 {} 个", total.saturating_sub(shown)),
            };
            out.push(Line::styled(more, dim()));
        }
        out
    }

    fn node_line(
        &self,
        n: &ProcNode,
        actors: &Actors,
        cols: &Cols,
        prefix: String,
    ) -> Line<'static> {
        let ppid = n.ppid.map_or("-".to_string(), |p| p.to_string());
        let ppid_style = if n.adopted() {
            Style::new().fg(Color::Yellow)
        } else {
            dim()
        };
        let mut spans = vec![
            Span::raw(format!("{:>w$} ", n.pid, w = cols.pid)),
            Span::styled(format!("{ppid:>w$} ", w = cols.ppid), ppid_style),
            Span::styled(shown_letter(n.state), letter_style(n.state)),
            Span::raw("  "),
            Span::styled(prefix, faint()),
        ];
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if self.model.run.host_pid == Some(n.pid) {
            let label = tr(
                self.lang,
                "host · stands in for init",
                "宿主 · 代替 init 收养孤儿",
            );
            spans.push(Span::styled(label, bold));
            return Line::from(spans);
        }
        spans.push(Span::styled(
            n.actor.clone(),
            bold.fg(actors.color(&n.actor)),
        ));
        spans.extend(self.badges(n, actors.lane(&n.actor)));
        Line::from(spans)
    }

    fn badges(&self, n: &ProcNode, lane: Option<&Lane>) -> Vec<Span<'static>> {
        let lang = self.lang;
        let mut out = Vec::new();
        let mut push =
            |text: String, style: Style| out.push(Span::styled(format!(" {text}"), style));
        if n.is_zombie() {
            let z = tr(lang, "<defunct>", "<defunct> 僵尸");
            push(z.into(), Style::new().fg(BAD).add_modifier(Modifier::BOLD));
        }
        if n.daemon {
            push(
                tr(lang, "daemon", "守护").into(),
                Style::new().fg(Color::Cyan),
            );
        }
        // The fact first, its history after: a narrow pane cuts from the right.
        if n.adopted() {
            let now = n.ppid.unwrap_or(0);
            let text = match lang {
                Lang::En => format!("adopted by {now}"),
                Lang::Zh => format!("被 {now} 收养"),
            };
            push(text, Style::new().fg(Color::Yellow));
        }
        match &n.exit {
            Some(ExitStatus::Code(c)) => push(format!("{} {c}", tr(lang, "exit", "退出码")), dim()),
            Some(ExitStatus::Signal(s)) => push(s.clone(), Style::new().fg(BAD)),
            None => {}
        }
        if let Some(by) = &n.reaped_by {
            let text = match lang {
                Lang::En => format!("reaped by {by}"),
                Lang::Zh => format!("已被{} 回收", crate::model::facts::name_zh(by)),
            };
            push(text, dim());
        }
        if n.adopted() {
            let born = n.born_ppid.unwrap_or(0);
            let text = match lang {
                Lang::En => format!("(was {born})"),
                Lang::Zh => format!("（原父 {born}）"),
            };
            push(text, Style::new().fg(Color::Yellow));
        }
        // What it is doing is known for the present only.
        let now = lane.filter(|l| self.at_us.is_none() && l.current().is_live());
        if let Some(l) = now {
            if l.doing_op == "exit_join" {
                let text = tr(
                    lang,
                    "end of code: waiting for children",
                    "代码结束：等待子进程",
                );
                push(format!("· {text}"), faint());
            } else if !l.doing.is_empty() {
                push(format!("· {}", l.doing), faint());
            }
        }
        // Least important, so last: a narrow pane cuts it first.
        if let Some(badge) = lane.and_then(|l| start_badge(l, lang)) {
            push(badge.content.trim_start().to_string(), badge.style);
        }
        out
    }

    fn thread_line(
        &self,
        pid: i32,
        actor: &str,
        actors: &Actors,
        cols: &Cols,
        stem: &str,
    ) -> Line<'static> {
        let lane = actors.lane(actor);
        let tid = lane
            .and_then(|l| l.tid)
            .map_or("?".to_string(), |t| t.to_string());
        let mut spans = vec![
            Span::styled(format!("{:>w$} ", pid, w = cols.pid), faint()),
            Span::raw(format!("{:>w$}    ", "", w = cols.ppid)),
            Span::styled(format!("{stem}↳ "), faint()),
            Span::styled(actor.to_string(), Style::new().fg(actors.color(actor))),
        ];
        // Its state first, then what it waits on; the tid after (a narrow pane cuts it).
        if let Some(l) = lane {
            let st = match self.at_us {
                Some(t) => l.state_at(t).unwrap_or(LaneState::Starting),
                None => l.current(),
            };
            spans.push(Span::styled(
                format!(" · {}", state_word(st).get(self.lang)),
                state_style(st),
            ));
            // Blocked on what: the step says it (`acquire lock`, `wait green`).
            if st == LaneState::Blocked && self.at_us.is_none() && !l.doing.is_empty() {
                spans.push(Span::styled(format!(": {}", l.doing), faint()));
            }
        }
        if lane.is_some_and(|l| l.daemon) {
            spans.push(Span::styled(
                format!(" {}", tr(self.lang, "daemon", "守护")),
                Style::new().fg(Color::Cyan),
            ));
        }
        spans.push(Span::styled(format!(" tid {tid}"), dim()));
        spans.extend(lane.and_then(|l| start_badge(l, self.lang)));
        Line::from(spans)
    }
}

/// How long start() took to turn into running code (spawned → started):
/// the lesson compares a thread's start with a process's.
fn start_badge(lane: &Lane, lang: Lang) -> Option<Span<'static>> {
    let us = lane.start_latency_us()?;
    let took = if us < 1_000 {
        format!("{us}µs")
    } else {
        format!("{:.1}ms", us as f64 / 1_000.0)
    };
    let text = match lang {
        Lang::En => format!(" started in {took}"),
        Lang::Zh => format!(" 启动耗时 {took}"),
    };
    Some(Span::styled(text, faint()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(depth: usize, pid: i32) -> TreeRow {
        TreeRow { depth, pid }
    }

    #[test]
    fn guides_draw_branches_and_continuations() {
        let rows = [row(0, 1), row(1, 2), row(2, 3), row(2, 4), row(1, 5)];
        let g: Vec<String> = guides(&rows).into_iter().map(|(p, _)| p).collect();
        assert_eq!(g, ["", "├─ ", "│  ├─ ", "│  └─ ", "└─ "]);
        let stems: Vec<String> = guides(&rows).into_iter().map(|(_, s)| s).collect();
        assert_eq!(stems[1], "│  │ ");
        assert_eq!(stems[4], "     ");
    }
}

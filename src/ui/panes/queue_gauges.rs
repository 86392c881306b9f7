//! How full a queue is and what it counted: the fill gauge, the length's
//! sparkline, the counters and the answers of qsize/empty/full.

use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::blocks::{bold, Rows};
use super::para::flow;
use super::queue_pane::QueuePane;
use super::theme::{dim, faint, BAD, GOOD};
use super::width::str_width;
use super::words::tr;
use crate::model::queues::{Asked, Queue};
use crate::scenario::text::Lang;

/// Lengths as bars, scaled to the capacity (or, unbounded, the peak).
const BARS: [&str; 8] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
/// The widest a fill gauge gets.
const GAUGE_MAX: usize = 24;

/// The warning colour of a full queue.
pub(in crate::ui) fn full_style() -> Style {
    bold().fg(BAD)
}

/// Whether an answer told the truth about the length at that moment.
fn agrees(a: &Asked, cap: u32) -> bool {
    let truth = match a.question.as_str() {
        "qsize" => a.len.to_string(),
        "empty" => python_bool(a.len == 0),
        "full" => python_bool(cap > 0 && a.len >= cap),
        _ => return true,
    };
    truth == a.answer
}

fn python_bool(b: bool) -> String {
    if b { "True" } else { "False" }.to_string()
}

/// The gauge's cells: a box per slot while the capacity fits in `room`
/// (`███ ███ ░░░`), else one bar scaled to it (to the peak when unbounded).
fn bar(q: &Queue, room: usize) -> Vec<Span<'static>> {
    let fill = if q.is_full() {
        full_style()
    } else {
        Style::new().fg(GOOD)
    };
    let cap = q.cap as usize;
    if cap > 0 && 2 * cap <= room + 1 {
        let slot = ((room + 1) / cap).min(4) - 1;
        let len = (q.len as usize).min(cap);
        let mut spans = Vec::new();
        for i in 0..cap {
            if i > 0 {
                spans.push(Span::raw(" "));
            }
            spans.push(if i < len {
                Span::styled("█".repeat(slot), fill)
            } else {
                Span::styled("░".repeat(slot), faint())
            });
        }
        return spans;
    }
    // Unbounded: a cell an item up to the peak while it fits, else scaled to the peak.
    let (scale, cells) = match cap {
        0 => {
            let peak = q.peak.max(1) as usize;
            (peak, peak.min(room))
        }
        cap => (cap, room),
    };
    let filled = (q.len as usize * cells).div_ceil(scale).min(cells);
    vec![
        Span::styled("█".repeat(filled), fill),
        Span::styled("░".repeat(cells - filled), faint()),
    ]
}

impl QueuePane<'_> {
    /// `▕███░░▏ 3/5  peak 5`, red with `full` when full; unbounded: `12/∞`.
    pub(in crate::ui) fn gauge(&self, q: &Queue, width: usize) -> Line<'static> {
        let cap = if q.cap == 0 {
            "∞".to_string()
        } else {
            q.cap.to_string()
        };
        let count = format!(" {}/{cap}", q.len);
        let peak = match self.lang {
            Lang::En => format!("  peak {}", q.peak),
            Lang::Zh => format!("  最多 {}", q.peak),
        };
        let state = match (q.is_full(), q.len) {
            (true, _) => Span::styled(tr(self.lang, "  full", "  已满"), full_style()),
            (false, 0) => Span::styled(tr(self.lang, "  empty", "  空"), dim()),
            _ => Span::raw(""),
        };
        let text_w = str_width(&count) + str_width(&state.content) + str_width(&peak);
        let room = width.saturating_sub(text_w + 2).min(GAUGE_MAX);
        let mut spans = Vec::new();
        if room > 0 {
            spans.push(Span::styled("▕", dim()));
            spans.extend(bar(q, room));
            spans.push(Span::styled("▏", dim()));
        }
        spans.push(Span::styled(count, bold()));
        spans.push(state);
        spans.push(Span::styled(peak, dim()));
        Line::from(spans)
    }

    /// `put 12  got 7  lost to Full 1`, and for a joinable queue what is unfinished.
    pub(in crate::ui) fn counters(&self, q: &Queue, width: usize) -> Rows {
        let t = &q.totals;
        let lost = if t.lost > 0 {
            full_style()
        } else {
            Style::new()
        };
        let mut groups = match self.lang {
            Lang::En => vec![
                vec![Span::raw(format!("put {}", t.put))],
                vec![Span::raw(format!("got {}", t.got))],
                vec![Span::styled(format!("lost to Full {}", t.lost), lost)],
            ],
            Lang::Zh => vec![
                vec![Span::raw(format!("放入 {}", t.put))],
                vec![Span::raw(format!("取出 {}", t.got))],
                vec![Span::styled(format!("因 Full 丢失 {}", t.lost), lost)],
            ],
        };
        if t.empty_raised > 0 {
            let n = t.empty_raised;
            groups.push(vec![Span::raw(match self.lang {
                Lang::En => format!("Empty raised {n}"),
                Lang::Zh => format!("抛出 Empty {n}"),
            })]);
        }
        if q.joinable {
            let n = q.unfinished;
            groups.push(vec![Span::styled(
                match self.lang {
                    Lang::En => format!("unfinished {n}"),
                    Lang::Zh => format!("未完成 {n}"),
                },
                bold(),
            )]);
        }
        if !q.joined_by.is_empty() {
            let ok = bold().fg(GOOD);
            groups.push(vec![Span::styled(
                tr(self.lang, "join() returned ✓", "join() 已返回 ✓"),
                ok,
            )]);
        }
        flow(groups, width)
    }

    /// `qsize() → 4 ≠ len 5`: the last answers, marked where the truth differed.
    pub(in crate::ui) fn asked(&self, q: &Queue, width: usize) -> Rows {
        let groups = q
            .asked
            .iter()
            .map(|a| {
                let said = format!("{}() → {}", a.question, a.answer);
                let (mark, style) = if agrees(a, q.cap) {
                    (" =", dim())
                } else {
                    (" ≠", bold().fg(Color::Yellow))
                };
                let truth = match self.lang {
                    Lang::En => format!("{mark} len {}", a.len),
                    Lang::Zh => format!("{mark} 实际 {}", a.len),
                };
                vec![Span::raw(said), Span::styled(truth, style)]
            })
            .collect();
        flow(groups, width)
    }

    /// `len ▁▂▄█▆▂·····` over the timeline's window, red where it was full.
    pub(in crate::ui) fn sparkline(&self, q: &Queue, width: usize) -> Line<'static> {
        let label = tr(self.lang, "len ", "长度 ");
        let top = if q.cap == 0 { q.peak.max(1) } else { q.cap };
        let cells = width.saturating_sub(str_width(label));
        let win = self
            .window
            .resampled(u16::try_from(cells).unwrap_or(u16::MAX));
        let mut spans = vec![Span::styled(label, dim())];
        let bar = Style::new().fg(GOOD);
        for c in 0..win.cells {
            let t0 = win.cell_start(c);
            if t0 > win.now_us {
                break;
            }
            let n = q.max_len_in(t0, t0 + win.cell_us);
            let style = if q.cap > 0 && n >= q.cap {
                full_style()
            } else {
                bar
            };
            spans.push(match n {
                0 => Span::styled("·", faint()),
                n => Span::styled(
                    BARS[((n * 8).div_ceil(top) as usize).clamp(1, 8) - 1],
                    style,
                ),
            });
        }
        Line::from(spans)
    }
}

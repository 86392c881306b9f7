//! The log pane: the newest lines at the bottom, wrapped by display width.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::actors::Actors;
use super::theme::{dim, faint, BAD};
use super::width::wrap;
use super::words::tr;
use crate::model::history::History;
use crate::model::log::{LogKind, LogLine};
use crate::model::Model;
use crate::scenario::text::Lang;

/// The tail of what actors printed and what happened to them.
pub struct LogPane<'a> {
    pub model: &'a Model,
    pub lang: Lang,
}

/// Width of `  1.234s `.
const TIME_W: usize = 9;

impl Widget for &LogPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.render_at(area, buf, None);
    }
}

impl LogPane<'_> {
    /// The tail, or with a time cursor the lines around `cursor`, the one
    /// nearest it shown reversed and about half-way down.
    pub(crate) fn render_at(&self, area: Rect, buf: &mut Buffer, cursor: Option<u64>) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let lines = self.model.log.lines();
        if lines.is_empty() {
            let text = tr(self.lang, "nothing printed yet", "还没有输出");
            buf.set_stringn(area.x, area.y, text, area.width.into(), dim());
            return;
        }
        let height = usize::from(area.height);
        let width = usize::from(area.width);
        let mark = cursor.map(|t| nearest(lines, t));
        let end = match mark {
            Some(n) => self.end_below(lines, n, width, (height - 1) / 2),
            None => lines.len(),
        };
        let actors = Actors::new(self.model);
        let mut rows: Vec<Line> = Vec::with_capacity(height);
        for (i, line) in (0..end).rev().map(|i| (i, &lines[i])) {
            let color = actors.color(&line.actor);
            let mut chunk = self.rows_of(line, color, width);
            if mark == Some(i) {
                chunk = chunk
                    .into_iter()
                    .map(|r| r.patch_style(Modifier::REVERSED))
                    .collect();
            }
            let keep = chunk.len().min(height - rows.len());
            rows.extend(chunk.drain(..).rev().take(keep));
            if rows.len() >= height {
                break;
            }
        }
        for (y, row) in (area.y..area.bottom()).zip(rows.iter().rev()) {
            buf.set_line(area.x, y, row, area.width);
        }
    }

    /// Where the lines shown end: after line `n` and as many of the next as
    /// fill `below` rows.
    fn end_below(&self, lines: &History<LogLine>, n: usize, width: usize, below: usize) -> usize {
        let mut used = 0;
        let mut end = n + 1;
        while let Some(line) = lines.get(end) {
            used += self.rows_of(line, Color::Reset, width).len();
            if used > below {
                break;
            }
            end += 1;
        }
        end
    }
}

/// The line nearest `t_us` (lines come in time order, give or take the
/// little races between processes): a binary search, not a scan.
fn nearest(lines: &History<LogLine>, t_us: u64) -> usize {
    let i = lines.partition_point(|l| l.t_us <= t_us);
    match (i.checked_sub(1), lines.get(i)) {
        (None, _) => 0,
        (Some(b), None) => b,
        (Some(b), Some(after)) => {
            if lines[b].t_us.abs_diff(t_us) <= after.t_us.abs_diff(t_us) {
                b
            } else {
                i
            }
        }
    }
}

fn text_style(kind: LogKind) -> Style {
    match kind {
        LogKind::Print => Style::new().fg(Color::White),
        LogKind::Lifecycle => dim().add_modifier(Modifier::ITALIC),
        LogKind::Error => Style::new().fg(BAD).add_modifier(Modifier::BOLD),
    }
}

impl LogPane<'_> {
    /// One log line as screen rows: `  1.234s actor: text`, continuation rows
    /// indented under the text.
    fn rows_of(&self, line: &LogLine, color: Color, width: usize) -> Vec<Line<'static>> {
        let time_w = if width >= TIME_W + 8 { TIME_W } else { 0 };
        let text = line.text_in(self.lang);
        // `actor: ` in English, `actor：` in Chinese; a text that already
        // names its actor (either way) is not given the name twice.
        let sep = tr(self.lang, ": ", "：");
        let prefix = format!("{}{sep}", line.actor);
        let body = [": ", "："]
            .iter()
            .find_map(|s| text.strip_prefix(format!("{}{s}", line.actor).as_str()))
            .unwrap_or(text);
        let full = format!("{prefix}{body}");
        let style = text_style(line.kind);
        let actor_style = Style::new().fg(color);
        let mut out = Vec::new();
        for (i, piece) in wrap(&full, width - time_w).into_iter().enumerate() {
            let lead = if i > 0 || time_w == 0 {
                Span::raw(" ".repeat(time_w))
            } else {
                let secs = line.t_us as f64 / 1e6;
                Span::styled(format!("{secs:>7.3}s "), faint())
            };
            let mut spans = vec![lead];
            match piece.strip_prefix(prefix.as_str()).filter(|_| i == 0) {
                Some(rest) => {
                    spans.push(Span::styled(line.actor.clone(), actor_style));
                    spans.push(Span::styled(sep, faint()));
                    spans.push(Span::styled(rest.to_string(), style));
                }
                None => spans.push(Span::styled(piece, style)),
            }
            out.push(Line::from(spans));
        }
        out
    }
}

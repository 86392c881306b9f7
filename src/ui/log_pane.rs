//! The log pane: the newest lines at the bottom, wrapped by display width.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::actors::Actors;
use super::theme::{dim, faint};
use super::width::wrap;
use super::words::tr;
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
        let actors = Actors::new(self.model);
        let mut rows: Vec<Line> = Vec::with_capacity(height);
        for line in lines.iter().rev() {
            let color = actors.color(&line.actor);
            let mut chunk = self.rows_of(line, color, usize::from(area.width));
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
}

fn text_style(kind: LogKind) -> Style {
    match kind {
        LogKind::Print => Style::new().fg(Color::White),
        LogKind::Lifecycle => dim().add_modifier(Modifier::ITALIC),
        LogKind::Error => Style::new()
            .fg(Color::LightRed)
            .add_modifier(Modifier::BOLD),
    }
}

impl LogPane<'_> {
    /// One log line as screen rows: `  1.234s actor: text`, continuation rows
    /// indented under the text.
    fn rows_of(&self, line: &LogLine, color: Color, width: usize) -> Vec<Line<'static>> {
        let time_w = if width >= TIME_W + 8 { TIME_W } else { 0 };
        let text = line.text_in(self.lang);
        let prefix = format!("{}: ", line.actor);
        let body = text.strip_prefix(prefix.as_str()).unwrap_or(text);
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
                    spans.push(Span::styled(": ", faint()));
                    spans.push(Span::styled(rest.to_string(), style));
                }
                None => spans.push(Span::styled(piece, style)),
            }
            out.push(Line::from(spans));
        }
        out
    }
}

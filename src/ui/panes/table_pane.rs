//! The table panel: each declared table of measured times (rows × columns),
//! its cells filled in as `measured` events come: the time, and its ratio to
//! the baseline row's time in the same column (`1.6 s ×1.0`), with a bar
//! for the ratio where there is room.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::{dim, faint, tone_look};
use super::width::{fit, fit_spans, str_width};
use super::words::tr;
use crate::model::outcome::Tone;
use crate::model::tables::Table;
use crate::model::Model;
use crate::scenario::text::Lang;

/// Every table of the run, one under the other.
pub struct TablePane<'a> {
    pub model: &'a Model,
    pub lang: Lang,
}

/// `1.6 s ×1.0`: the widest a cell's text gets in the usual case.
const CELL_TEXT: usize = 11;
/// A column this wide or wider also draws a bar for the ratio.
const BAR_MIN: usize = CELL_TEXT + 6;
/// A ratio this small or smaller is drawn as a clear gain.
const FASTER: f64 = 0.75;

impl TablePane<'_> {
    /// Rows it would like: each table's title, heading row and rows.
    pub fn rows_wanted(&self, _width: u16) -> u16 {
        let rows: usize = self
            .model
            .tables
            .tables
            .iter()
            .map(|t| t.spec.rows.len() + 2)
            .sum();
        u16::try_from(rows).unwrap_or(u16::MAX)
    }

    /// Every table's lines; without room for all, the tables' titles go first.
    fn lines(&self, width: usize, height: usize) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        let titled = usize::from(self.rows_wanted(0)) <= height;
        for t in &self.model.tables.tables {
            let mut lines = table_lines(t, self.lang, width);
            if !titled {
                lines.remove(0);
            }
            out.extend(lines);
        }
        if out.is_empty() {
            out.push(Line::styled(
                tr(self.lang, "no table", "没有表格").to_string(),
                faint(),
            ));
        }
        out
    }
}

/// A table's lines: its title, the column headings, then one line a row.
fn table_lines(t: &Table, lang: Lang, width: usize) -> Vec<Line<'static>> {
    let spec = &t.spec;
    let label_w = spec
        .rows
        .iter()
        .map(|r| str_width(r.label.get(lang)))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let n = spec.columns.len().max(1);
    let col_w = (width.saturating_sub(label_w + 1) / n).max(1);
    let title = format!(
        "{}  ({}/{})",
        spec.title.get(lang),
        t.filled(),
        spec.rows.len() * n
    );
    let mut out = vec![Line::styled(
        fit(&title, width),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    let mut head = vec![Span::raw(" ".repeat(label_w + 1))];
    for c in &spec.columns {
        head.push(Span::styled(
            fit(c.label.get(lang), col_w),
            dim().add_modifier(Modifier::BOLD),
        ));
    }
    out.push(Line::from(fit_spans(head, width)));
    for r in &spec.rows {
        let mut spans = vec![Span::styled(fit(r.label.get(lang), label_w + 1), dim())];
        for c in &spec.columns {
            spans.extend(cell_spans(t, &r.name, &c.name, col_w));
        }
        out.push(Line::from(fit_spans(spans, width)));
    }
    out
}

/// One cell, `col_w` wide: `·` until measured, then `1.6 s ×1.0` and, with
/// room, a bar as long as the ratio (a full bar is the baseline's time).
fn cell_spans(t: &Table, row: &str, column: &str, col_w: usize) -> Vec<Span<'static>> {
    let Some(secs) = t.seconds(row, column) else {
        return vec![Span::styled(fit("·", col_w), faint())];
    };
    let ratio = t.ratio(row, column);
    let text = match ratio {
        Some(r) => format!("{secs:.1} s ×{r:.1}"),
        None => format!("{secs:.1} s"),
    };
    let style = match ratio {
        Some(r) if r <= FASTER => tone_look(Tone::Good).1,
        _ => Style::new().add_modifier(Modifier::BOLD),
    };
    if col_w < BAR_MIN || ratio.is_none() {
        return vec![Span::styled(fit(&text, col_w), style)];
    }
    let room = col_w - CELL_TEXT - 2;
    let bar = (ratio.unwrap_or(0.0).min(1.0) * room as f64)
        .round()
        .max(1.0) as usize;
    vec![
        Span::styled(fit(&text, CELL_TEXT + 1), style),
        Span::styled("▇".repeat(bar), style),
        Span::raw(" ".repeat(col_w - CELL_TEXT - 1 - bar)),
    ]
}

impl Widget for &TablePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let lines = self.lines(usize::from(area.width), usize::from(area.height));
        for (i, line) in lines.into_iter().take(usize::from(area.height)).enumerate() {
            let y = area.y + u16::try_from(i).unwrap_or(u16::MAX);
            buf.set_line(area.x, y, &line, area.width);
        }
    }
}

//! Wrapped paragraphs drawn by display width (lesson, checks, error box).
//! Our own wrapping, because a wide character at the right edge must move to the
//! next row rather than spill over the pane's border.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::width::{str_width, wrap};

/// A lead (a mark or bullet, never wrapped) then text wrapped under itself.
pub(crate) struct Para<'a> {
    pub lead: Vec<Span<'a>>,
    pub text: &'a str,
    pub style: Style,
}

impl<'a> Para<'a> {
    /// A paragraph without a lead.
    pub fn plain(text: &'a str, style: Style) -> Para<'a> {
        Para {
            lead: Vec::new(),
            text,
            style,
        }
    }

    /// The paragraph as rows of at most `width` cells.
    pub fn rows(&self, width: usize) -> Vec<Line<'a>> {
        let lead_w: usize = self.lead.iter().map(|s| str_width(&s.content)).sum();
        let lead_w = if lead_w + 4 > width { 0 } else { lead_w };
        let mut out = Vec::new();
        for (i, piece) in wrap(self.text, width - lead_w).into_iter().enumerate() {
            let mut spans = if i == 0 && lead_w > 0 {
                self.lead.clone()
            } else {
                vec![Span::raw(" ".repeat(lead_w))]
            };
            spans.push(Span::styled(piece, self.style));
            out.push(Line::from(spans));
        }
        out
    }
}

/// Draw `paras` from the top of `area`; whatever does not fit is left out.
pub(crate) fn draw_paras(paras: &[Para<'_>], area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let mut y = area.y;
    for para in paras {
        for row in para.rows(usize::from(area.width)) {
            if y >= area.bottom() {
                return;
            }
            buf.set_line(area.x, y, &row, area.width);
            y += 1;
        }
    }
}

/// Rows `paras` take at `width`.
pub(crate) fn rows_needed(paras: &[Para<'_>], width: u16) -> usize {
    paras
        .iter()
        .map(|p| p.rows(usize::from(width.max(1))).len())
        .sum()
}

/// Pack groups of spans into rows of at most `width` cells, two spaces apart,
/// never splitting a group (one too wide for a row is cut where the row ends).
pub(crate) fn flow(groups: Vec<Vec<Span<'static>>>, width: usize) -> Vec<Line<'static>> {
    let mut rows: Vec<Line<'static>> = Vec::new();
    let mut used = 0;
    for group in groups {
        let w: usize = group.iter().map(|s| str_width(&s.content)).sum();
        match rows.last_mut() {
            Some(row) if used > 0 && used + 2 + w <= width => {
                row.spans.push(Span::raw("  "));
                row.spans.extend(group);
                used += 2 + w;
            }
            _ => {
                rows.push(Line::from(group));
                used = w;
            }
        }
    }
    rows
}

//! Pieces the queues and pools panels share: stacking one block per object
//! into a pane, and a list of actor names cut to fit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::actors::Actors;
use super::theme::{dim, faint};
use super::width::str_width;
use crate::scenario::text::Lang;

/// One object's rows, most telling first.
pub(crate) type Rows = Vec<Line<'static>>;

pub(crate) fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// Rows `blocks` take whole, a blank row between them.
pub(crate) fn rows_of(blocks: &[Rows]) -> u16 {
    let rows: usize = blocks.iter().map(Vec::len).sum::<usize>() + blocks.len().saturating_sub(1);
    u16::try_from(rows.max(1)).unwrap_or(u16::MAX)
}

/// Draw `blocks` from the top of `area`: whole with a blank row between when
/// they fit, else each cut from its end to an even share, and `+N more` for
/// the blocks left without a row.
pub(crate) fn draw_blocks(blocks: Vec<Rows>, area: Rect, buf: &mut Buffer, lang: Lang) {
    let area = area.intersection(buf.area);
    if area.is_empty() || blocks.is_empty() {
        return;
    }
    let height = usize::from(area.height);
    let full: usize = blocks.iter().map(Vec::len).sum();
    let gap = full + blocks.len() - 1 <= height;
    let shown = if blocks.len() <= height {
        blocks.len()
    } else {
        height - 1
    };
    let hidden = blocks.len() - shown;
    let room = height - usize::from(hidden > 0);
    let per = (room / shown.max(1)).max(1);
    let mut rows: Rows = Vec::new();
    for (i, block) in blocks.into_iter().take(shown).enumerate() {
        if i > 0 && gap {
            rows.push(Line::default());
        }
        let keep = if gap {
            block.len()
        } else {
            block.len().min(per)
        };
        rows.extend(block.into_iter().take(keep));
    }
    rows.truncate(room);
    if hidden > 0 {
        let more = match lang {
            Lang::En => format!("+{hidden} more"),
            Lang::Zh => format!("另有 {hidden} 个"),
        };
        rows.push(Line::styled(more, dim()));
    }
    for (y, row) in (area.y..area.bottom()).zip(rows.iter()) {
        buf.set_line(area.x, y, row, area.width);
    }
}

/// `label a, b, c +3`: names in their actors' colours over at most `max_rows`
/// rows of `width`, and the number of those left out; `label —` for nobody.
pub(crate) fn names_rows(
    label: &'static str,
    names: &[&str],
    actors: &Actors,
    (width, max_rows): (usize, usize),
    style: Style,
) -> Rows {
    let mut rows = vec![vec![Span::styled(label, dim())]];
    if names.is_empty() {
        rows[0].push(Span::styled("—", faint()));
        return rows.into_iter().map(Line::from).collect();
    }
    let (n, mut used) = (names.len(), str_width(label));
    for (i, name) in names.iter().enumerate() {
        let w = str_width(name);
        let more = |k: usize| format!(" +{k}");
        let tail = if rows.len() >= max_rows && i + 1 < n {
            str_width(&more(n - i - 1))
        } else {
            0
        };
        if i > 0 && used + 2 + w + tail > width {
            if rows.len() >= max_rows {
                rows.last_mut()
                    .unwrap()
                    .push(Span::styled(more(n - i), bold()));
                break;
            }
            rows.last_mut().unwrap().push(Span::styled(",", dim()));
            rows.push(vec![Span::raw("  ")]);
            used = 2;
        } else if i > 0 {
            rows.last_mut().unwrap().push(Span::styled(", ", dim()));
            used += 2;
        }
        let span = Span::styled(name.to_string(), style.fg(actors.color(name)));
        rows.last_mut().unwrap().push(span);
        used += w;
    }
    rows.into_iter().map(Line::from).collect()
}

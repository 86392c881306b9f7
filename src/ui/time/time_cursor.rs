//! The time cursor over the timeline: a column through the lanes, its time on
//! the axis, and one line saying what every lane was doing at that moment.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::theme::{palette, state_style, state_word};
use super::view_window::column_of;
use super::width::{fit_spans, str_width};
use super::window::Window;
use crate::model::lanes::LaneState;
use crate::model::Model;
use crate::scenario::text::Lang;

/// How the cursor and its time stand out.
pub(crate) fn cursor_style() -> Style {
    Style::new()
        .fg(Color::LightYellow)
        .add_modifier(Modifier::BOLD)
}

/// `1.250s`: the cursor's time, to the millisecond.
pub(crate) fn cursor_time(t_us: u64) -> String {
    format!("{:.3}s", t_us as f64 / 1e6)
}

/// The cursor's column through rows `ys`: blank cells get `│`, drawn cells
/// are shown reversed so the state under the cursor stays readable.
pub(crate) fn mark_column(win: &Window, t_us: u64, x: u16, ys: Range<u16>, buf: &mut Buffer) {
    let Some(c) = column_of(win, t_us) else {
        return;
    };
    for y in ys {
        let Some(cell) = buf.cell_mut((x + c, y)) else {
            continue;
        };
        if cell.symbol() == " " {
            cell.set_symbol("│").set_style(cursor_style());
        } else {
            cell.set_style(Style::new().add_modifier(Modifier::REVERSED));
        }
    }
}

/// `▲1.250s` on the axis row at the cursor (`1.250s▲` when it would run off
/// the right edge); the tick labels it cuts into are cleared.
pub(crate) fn label_on_axis(win: &Window, t_us: u64, x: u16, y: u16, buf: &mut Buffer) {
    let Some(c) = column_of(win, t_us) else {
        return;
    };
    let time = cursor_time(t_us);
    let w = u16::try_from(str_width(&time) + 1).unwrap_or(u16::MAX);
    let (text, from) = if w <= win.cells - c {
        (format!("▲{time}"), c)
    } else if w <= c + 1 {
        (format!("{time}▲"), c + 1 - w)
    } else {
        ("▲".to_string(), c)
    };
    let w = u16::try_from(str_width(&text)).unwrap_or(u16::MAX);
    clear_left(x, x + from, y, buf);
    clear_right(x + from + w, x + win.cells, y, buf);
    buf.set_stringn(x + from, y, text, usize::from(w), cursor_style());
}

/// Blank the cells left of `at` (down to `start`) up to a blank cell.
fn clear_left(start: u16, at: u16, y: u16, buf: &mut Buffer) {
    for x in (start..at).rev() {
        let Some(cell) = buf.cell_mut((x, y)) else {
            return;
        };
        if cell.symbol() == " " {
            return;
        }
        let tick = cell.symbol() == "╵";
        cell.set_symbol(" ");
        if tick {
            return;
        }
    }
}

/// Blank the cells from `at` (before `end`) up to a blank cell or the next tick.
fn clear_right(at: u16, end: u16, y: u16, buf: &mut Buffer) {
    for x in at..end {
        let Some(cell) = buf.cell_mut((x, y)) else {
            return;
        };
        if cell.symbol() == " " || cell.symbol() == "╵" {
            return;
        }
        cell.set_symbol(" ");
    }
}

/// `1.250s  t0 blocked  t1 deadlocked  main wait`: each lane's state at the
/// cursor, read from its segments (lanes not yet born or already reaped are
/// left out), cut to the width.
pub(crate) fn readout(model: &Model, t_us: u64, lang: Lang, area: Rect, buf: &mut Buffer) {
    let mut spans = vec![Span::styled(
        format!("▲{}", cursor_time(t_us)),
        cursor_style(),
    )];
    for (i, lane) in model.lanes.iter().enumerate() {
        let Some(state) = lane.state_at(t_us).filter(|&s| s != LaneState::Gone) else {
            continue;
        };
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            lane.actor.clone(),
            Style::new().fg(palette(i)),
        ));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            state_word(state).get(lang),
            state_style(state),
        ));
    }
    let spans = fit_spans(spans, usize::from(area.width));
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(buf: &Buffer, y: u16) -> String {
        (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
    }

    #[test]
    fn the_cursor_label_replaces_the_ticks_it_covers() {
        let win = Window::new(2_000_000, 40); // 50 ms a cell
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 1));
        crate::ui::axis::draw_axis(&win, 0, 0, &mut buf);
        label_on_axis(&win, 600_000, 0, 0, &mut buf);
        let r = row(&buf, 0);
        assert!(r.starts_with("╵0.0s     ",), "{r}");
        assert_eq!(&r[r.find('▲').unwrap()..], "▲0.600s ╵1.0s     ╵1.5s     ");
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 1));
        label_on_axis(&win, 1_990_000, 0, 0, &mut buf);
        assert!(row(&buf, 0).ends_with("1.990s▲"), "{}", row(&buf, 0));
    }

    #[test]
    fn the_column_keeps_drawn_cells_and_fills_blank_ones() {
        let win = Window::new(2_000_000, 40);
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 2));
        buf.set_string(0, 0, "█".repeat(40), Style::new());
        mark_column(&win, 1_000_000, 0, 0..2, &mut buf);
        assert_eq!(buf[(20, 0)].symbol(), "█");
        assert!(buf[(20, 0)].modifier.contains(Modifier::REVERSED));
        assert_eq!(buf[(20, 1)].symbol(), "│");
    }
}

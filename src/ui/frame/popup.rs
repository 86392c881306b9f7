//! Popups over a screen: the help overlay's and the error box's frame.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::para::{draw_paras, rows_needed, Para};
use super::theme::BAD;
use super::words::tr;
use crate::scenario::text::Lang;

/// A `width` x `height` box in the middle of `area`, shrunk to fit.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clear `area`, draw a frame (`border`: rounded, thick on a projector) titled
/// `title`, and return the inside (the whole area when too small for a frame).
pub(crate) fn frame(
    area: Rect,
    buf: &mut Buffer,
    title: Line<'_>,
    color: Color,
    border: BorderType,
) -> Rect {
    blank_wide_left_of(area, buf);
    Clear.render(area, buf);
    if area.width < 4 || area.height < 3 {
        return area;
    }
    let block = Block::bordered()
        .border_type(border)
        .border_style(Style::new().fg(color))
        .title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// A wide character (Chinese) just left of a popup spills into the popup's
/// first column and hides its border: blank such a character on every row.
fn blank_wide_left_of(area: Rect, buf: &mut Buffer) {
    if area.x <= buf.area.x {
        return;
    }
    for y in area.top()..area.bottom() {
        if let Some(cell) = buf.cell_mut((area.x - 1, y)) {
            if ratatui::text::Span::raw(cell.symbol()).width() > 1 {
                cell.set_symbol(" ");
            }
        }
    }
}

/// The red box saying why a run could not start, and what to do next.
pub struct ErrorPopup<'a> {
    pub message: &'a str,
    pub lang: Lang,
    /// Its frame, as the theme draws frames.
    pub border: BorderType,
}

impl Widget for &ErrorPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let red = Style::new().fg(BAD);
        let hint = tr(
            self.lang,
            "r try again · v next variant · q back",
            "r 重试 · v 换变体 · q 返回",
        );
        let mut paras: Vec<Para> = self.message.lines().map(|l| Para::plain(l, red)).collect();
        paras.push(Para::plain("", red));
        paras.push(Para::plain(hint, Style::new().fg(Color::Gray)));
        let width = 70.min(area.width.saturating_sub(4)).max(20);
        let rows = rows_needed(&paras, width.saturating_sub(2));
        let boxed = centered(area, width, u16::try_from(rows + 2).unwrap_or(u16::MAX));
        let title = tr(self.lang, " could not start ", " 无法启动 ");
        let inner = frame(
            boxed,
            buf,
            Line::styled(title, red.add_modifier(Modifier::BOLD)),
            BAD,
            self.border,
        );
        draw_paras(&paras, inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_character_left_of_a_popup_does_not_hide_its_border() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 3));
        buf.set_string(0, 1, "中", Style::new());
        let area = Rect::new(1, 0, 6, 3);
        frame(
            area,
            &mut buf,
            Line::from("t"),
            Color::Reset,
            BorderType::Plain,
        );
        assert_eq!(buf[(0, 1)].symbol(), " ", "the wide character is blanked");
        assert_eq!(buf[(1, 1)].symbol(), "│", "the popup's border shows");
    }
}

//! The lesson's page as a caption under the panes, for screens where the
//! lesson pane is a tab: a class reads the page without anyone pressing Tab.
//! It names the page keys and, when the page does not fit, the Tab to read on.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::Widget;

use super::para::Para;
use super::width::str_width;
use crate::model::lesson::LessonProgress;
use crate::scenario::text::Lang;

/// The current page's first lines, its number, and `…` when cut.
pub struct LessonCaption<'a> {
    pub progress: &'a LessonProgress,
    pub lang: Lang,
    /// Presses of Tab that bring up the lesson tab, for the `… Tab` hint.
    pub tabs: usize,
}

impl LessonCaption<'_> {
    /// `2/5 ] [ ` before the text (only with several pages).
    fn lead(&self) -> String {
        let of = self.progress.pages.len();
        if of > 1 {
            format!("{}/{of} ] [ ", self.progress.page + 1)
        } else {
            String::new()
        }
    }
}

impl Widget for &LessonCaption<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        let Some(page) = self.progress.current() else {
            return;
        };
        if area.is_empty() {
            return;
        }
        // One paragraph: the page's line breaks are for the wide pane.
        let sep = match self.lang {
            Lang::En => " ",
            Lang::Zh => "",
        };
        let lines = page.text.get(self.lang).lines().map(str::trim);
        let text = lines
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(sep);
        let lead = self.lead();
        let mark = Style::new()
            .fg(Color::LightYellow)
            .add_modifier(Modifier::BOLD);
        let para = Para {
            lead: vec![Span::styled(lead.as_str(), mark)],
            text: &text,
            style: Style::new(),
        };
        let rows = para.rows(usize::from(area.width));
        let cut = rows.len() > usize::from(area.height);
        for (y, row) in (area.y..area.bottom()).zip(&rows) {
            buf.set_line(area.x, y, row, area.width);
        }
        if cut {
            let times = match self.tabs {
                0 | 1 => String::new(),
                n => format!("×{n}"),
            };
            let more = match self.lang {
                Lang::En => format!("… Tab{times}"),
                Lang::Zh => format!("…Tab{times}"),
            };
            let w = u16::try_from(str_width(&more)).unwrap_or(5).min(area.width);
            let x = area.right() - w;
            buf.set_stringn(x, area.bottom() - 1, &more, usize::from(w), mark);
        }
    }
}

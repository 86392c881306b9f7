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
            let (x, y) = (area.right() - w, area.bottom() - 1);
            // Not over the right half of a wide character: blank all of it.
            if x > area.x && str_width(buf[(x - 1, y)].symbol()) > 1 {
                buf[(x - 1, y)].set_symbol(" ");
            }
            buf.set_stringn(x, y, &more, usize::from(w), mark);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::pages::Page;
    use crate::scenario::text::Text;

    fn drawn(zh: &str, tabs: usize, w: u16) -> Vec<String> {
        let pages = [Page::plain(Text::new("en", zh))];
        let progress = LessonProgress::new(&pages, None, std::time::Instant::now());
        let caption = LessonCaption {
            progress: &progress,
            lang: Lang::Zh,
            tabs,
        };
        let mut buf = Buffer::empty(Rect::new(0, 0, w, 2));
        caption.render(buf.area, &mut buf);
        // Each character once, as a terminal shows it.
        (0..2)
            .map(|y| {
                let mut row = String::new();
                let mut x = 0;
                while x < w {
                    let sym = buf[(x, y)].symbol();
                    row.push_str(sym);
                    x += u16::try_from(str_width(sym).max(1)).unwrap_or(1);
                }
                row
            })
            .collect()
    }

    #[test]
    fn a_cut_page_ends_in_the_tabs_to_the_lesson_over_whole_characters() {
        let long = "两把普通的锁，十个线程。".repeat(8);
        for w in [30, 31] {
            let rows = drawn(&long, 1, w);
            assert!(rows[1].ends_with("…Tab"), "{rows:?}");
            assert_eq!(str_width(&rows[1]), usize::from(w), "{rows:?}");
        }
        let rows = drawn(&long, 3, 31);
        assert!(rows[1].ends_with("…Tab×3"), "{rows:?}");
        let short = drawn("一页。", 3, 31);
        assert!(!short.concat().contains("Tab"), "{short:?}");
    }
}

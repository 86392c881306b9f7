//! The help overlay: every binding of the keymap table, grouped, in the language on screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{BorderType, Paragraph, Widget};

use super::keymap::{Context, BINDINGS};
use super::popup::{centered, frame};
use super::theme::{dim, key};
use super::width::fit;
use super::words::{tr, Words, APP_TITLE};
use crate::scenario::text::Lang;

/// The overlay `?` opens; the current screen's group is highlighted.
pub struct HelpOverlay {
    pub context: Context,
    pub lang: Lang,
    /// Its frame, as the theme draws frames.
    pub border: BorderType,
}

const GROUPS: [(Context, Words); 3] = [
    (Context::Picker, Words::new("Scenario list", "场景列表")),
    (Context::Run, Words::new("Run screen", "运行界面")),
    (Context::Global, Words::new("Anywhere", "任何界面")),
];

/// Width of the key column.
const KEY_W: usize = 8;

impl HelpOverlay {
    /// Every group, or (`all` false, for short screens) only those that apply here.
    fn text(&self, all: bool) -> Text<'static> {
        let mut text = Text::default();
        for (ctx, name) in GROUPS {
            let here = ctx == self.context || ctx == Context::Global;
            if !here && !all {
                continue;
            }
            let head = if here {
                Style::new()
                    .fg(Color::LightCyan)
                    .add_modifier(Modifier::BOLD)
            } else {
                dim().add_modifier(Modifier::BOLD)
            };
            if !text.lines.is_empty() {
                text.push_line(Line::raw(""));
            }
            text.push_line(Line::styled(name.get(self.lang), head));
            for b in BINDINGS.iter().filter(|b| b.context == ctx) {
                let desc = if here { Style::new() } else { dim() };
                text.push_line(Line::from(vec![
                    Span::raw("  "),
                    Span::styled(fit(b.label, KEY_W), key()),
                    Span::styled(b.help.get(self.lang), desc),
                ]));
            }
        }
        text.push_line(Line::raw(""));
        let close = tr(
            self.lang,
            "? or Esc closes this help",
            "按 ? 或 Esc 关闭帮助",
        );
        text.push_line(Line::styled(close, dim()));
        text
    }
}

impl Widget for &HelpOverlay {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let mut text = self.text(true);
        if text.height() + 2 > usize::from(area.height) {
            text = self.text(false);
        }
        let width = text.width().max(44) as u16 + 4;
        let height = text.height() as u16 + 2;
        let boxed = centered(area, width, height);
        let title = Line::styled(
            format!(" {APP_TITLE} "),
            Style::new().add_modifier(Modifier::BOLD),
        );
        let inner = frame(boxed, buf, title, Color::LightCyan, self.border);
        let inner = Rect {
            x: inner.x.saturating_add(1).min(inner.right()),
            width: inner.width.saturating_sub(1),
            ..inner
        };
        Paragraph::new(text).render(inner, buf);
    }
}

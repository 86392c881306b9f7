//! The help overlay: every binding of the keymap table, grouped, in the language on screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{BorderType, Paragraph, Widget};

use super::keymap::{Action, Context, BINDINGS};
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
    /// The run has variants: `v` is listed only then.
    pub has_variants: bool,
    /// A challenge is played: `d` is listed, `v` and `s` (which it turns off) are not.
    pub challenge: bool,
    /// A learner's own program (`conlab py`): no `s`, `x` or `+-` (yet).
    pub own_program: bool,
}

const GROUPS: [(Context, Words); 4] = [
    (Context::Picker, Words::new("Scenario list", "场景列表")),
    (Context::Run, Words::new("Run screen", "运行界面")),
    (
        Context::Explorer,
        Words::new("Explorer panel (x)", "探索面板（x）"),
    ),
    (Context::Global, Words::new("Anywhere", "任何界面")),
];

/// Width of the key column.
const KEY_W: usize = 11;

impl HelpOverlay {
    /// This screen's name, as its group is headed.
    fn screen_name(&self) -> &'static str {
        GROUPS
            .iter()
            .find(|(ctx, _)| *ctx == self.context)
            .map_or("", |(_, w)| w.get(self.lang))
    }

    /// For short screens: only the bindings that work here, as one list
    /// with no blank lines (the screen's name and the closing hint go in
    /// the frame, leaving every row to a key).
    fn compact(&self) -> Text<'static> {
        let mut text = Text::default();
        let here = |c: Context| c == self.context || c == Context::Global;
        for b in BINDINGS
            .iter()
            .filter(|b| here(b.context) && self.offers(b.action))
        {
            text.push_line(Line::from(vec![
                Span::raw("  "),
                Span::styled(fit(b.label, KEY_W), key()),
                Span::raw(b.help.get(self.lang)),
            ]));
        }
        text
    }

    /// Whether the overlay lists `action` (`v` only with variants).
    fn offers(&self, action: Action) -> bool {
        match action {
            Action::NextVariant => self.has_variants && !self.challenge,
            Action::StepMode => !self.challenge,
            Action::Explore | Action::Faster => !self.own_program,
            Action::Debrief => self.challenge,
            _ => true,
        }
    }

    fn close_hint(&self) -> &'static str {
        tr(
            self.lang,
            "? or Esc closes this help",
            "按？或 Esc 关闭帮助",
        )
    }

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
            for b in BINDINGS
                .iter()
                .filter(|b| b.context == ctx && self.offers(b.action))
            {
                let desc = if here { Style::new() } else { dim() };
                text.push_line(Line::from(vec![
                    Span::raw("  "),
                    Span::styled(fit(b.label, KEY_W), key()),
                    Span::styled(b.help.get(self.lang), desc),
                ]));
            }
        }
        text.push_line(Line::raw(""));
        text.push_line(Line::styled(self.close_hint(), dim()));
        text
    }
}

impl Widget for &HelpOverlay {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let fits = |t: &Text| t.height() + 2 <= usize::from(area.height);
        let mut text = self.text(true);
        let mut hint_in_frame = false;
        if !fits(&text) {
            text = self.text(false);
        }
        if !fits(&text) {
            text = self.compact();
            hint_in_frame = true;
        }
        let width = text.width().max(44) as u16 + 4;
        let height = text.height() as u16 + 2;
        let boxed = centered(area, width, height);
        let title = if hint_in_frame {
            format!(" {APP_TITLE} · {} ", self.screen_name())
        } else {
            format!(" {APP_TITLE} ")
        };
        let title = Line::styled(title, Style::new().add_modifier(Modifier::BOLD));
        let inner = frame(boxed, buf, title, Color::LightCyan, self.border);
        if hint_in_frame {
            let hint = Line::styled(format!(" {} ", self.close_hint()), dim());
            let bottom = Rect {
                x: boxed.x + 2,
                y: boxed.bottom().saturating_sub(1),
                width: boxed.width.saturating_sub(4),
                height: 1,
            };
            Paragraph::new(hint).render(bottom.intersection(buf.area), buf);
        }
        let inner = Rect {
            x: inner.x.saturating_add(1).min(inner.right()),
            width: inner.width.saturating_sub(1),
            ..inner
        };
        Paragraph::new(text).render(inner, buf);
    }
}

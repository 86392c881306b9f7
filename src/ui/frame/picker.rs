//! The scenario picker: the catalogue, the selected scenario's lesson, the keys.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::framed::pane;
use super::help::HelpOverlay;
use super::keymap::Context;
use super::lesson::LessonPane;
use super::state::UiState;
use super::status_bar::StatusBar;
use super::theme::dim;
use super::width::{fit, str_width, truncate};
use super::words::{tr, APP_TITLE};
use crate::scenario::text::Lang;
use crate::scenario::Scenario;

/// The catalogue and which entry is selected.
#[derive(Debug, Clone, Default)]
pub struct PickerState {
    pub scenarios: Vec<Scenario>,
    pub selected: usize,
}

impl PickerState {
    /// A picker on the first scenario.
    pub fn new(scenarios: Vec<Scenario>) -> PickerState {
        PickerState {
            scenarios,
            selected: 0,
        }
    }

    /// Move the selection up, wrapping to the end.
    pub fn up(&mut self) {
        let n = self.scenarios.len().max(1);
        self.selected = (self.selected + n - 1) % n;
    }

    /// Move the selection down, wrapping to the start.
    pub fn down(&mut self) {
        self.selected = (self.selected + 1) % self.scenarios.len().max(1);
    }

    /// The selected scenario, if the catalogue is not empty.
    pub fn current(&self) -> Option<&Scenario> {
        self.scenarios.get(self.selected)
    }
}

/// The picker screen, drawn from the catalogue and the screen choices.
pub struct PickerScreen<'a> {
    pub picker: &'a PickerState,
    pub ui: &'a UiState,
}

/// Rows one entry takes in the list.
const ITEM_H: u16 = 2;

fn title_bar(area: Rect, buf: &mut Buffer) {
    let style = Style::new()
        .fg(Color::Black)
        .bg(Color::LightCyan)
        .add_modifier(Modifier::BOLD);
    buf.set_style(area, style);
    let text = format!(" {APP_TITLE}");
    buf.set_stringn(area.x, area.y, text, area.width.into(), style);
}

impl PickerScreen<'_> {
    fn lang(&self) -> Lang {
        self.ui.lang
    }

    fn list(&self, area: Rect, buf: &mut Buffer) {
        let inner = pane(
            area,
            buf,
            Line::styled(
                format!(" {} ", tr(self.lang(), "Scenarios", "场景")),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            self.ui.paint.border_type(),
        );
        let scenarios = &self.picker.scenarios;
        if scenarios.is_empty() {
            let text = tr(self.lang(), "no scenarios found", "没有找到场景");
            buf.set_stringn(inner.x, inner.y, text, inner.width.into(), dim());
            return;
        }
        let visible = usize::from((inner.height / ITEM_H).max(1));
        let sel = self.picker.selected.min(scenarios.len() - 1);
        let first = (sel + 1).saturating_sub(visible);
        let id_w = scenarios
            .iter()
            .map(|s| str_width(&s.id))
            .max()
            .unwrap_or(0)
            .min(14);
        let mut y = inner.y;
        for (i, s) in scenarios.iter().enumerate().skip(first) {
            if y >= inner.bottom() {
                break;
            }
            let row = Rect::new(inner.x, y, inner.width, ITEM_H.min(inner.bottom() - y));
            self.item(s, i == sel, id_w, row, buf);
            y += ITEM_H;
        }
    }

    fn item(&self, s: &Scenario, selected: bool, id_w: usize, row: Rect, buf: &mut Buffer) {
        let (mark, base) = if selected {
            (
                "▸ ",
                Style::new()
                    .fg(Color::White)
                    .bg(Color::Blue)
                    .add_modifier(Modifier::BOLD),
            )
        } else {
            ("  ", Style::new())
        };
        buf.set_style(row, base);
        let head = Line::from(vec![
            Span::styled(mark, Style::new().fg(Color::LightCyan)),
            Span::styled(fit(&s.id, id_w), Style::new().fg(Color::LightCyan)),
            Span::raw("  "),
            Span::styled(
                s.title.get(self.lang()).to_string(),
                Style::new().add_modifier(Modifier::BOLD),
            ),
        ]);
        buf.set_line(row.x, row.y, &head, row.width);
        if row.height > 1 {
            let room = usize::from(row.width).saturating_sub(2);
            let summary = format!("  {}", truncate(s.summary.get(self.lang()), room));
            let style = if selected { Style::new() } else { dim() };
            buf.set_line(row.x, row.y + 1, &Line::styled(summary, style), row.width);
        }
    }

    fn preview(&self, area: Rect, buf: &mut Buffer) {
        let Some(s) = self.picker.current() else {
            return;
        };
        let head = Line::styled(
            format!(" {} ", s.title.get(self.lang())),
            Style::new().add_modifier(Modifier::BOLD),
        );
        let inner = pane(area, buf, head, self.ui.paint.border_type());
        LessonPane {
            scenario: s,
            variant: None,
            lang: self.lang(),
            progress: None,
        }
        .render(inner, buf);
    }

    fn body(&self, area: Rect, buf: &mut Buffer) {
        let list_h = u16::try_from(self.picker.scenarios.len().max(1))
            .unwrap_or(u16::MAX)
            .saturating_mul(ITEM_H)
            .saturating_add(2);
        if area.width >= 100 {
            let [l, r] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(area);
            self.list(l, buf);
            self.preview(r, buf);
        } else if area.height >= list_h + 6 {
            let [l, r] =
                Layout::vertical([Constraint::Length(list_h), Constraint::Fill(1)]).areas(area);
            self.list(l, buf);
            self.preview(r, buf);
        } else {
            self.list(area, buf);
        }
    }
}

impl Widget for &PickerScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let status_h = u16::from(area.height >= 3);
        let [top, body, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(status_h),
        ])
        .areas(area);
        title_bar(top, buf);
        if !body.is_empty() {
            self.body(body, buf);
        }
        StatusBar {
            context: Context::Picker,
            lang: self.lang(),
            all_panes_shown: false,
            has_code: false,
        }
        .render(status, buf);
        if self.ui.help {
            HelpOverlay {
                context: Context::Picker,
                lang: self.lang(),
                border: self.ui.paint.border_type(),
                has_variants: true,
            }
            .render(area, buf);
        }
        self.ui.paint.finish(area, buf);
    }
}

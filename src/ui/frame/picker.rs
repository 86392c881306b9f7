//! The scenario picker: the catalogue grouped by chapter with full ids and
//! the selection's place (`7/25`), the selected scenario's lesson, the keys.

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

use super::picker_state::chapter_name;
pub use super::picker_state::PickerState;

/// The picker screen, drawn from the catalogue and the screen choices.
pub struct PickerScreen<'a> {
    pub picker: &'a PickerState,
    pub ui: &'a UiState,
}

/// One row of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Chapter(usize),
    Item(usize),
    Summary(usize),
}

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

    /// The rows of the shown lessons under their chapters; every lesson's
    /// summary when `roomy`, else only the selected one's.
    fn rows(&self, roomy: bool) -> Vec<Row> {
        let p = self.picker;
        let mut rows = Vec::new();
        let mut chapter = None;
        for i in p.shown() {
            let c = p.chapter_at(i);
            if chapter != Some(c) {
                rows.push(Row::Chapter(c));
                chapter = Some(c);
            }
            rows.push(Row::Item(i));
            if roomy || i == p.selected {
                rows.push(Row::Summary(i));
            }
        }
        rows
    }

    /// ` Scenarios 7/25 `, with the filter (and a caret while it is typed).
    fn list_title(&self) -> Line<'static> {
        let (at, of) = self.picker.position();
        let mut t = format!(" {} {}/{of} ", tr(self.lang(), "Scenarios", "场景"), at + 1);
        if !self.picker.filter.is_empty() || self.picker.typing {
            let caret = if self.picker.typing { "▏" } else { "" };
            t.push_str(&format!("· /{}{caret} ", self.picker.filter));
        }
        Line::styled(t, Style::new().add_modifier(Modifier::BOLD))
    }

    fn list(&self, area: Rect, buf: &mut Buffer) {
        let border = self.ui.paint.border_type();
        let inner = pane(area, buf, self.list_title(), border);
        if self.picker.shown().is_empty() {
            let text = if self.picker.scenarios.is_empty() {
                tr(self.lang(), "no scenarios found", "没有找到场景")
            } else {
                tr(
                    self.lang(),
                    "no lesson matches · Esc: clear",
                    "没有匹配的课程 · Esc：清除",
                )
            };
            buf.set_stringn(inner.x, inner.y, text, inner.width.into(), dim());
            return;
        }
        let height = usize::from(inner.height);
        let full = self.rows(true);
        let rows = if full.len() <= height {
            full
        } else {
            self.rows(false)
        };
        let sel = rows
            .iter()
            .position(|r| *r == Row::Item(self.picker.selected))
            .unwrap_or(0);
        // The selected entry and its summary in view; its chapter too when it is first.
        let first = (sel + 2).saturating_sub(height).min(sel.saturating_sub(1));
        let id_w = self
            .picker
            .scenarios
            .iter()
            .map(|s| str_width(&s.id))
            .max()
            .unwrap_or(0);
        let id_w = id_w.min(usize::from(inner.width) / 2);
        for (row, y) in rows.iter().skip(first).zip(inner.y..inner.bottom()) {
            let line = Rect::new(inner.x, y, inner.width, 1);
            self.row(*row, id_w, line, buf);
        }
    }

    fn row(&self, row: Row, id_w: usize, line: Rect, buf: &mut Buffer) {
        let selected = |i: usize| i == self.picker.selected;
        let chosen = Style::new()
            .fg(Color::White)
            .bg(Color::Blue)
            .add_modifier(Modifier::BOLD);
        let width = usize::from(line.width);
        match row {
            Row::Chapter(c) => {
                let name = chapter_name(c).get(self.lang());
                let style = Style::new()
                    .fg(Color::LightYellow)
                    .add_modifier(Modifier::BOLD);
                buf.set_line(
                    line.x,
                    line.y,
                    &Line::styled(format!("▌ {name}"), style),
                    line.width,
                );
            }
            Row::Item(i) => {
                let s = &self.picker.scenarios[i];
                let title = match self.picker.challenge_at(i) {
                    Some(c) => c.title.get(self.lang()),
                    None => s.title.get(self.lang()),
                };
                let (mark, base) = if selected(i) {
                    ("▸ ", chosen)
                } else {
                    ("  ", Style::new())
                };
                buf.set_style(line, base);
                let room = width.saturating_sub(2 + id_w + 2);
                let head = Line::from(vec![
                    Span::styled(mark, Style::new().fg(Color::LightCyan)),
                    Span::styled(fit(&s.id, id_w), Style::new().fg(Color::LightCyan)),
                    Span::raw("  "),
                    Span::styled(
                        truncate(title, room).into_owned(),
                        Style::new().add_modifier(Modifier::BOLD),
                    ),
                ]);
                buf.set_line(line.x, line.y, &head, line.width);
            }
            Row::Summary(i) => {
                let s = &self.picker.scenarios[i];
                let room = width.saturating_sub(4);
                let said = match self.picker.challenge_at(i) {
                    Some(c) => c.goal.get(self.lang()),
                    None => s.summary.get(self.lang()),
                };
                let summary = format!("    {}", truncate(said, room));
                let style = if selected(i) {
                    chosen.remove_modifier(Modifier::BOLD)
                } else {
                    dim()
                };
                buf.set_style(line, if selected(i) { chosen } else { Style::new() });
                buf.set_line(line.x, line.y, &Line::styled(summary, style), line.width);
            }
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
        let mut inner = pane(area, buf, head, self.ui.paint.border_type());
        if let Some(c) = self.picker.challenge_at(self.picker.selected) {
            inner = self.challenge_note(c, inner, buf);
        }
        LessonPane {
            scenario: s,
            variant: None,
            lang: self.lang(),
            progress: None,
        }
        .render(inner, buf);
    }

    /// A challenge's goal, actors and budget above its lesson; returns the rest.
    fn challenge_note(
        &self,
        c: &crate::scenario::challenge::Challenge,
        area: Rect,
        buf: &mut Buffer,
    ) -> Rect {
        let lang = self.lang();
        let bold = Style::new()
            .fg(Color::LightYellow)
            .add_modifier(Modifier::BOLD);
        let goal = format!("{}{}", tr(lang, "Goal: ", "目标："), c.goal.get(lang));
        let who = match lang {
            Lang::En => format!("you schedule {} · {} steps", c.actors.join(", "), c.budget),
            Lang::Zh => format!("由你调度 {} · 最多 {} 步", c.actors.join("、"), c.budget),
        };
        let lines = [
            Line::styled(goal, bold),
            Line::styled(who, dim()),
            Line::default(),
        ];
        for (y, line) in (area.y..area.bottom()).zip(lines.iter()) {
            buf.set_line(area.x, y, line, area.width);
        }
        let used = area.height.min(3);
        Rect::new(area.x, area.y + used, area.width, area.height - used)
    }

    fn body(&self, area: Rect, buf: &mut Buffer) {
        let list_h = u16::try_from(self.rows(true).len().max(1))
            .unwrap_or(u16::MAX)
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
        if self.picker.typing {
            let hint = tr(
                self.lang(),
                " type to filter by id or title · ↑↓ choose · Enter run · Esc clear",
                " 输入以按 id 或标题筛选 · ↑↓ 选择 · 回车 运行 · Esc 清除",
            );
            buf.set_stringn(status.x, status.y, hint, status.width.into(), dim());
        } else {
            StatusBar {
                context: Context::Picker,
                lang: self.lang(),
                all_panes_shown: false,
                has_code: false,
            }
            .render(status, buf);
        }
        if self.ui.help {
            HelpOverlay {
                context: Context::Picker,
                lang: self.lang(),
                border: self.ui.paint.border_type(),
                has_variants: true,
                challenge: false,
                own_program: false,
            }
            .render(area, buf);
        }
        self.ui.paint.finish(area, buf);
    }
}

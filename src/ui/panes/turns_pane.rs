//! The turns list of step mode: every live actor numbered, the held ones with
//! the step each is about to take (`2 buyer0 ▸ read tickets into t`), the one
//! ↑/↓ point at marked, and a last row saying what the keys do now (a
//! reported deadlock takes the number keys for its victims).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::actors::Actors;
use super::choices::ChoiceKind;
use super::state::RunState;
use super::theme::{dim, glyph, state_style, state_word, BAD};
use super::width::{fit, str_width};
use super::words::tr;
use crate::scenario::text::Lang;

/// Whose turn it is, for the run in step mode.
pub struct TurnsPane<'a> {
    pub run: &'a RunState,
    pub lang: Lang,
}

impl TurnsPane<'_> {
    /// Rows the list would like in `width` cells: one per live actor, and the keys.
    pub fn rows_wanted(&self, width: u16) -> u16 {
        let n = self.run.choices().map_or(0, |c| c.names.len());
        let deadlock = self.run.model.deadlocks.current().is_some();
        let keys = self.keys_rows(deadlock, width.into()).len();
        u16::try_from(n.max(1) + keys).unwrap_or(u16::MAX)
    }

    /// What the keys do now, its parts packed into rows of `width` cells.
    fn keys_rows(&self, deadlock: bool, width: usize) -> Vec<Line<'static>> {
        let (text, style) = if deadlock {
            let text = tr(
                self.lang,
                "deadlock: 1-9 pick a victim · see the banner",
                "死锁中：数字键选择牺牲者 · 见顶部横幅",
            );
            let red = Style::new().fg(BAD).add_modifier(Modifier::BOLD);
            (text, red)
        } else if self.run.challenge.is_some() {
            // A challenge stays in step mode: undo instead of s.
            let text = tr(
                self.lang,
                "1-9 or ↑↓ Enter: one step · n: everyone · u: undo",
                "1-9 或 ↑↓ 回车：走一步 · n：全体各一步 · u：撤销",
            );
            (text, dim())
        } else {
            let text = tr(
                self.lang,
                "1-9 or ↑↓ Enter: one step · n: everyone · s: off",
                "1-9 或 ↑↓ 回车：走一步 · n：全体各一步 · s：关闭",
            );
            (text, dim())
        };
        let mut rows: Vec<String> = Vec::new();
        for part in text.split(" · ") {
            match rows.last_mut() {
                Some(row) if str_width(row) + 3 + str_width(part) <= width => {
                    row.push_str(" · ");
                    row.push_str(part);
                }
                _ => rows.push(part.to_string()),
            }
        }
        rows.into_iter().map(|r| Line::styled(r, style)).collect()
    }

    /// `› 2 buyer0 ▸ read tickets into t`, or a running actor's state, dimmed.
    fn row(
        &self,
        key: Option<usize>,
        name: &str,
        name_w: usize,
        chosen: bool,
        actors: &Actors,
    ) -> Line<'static> {
        let pointer = if chosen { "›" } else { " " };
        let key = match key {
            Some(i) if i < 9 => format!("{}", i + 1),
            None => " ".to_string(),
            Some(_) => "·".to_string(),
        };
        let mut spans = vec![
            Span::styled(
                format!("{pointer}{key:>2} "),
                Style::new()
                    .fg(Color::LightCyan)
                    .add_modifier(Modifier::BOLD),
            ),
            Span::styled(fit(name, name_w), Style::new().fg(actors.color(name))),
        ];
        let model = &self.run.model;
        if let Some(h) = model.deadlocks.held(name) {
            let bold = Style::new().add_modifier(Modifier::BOLD);
            spans.push(Span::styled(" ▸ ", bold.fg(Color::Cyan)));
            spans.push(Span::styled(h.text.clone(), bold));
        } else if let Some(lane) = actors.lane(name) {
            let state = lane.current();
            let doing = if lane.doing.is_empty() {
                state_word(state).get(self.lang).to_string()
            } else {
                lane.doing.clone()
            };
            spans.push(Span::raw(" "));
            spans.push(Span::styled(glyph(state), state_style(state)));
            spans.push(Span::styled(format!(" {doing}"), dim()));
        }
        let line = Line::from(spans);
        if chosen {
            line.style(Style::new().bg(Color::DarkGray))
        } else {
            line
        }
    }
}

impl Widget for &TurnsPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let Some(choices) = self.run.choices() else {
            // Step mode is on (the header says so); the run has nobody left to step.
            let played = self.run.challenge.as_ref();
            let text = if played.is_some_and(|c| c.play.is_over()) {
                tr(
                    self.lang,
                    "challenge over · d: debrief · u: undo · r: again",
                    "挑战结束 · d：复盘 · u：撤销 · r：再来",
                )
            } else if played.is_some() {
                tr(
                    self.lang,
                    "no steps left · u: undo · r: again",
                    "步数用完了 · u：撤销 · r：再来",
                )
            } else if self.run.step_mode {
                tr(
                    self.lang,
                    "run over · step mode stays on · r: rerun",
                    "运行已结束 · 单步模式仍开启 · r：重跑",
                )
            } else {
                tr(
                    self.lang,
                    "step mode is off · s: on",
                    "单步模式已关闭 · s：开启",
                )
            };
            buf.set_stringn(area.x, area.y, text, area.width.into(), dim());
            return;
        };
        let deadlock = choices.kind == ChoiceKind::Victim;
        // The keys under the list, as many rows of them as leave one for the list.
        let keys = self.keys_rows(deadlock, area.width.into());
        let keys_h = keys.len().min(usize::from(area.height) - 1);
        let list_h = usize::from(area.height) - keys_h;
        let keys_y = area.bottom() - u16::try_from(keys_h).unwrap_or(0);
        for (y, line) in (keys_y..area.bottom()).zip(&keys) {
            buf.set_line(area.x, y, line, area.width);
        }
        if deadlock {
            // The victims are in the banner; the list shows the held steps.
            let live = self
                .run
                .model
                .lanes
                .iter()
                .filter(|l| l.exited_us.is_none());
            let names: Vec<&str> = live.map(|l| l.actor.as_str()).collect();
            self.draw_list(&names, None, list_h, area, buf);
        } else {
            let chosen = self.run.chosen_index(&choices);
            self.draw_list(&choices.names, Some(chosen), list_h, area, buf);
        }
    }
}

impl TurnsPane<'_> {
    /// The rows that fit, scrolled so the chosen one shows.
    fn draw_list(
        &self,
        names: &[&str],
        chosen: Option<usize>,
        rows: usize,
        area: Rect,
        buf: &mut Buffer,
    ) {
        if names.is_empty() {
            let text = tr(
                self.lang,
                "waiting for the first actor…",
                "等待第一个参与者…",
            );
            buf.set_stringn(area.x, area.y, text, area.width.into(), dim());
            return;
        }
        let actors = Actors::new(&self.run.model);
        let longest = names.iter().map(|n| str_width(n)).max().unwrap_or(4);
        let name_w = longest.clamp(4, 12);
        let first = chosen.map_or(0, |c| (c + 1).saturating_sub(rows));
        let shown = names.iter().enumerate().skip(first).take(rows);
        for ((i, name), y) in shown.zip(area.y..area.bottom()) {
            // In a deadlock the number keys pick victims (the banner's numbers).
            let key = chosen.is_some().then_some(i);
            let line = self.row(key, name, name_w, chosen == Some(i), &actors);
            if chosen == Some(i) {
                buf.set_style(Rect::new(area.x, y, area.width, 1), line.style);
            }
            buf.set_line(area.x, y, &line, area.width);
        }
    }
}

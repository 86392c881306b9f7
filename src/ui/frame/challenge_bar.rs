//! The challenge bar under the header (the goal, or the verdict once there
//! is one; steps used of the budget and the keys of the controlled actors,
//! or what the last undo replayed), and the debrief page (`d`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{BorderType, Widget};

use super::choices::ChoiceKind;
use super::para::{draw_paras, rows_needed, Para};
use super::popup::{centered, frame};
use super::state::RunState;
use super::theme::{dim, BAD, GOOD};
use super::words::tr;
use crate::model::challenge::Status;
use crate::scenario::text::Lang;

/// Two rows: what to reach (or the verdict), and where the play stands.
pub struct ChallengeBar<'a> {
    pub run: &'a RunState,
    pub lang: Lang,
}

impl ChallengeBar<'_> {
    pub const ROWS: u16 = 2;

    fn first_row(&self) -> Line<'static> {
        let Some(c) = &self.run.challenge else {
            return Line::default();
        };
        let bold = Modifier::BOLD;
        match (c.play.verdict_line(&c.spec.goal, self.lang), c.play.status) {
            (Some(text), Status::Won) => Line::styled(
                format!(" ✔ {text}"),
                Style::new().fg(GOOD).add_modifier(bold),
            ),
            (Some(text), _) => Line::styled(
                format!(" ✘ {text}"),
                Style::new().fg(BAD).add_modifier(bold),
            ),
            (None, _) => Line::from(vec![
                Span::styled(
                    format!(" {}", tr(self.lang, "Goal: ", "目标：")),
                    Style::new().fg(Color::LightYellow).add_modifier(bold),
                ),
                Span::styled(
                    c.spec.goal.get(self.lang).to_string(),
                    Style::new().add_modifier(bold),
                ),
            ]),
        }
    }

    fn second_row(&self) -> Line<'static> {
        let Some(c) = &self.run.challenge else {
            return Line::default();
        };
        let lang = self.lang;
        let used = format!(
            " {} {}/{}",
            tr(lang, "steps", "步数"),
            c.play.steps(),
            c.play.budget
        );
        let mut spans = vec![Span::styled(
            used,
            Style::new().add_modifier(Modifier::BOLD),
        )];
        let sep = || Span::styled(" · ", dim());
        let turns = self.run.choices().filter(|ch| ch.kind == ChoiceKind::Turn);
        if let Some(ch) = turns {
            spans.push(sep());
            for (i, name) in ch.names.iter().enumerate() {
                let key = Span::styled(format!("{} ", i + 1), Style::new().fg(Color::LightCyan));
                spans.extend([key, Span::raw(format!("{name} "))]);
            }
            spans.push(Span::styled(tr(lang, "n all", "n 全部"), dim()));
        } else {
            spans.push(sep());
            spans.push(Span::raw(c.spec.actors.join(" ")));
        }
        spans.push(sep());
        spans.push(self.undo_note());
        Line::from(spans)
    }
}

impl ChallengeBar<'_> {
    /// What the last undo replayed (until the next step), or the keys.
    fn undo_note(&self) -> Span<'static> {
        let lang = self.lang;
        let green = Style::new().fg(Color::LightGreen);
        match self.run.undo {
            Some(u) if u.took.is_none() => {
                Span::styled(tr(lang, "undo: replaying…", "撤销：重放中…"), green)
            }
            Some(u) if self.run.played().len() <= u.steps => {
                let (n, secs) = (u.steps, u.took.unwrap_or_default().as_secs_f64());
                let note = match lang {
                    Lang::En => format!("replayed {n} steps (undo, {secs:.2} s)"),
                    Lang::Zh => format!("重放了 {n} 步（撤销，{secs:.2} 秒）"),
                };
                Span::styled(note, green)
            }
            _ => Span::styled(tr(lang, "u undo · d debrief", "u 撤销 · d 复盘"), dim()),
        }
    }
}

impl Widget for &ChallengeBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() || self.run.challenge.is_none() {
            return;
        }
        buf.set_line(area.x, area.y, &self.first_row(), area.width);
        if area.height > 1 {
            let mut row = self.second_row();
            // Too long (many actors): the key hints go first, the actors' keys stay.
            if row.width() > usize::from(area.width) && self.run.undo.is_none() {
                row.spans.truncate(row.spans.len().saturating_sub(2));
            }
            buf.set_line(area.x, area.y + 1, &row, area.width);
        }
    }
}

/// The debrief page: the interleaving that wins, or why none can, and the
/// schedule the learner played.
pub struct Debrief<'a> {
    pub run: &'a RunState,
    pub lang: Lang,
    pub border: BorderType,
}

impl Widget for &Debrief<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        let Some(c) = self.run.challenge.as_ref().filter(|_| !area.is_empty()) else {
            return;
        };
        let lang = self.lang;
        let played = self.run.played().join(", ");
        let played = if played.is_empty() {
            "—".to_string()
        } else {
            played
        };
        let yours = format!("{}{played}", tr(lang, "Your schedule: ", "你走的顺序："));
        let verdict = c.play.verdict_line(&c.spec.goal, lang).unwrap_or_else(|| {
            let goal = c.spec.goal.get(lang);
            format!("{}{goal}", tr(lang, "Goal: ", "目标："))
        });
        let plain = Style::new();
        let mut paras: Vec<Para> = c
            .spec
            .debrief
            .get(lang)
            .split("\n\n")
            .map(|p| Para::plain(p, plain))
            .collect();
        paras.push(Para::plain("", plain));
        paras.push(Para::plain(
            &verdict,
            Style::new().add_modifier(Modifier::BOLD),
        ));
        paras.push(Para::plain(&yours, Style::new().fg(Color::LightCyan)));
        let hint = tr(
            lang,
            "d close · u undo · r play again · q back",
            "d 关闭 · u 撤销 · r 重玩 · q 返回",
        );
        paras.push(Para::plain(hint, dim()));
        let width = 76.min(area.width).max(20);
        let rows = rows_needed(&paras, width.saturating_sub(2));
        let boxed = centered(area, width, u16::try_from(rows + 2).unwrap_or(u16::MAX));
        let title = format!(
            " {} · {} ",
            tr(lang, "Debrief", "复盘"),
            c.spec.title.get(lang)
        );
        let title = Line::styled(
            title,
            Style::new()
                .fg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
        );
        let inner = frame(boxed, buf, title, Color::LightYellow, self.border);
        draw_paras(&paras, inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Event, EventKind};

    fn rows(run: &RunState, lang: Lang, width: u16) -> Vec<String> {
        let area = Rect::new(0, 0, width, ChallengeBar::ROWS);
        let mut buf = Buffer::empty(area);
        ChallengeBar { run, lang }.render(area, &mut buf);
        (0..area.height)
            .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect()
    }

    fn oversell() -> RunState {
        let s = crate::scenario::load("ticket-grab").unwrap();
        let c = s.challenge("oversell").unwrap().clone();
        RunState::for_challenge(s, &c)
    }

    #[test]
    fn the_bar_fits_80_columns_in_both_languages_and_says_the_verdict_in_words() {
        let mut run = oversell();
        let en = rows(&run, Lang::En, 80);
        assert!(en[0].contains("Goal: sell the one ticket twice"), "{en:?}");
        assert!(
            en[1].contains("steps 0/16") && en[1].contains("u undo · d debrief"),
            "{en:?}"
        );
        // A wide character's second cell reads as a space: compare without them.
        let zh: Vec<String> = rows(&run, Lang::Zh, 80)
            .iter()
            .map(|r| r.replace(' ', ""))
            .collect();
        assert!(zh[0].contains("目标：把唯一的票卖两次"), "{zh:?}");
        assert!(zh[1].contains("步数0/16"), "{zh:?}");
        let ended = EventKind::RunEnded {
            outcome: crate::event::Outcome::Completed,
            reason: None,
        };
        run.apply(&Event::new(1, "host", 1, ended));
        let en = rows(&run, Lang::En, 80);
        assert!(
            en[0].contains("✘ LOST: the run ended without reaching the goal"),
            "{en:?}"
        );
        let zh = rows(&run, Lang::Zh, 80)[0].replace(' ', "");
        assert!(zh.contains("失败：运行结束了，目标没有达成"), "{zh:?}");
    }
}

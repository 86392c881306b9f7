//! The wait-for graph as text: each waiting actor points at the lock it
//! wants, each lock at whoever holds it. The reported circle comes first, in
//! red, as one chain that returns to its start (↺); the other waits follow,
//! one row per lock, dimmed (yellow when they queue behind the circle); then
//! the circles found so far and how each ended.

use std::collections::BTreeMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::{dim, faint, BAD};
use super::width::{str_width, truncate};
use super::words::{tr, Words};
use crate::model::deadlocks::{Found, Link};
use crate::model::outcome::duration_text;
use crate::model::Model;
use crate::scenario::text::Lang;

/// The graph of lock waits, drawn inside whatever frame the screen gives.
pub struct WaitForPane<'a> {
    pub model: &'a Model,
    pub lang: Lang,
}

const WAITS: Words = Words::new("waits", "等待");
const HELD_BY: Words = Words::new("held by", "持有者");
/// Circles listed under the graph at most.
const HISTORY: usize = 3;

fn red() -> Style {
    Style::new().fg(BAD).add_modifier(Modifier::BOLD)
}

fn width_of(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| str_width(&s.content)).sum()
}

/// `how` of a `deadlock_broken` event in a word.
pub(crate) fn how_word(how: &str, lang: Lang) -> &'static str {
    match how {
        "killed" | "killed_holding" => tr(lang, "killed", "被杀"),
        _ => tr(lang, "unwound", "回退"),
    }
}

impl WaitForPane<'_> {
    /// ` ──waits──▶ ` or, when `short`, ` ─▶ `.
    fn arrow(&self, word: Words, short: bool, style: Style) -> Span<'static> {
        if short {
            Span::styled(" ─▶ ", style)
        } else {
            Span::styled(format!(" ──{}──▶ ", word.get(self.lang)), style)
        }
    }

    /// `t3 ──waits──▶ [B] ──held by──▶ t0` in `style` (without the holder when `open`).
    fn link(&self, l: &Link<'_>, short: bool, style: Style) -> Vec<Span<'static>> {
        vec![
            Span::styled(l.actor.to_string(), style),
            self.arrow(WAITS, short, style),
            Span::styled(format!("[{}]", l.lock), style),
            self.arrow(HELD_BY, short, style),
            Span::styled(l.holder.to_string(), style),
        ]
    }

    /// The circle as one chain when it fits, else one link a row; short
    /// arrows when even a link does not fit.
    fn circle(&self, found: &Found, width: usize) -> Vec<Line<'static>> {
        let style = red();
        let back = Span::styled(" ↺", style);
        for short in [false, true] {
            let mut chain: Vec<Span<'static>> = Vec::new();
            for (i, l) in found.links().enumerate() {
                let mut spans = self.link(&l, short, style);
                if i > 0 {
                    spans.remove(0);
                }
                chain.extend(spans);
            }
            chain.push(back.clone());
            if width_of(&chain) <= width {
                return vec![Line::from(chain)];
            }
            let rows: Vec<Vec<Span<'static>>> =
                found.links().map(|l| self.link(&l, short, style)).collect();
            if short || rows.iter().all(|r| width_of(r) <= width) {
                return one_link_a_row(rows, width);
            }
        }
        Vec::new()
    }

    /// Waits outside the circle, one row per lock: `t5, t6 +3 ──waits──▶ [A] ──held by──▶ t3`.
    fn waits(&self, found: Option<&Found>, width: usize) -> Vec<Line<'static>> {
        let graph = &self.model.deadlocks.graph;
        let mut by_lock: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (actor, lock, _) in graph.waits() {
            if !found.is_some_and(|f| f.has(actor)) {
                by_lock.entry(lock).or_default().push(actor);
            }
        }
        let mut out = Vec::new();
        for (lock, waiters) in by_lock {
            let holders: Vec<&str> = graph.holders(lock).map(|(h, _)| h).collect();
            let stuck = holders
                .iter()
                .any(|h| self.model.deadlocks.is_deadlocked(h));
            let style = if stuck {
                Style::new().fg(Color::Yellow)
            } else {
                dim()
            };
            let held = if holders.is_empty() {
                tr(self.lang, "nobody", "无").to_string()
            } else {
                holders.join(", ")
            };
            let wants = vec![
                self.arrow(WAITS, false, style),
                Span::styled(format!("[{lock}]"), style.add_modifier(Modifier::BOLD)),
            ];
            let held_by = vec![self.arrow(HELD_BY, false, style), Span::styled(held, style)];
            // At least the first name and how many more.
            let first = match waiters.len() {
                1 => str_width(waiters[0]),
                n => str_width(waiters[0]) + 2 + (n - 1).to_string().len(),
            }
            .min(12);
            let room = width.saturating_sub(width_of(&wants) + width_of(&held_by));
            if room >= first {
                let mut row = vec![Span::styled(names_in(&waiters, room), style)];
                row.extend(wants);
                row.extend(held_by);
                out.push(Line::from(row));
                continue;
            }
            // Too narrow for one row: the holder goes under the lock.
            let room = width.saturating_sub(width_of(&wants)).max(first);
            let mut row = vec![Span::styled(names_in(&waiters, room), style)];
            row.extend(wants);
            out.push(Line::from(row));
            let mut under = vec![Span::raw("   ")];
            under.extend(held_by);
            out.push(Line::from(under));
        }
        out
    }

    /// `0.41s  t3 ⇄ t0  → t0 unwound`, newest first.
    fn history(&self) -> Vec<Line<'static>> {
        let found = self.model.deadlocks.history();
        let open = self.model.deadlocks.current();
        let mut out = Vec::new();
        if found.is_empty() {
            return out;
        }
        let head = match self.lang {
            Lang::En => format!("deadlocks found: {}", found.len()),
            Lang::Zh => format!("已发现死锁：{} 次", found.len()),
        };
        out.push(Line::styled(head, dim().add_modifier(Modifier::BOLD)));
        for f in found.iter().rev().take(HISTORY) {
            let members: Vec<&str> = f.members().collect();
            let end = match (&f.broken, open.is_some_and(|o| std::ptr::eq(o, f))) {
                (Some(b), _) => format!("→ {} {}", b.victim, how_word(&b.how, self.lang)),
                (None, true) => tr(self.lang, "→ now", "→ 进行中").to_string(),
                (None, false) => tr(self.lang, "→ over", "→ 已结束").to_string(),
            };
            let text = format!(
                "{:>6}  {}  {end}",
                duration_text(f.t_us),
                members.join(" ⇄ ")
            );
            out.push(Line::styled(text, faint()));
        }
        out
    }

    /// Every row the pane would draw in `width` cells.
    fn rows(&self, width: usize) -> Vec<Line<'static>> {
        let found = self.model.deadlocks.current();
        let mut rows = found.map_or_else(Vec::new, |f| self.circle(f, width));
        rows.extend(self.waits(found, width));
        if rows.is_empty() {
            let nobody = tr(self.lang, "nobody waits for a lock", "没有人在等锁");
            rows.push(Line::styled(nobody, faint()));
        }
        rows.extend(self.history());
        rows
    }

    /// Rows the pane would like in `width` cells.
    pub fn rows_wanted(&self, width: u16) -> u16 {
        u16::try_from(self.rows(usize::from(width)).len()).unwrap_or(u16::MAX)
    }
}

/// The links a row each; the last returns to the start (↺) when there is room.
fn one_link_a_row(rows: Vec<Vec<Span<'static>>>, width: usize) -> Vec<Line<'static>> {
    let last = rows.len().saturating_sub(1);
    let rows = rows.into_iter().enumerate().map(|(i, mut r)| {
        if i == last && width_of(&r) + 2 <= width {
            r.push(Span::styled(" ↺", red()));
        }
        Line::from(r)
    });
    rows.collect()
}

/// `t5, t6, t7` in `room` cells, else as many as fit and `+N`.
fn names_in(names: &[&str], room: usize) -> String {
    let all = names.join(", ");
    if str_width(&all) <= room {
        return all;
    }
    for k in (1..names.len()).rev() {
        let s = format!("{} +{}", names[..k].join(", "), names.len() - k);
        if str_width(&s) <= room {
            return s;
        }
    }
    truncate(&all, room).into_owned()
}

impl Widget for &WaitForPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let rows = self.rows(usize::from(area.width));
        for (y, line) in (area.y..area.bottom()).zip(rows) {
            buf.set_line(area.x, y, &line, area.width);
        }
    }
}

//! The values panel: each shared value big and clear, its last changes, and
//! for read-modify-write lessons who read what before writing — the write
//! that clobbered another is marked, so a lost update can be pointed at.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::actors::Actors;
use super::big_digits::{big_rows, big_width};
use super::theme::{dim, faint, tone_look, BAD};
use super::width::{fit_spans, str_width};
use super::words::tr;
use crate::model::outcome::{owner, value_tone, Tone};
use crate::model::values::{Value, ValueCopy, Write};
use crate::model::Model;
use crate::scenario::text::Lang;

/// Every shared value of the run, one block each.
pub struct ValuesPane<'a> {
    pub model: &'a Model,
    pub lang: Lang,
}

/// Below this width numbers stay one row tall.
const BIG_MIN_WIDTH: u16 = 24;

/// The colour of a value as the outcome judges it.
fn tone_style(tone: Tone) -> Style {
    tone_look(tone).1
}

/// Below this width big numbers sit above the write lines, not beside them.
const BESIDE_MIN_WIDTH: u16 = 60;
/// How far back a trail looks at most: its cost follows the screen.
const TRAIL_SCAN: usize = 1_000;

/// `1 → 0 ×9`, `… 4 → 5 → 6`: the latest values that fit in `room` cells,
/// oldest first, a value written again and again counted rather than repeated.
fn trail(c: &ValueCopy, room: usize) -> String {
    let mut all = c.writes.iter().rev().map(|w| w.value).chain(c.start);
    let mut groups: Vec<(i64, usize)> = Vec::new();
    let mut cut = false;
    for v in all.by_ref().take(TRAIL_SCAN) {
        match groups.last_mut() {
            Some((last, n)) if *last == v => *n += 1,
            _ => groups.push((v, 1)),
        }
    }
    cut |= all.next().is_some();
    let mut parts: Vec<String> = Vec::new();
    let mut used = 0;
    for (v, n) in &groups {
        let s = if *n > 1 {
            format!("{v} ×{n}")
        } else {
            v.to_string()
        };
        let cost = str_width(&s) + if parts.is_empty() { 0 } else { 3 };
        if used + cost + 2 > room {
            cut = true;
            break;
        }
        used += cost;
        parts.push(s);
    }
    parts.reverse();
    match (cut, parts.is_empty()) {
        (true, false) => format!("… {}", parts.join(" → ")),
        _ => parts.join(" → "),
    }
}

/// How the rows of the pane are shared out.
struct Budget {
    /// Numbers three rows tall.
    big: bool,
    /// Write lines beside the big number rather than under it.
    beside: bool,
    /// Write lines per value that gets them.
    writes: usize,
    /// Only read-modify-write values get write lines (they tell the lesson).
    rmw_only: bool,
}

impl ValuesPane<'_> {
    /// `b3: read 1 → wrote 0, overwrote b1`, red when it clobbered a write.
    fn write_line(&self, w: &Write, actors: &Actors, width: usize) -> Vec<Span<'static>> {
        let full = self.write_spans(w, actors, false);
        // `(lost)` goes first: the next line, which overwrote this one, says it too.
        let core = full.len() - usize::from(w.lost);
        if Line::from(full[..core].to_vec()).width() <= width {
            return fit_spans(full, width);
        }
        fit_spans(self.write_spans(w, actors, true), width)
    }

    /// The words of a write; `compact` drops "read"/"wrote" so that who was
    /// overwritten still fits a narrow pane: `✗ buyer6: 1 → 0 over buyer0`.
    fn write_spans(&self, w: &Write, actors: &Actors, compact: bool) -> Vec<Span<'static>> {
        let values = &self.model.values;
        let who = values.actor(w.actor).to_string();
        let v = w.value;
        let what = match (w.based_on, compact, self.lang) {
            (Some((_, r)), true, _) => format!("{r} → {v}"),
            (Some((_, r)), false, Lang::En) => format!("read {r} → wrote {v}"),
            (Some((_, r)), false, Lang::Zh) => format!("读到 {r} → 写入 {v}"),
            (None, _, Lang::En) => format!("wrote {v}"),
            (None, _, Lang::Zh) => format!("写入 {v}"),
        };
        let red = Style::new().fg(BAD).add_modifier(Modifier::BOLD);
        let (mark, style) = match (w.overwrote, w.lost) {
            (Some(_), _) => ("✗ ", red),
            (None, true) => ("  ", dim()),
            (None, false) => ("  ", Style::new()),
        };
        let mut spans = vec![
            Span::styled(mark, red),
            Span::styled(who.clone(), Style::new().fg(actors.color(&who))),
            Span::styled(tr(self.lang, ": ", "："), faint()),
            Span::styled(what, style),
        ];
        if let Some(o) = w.overwrote.map(|o| values.actor(o)) {
            let text = match (compact, self.lang) {
                (false, Lang::En) => format!(", overwrote {o}"),
                (false, Lang::Zh) => format!("，覆盖了 {o}"),
                (true, Lang::En) => format!(" over {o}"),
                (true, Lang::Zh) => format!(" 覆盖 {o}"),
            };
            spans.push(Span::styled(text, red));
        }
        if w.lost {
            spans.push(Span::styled(tr(self.lang, " (lost)", "（丢失）"), dim()));
        }
        spans
    }

    /// The last `n` writes by actors (not the host's initial value), oldest first.
    fn last_writes(&self, c: &ValueCopy, n: usize, width: usize) -> Vec<Line<'static>> {
        let actors = Actors::new(self.model);
        let mut out: Vec<Line> = (c.writes.iter().rev())
            .filter(|w| w.actor != 0)
            .take(n)
            .map(|w| Line::from(self.write_line(w, &actors, width)))
            .collect();
        out.reverse();
        out
    }

    fn name_span(&self, v: &Value) -> Span<'static> {
        Span::styled(v.name.clone(), Style::new().add_modifier(Modifier::BOLD))
    }

    /// A value with one copy: the number (big when there is room), its trail, its last writes.
    fn single(&self, v: &Value, c: &ValueCopy, b: &Budget, width: usize) -> Vec<Line<'static>> {
        let now = c.current().unwrap_or(0);
        let style = tone_style(value_tone(self.model, v, c));
        let mut head = vec![self.name_span(v)];
        if !b.big {
            head.push(Span::raw(" = "));
            head.push(Span::styled(now.to_string(), style));
        }
        let used: usize = head.iter().map(|s| str_width(&s.content)).sum();
        let t = trail(c, width.saturating_sub(used + 3));
        if !t.is_empty() {
            head.push(Span::styled(format!("   {t}"), dim()));
        }
        let mut rows = vec![Line::from(head)];
        let n = if b.rmw_only && !c.read_modify_write() {
            0
        } else {
            b.writes
        };
        let pad = if b.big && b.beside {
            big_width(now) + 2
        } else {
            0
        };
        let writes = self.last_writes(c, n, width - pad.min(width));
        if !b.big {
            rows.extend(writes);
            return rows;
        }
        let digits = big_rows(now).map(|d| Span::styled(format!("{d}  "), style));
        if !b.beside {
            rows.extend(digits.map(Line::from));
            rows.extend(writes);
            return rows;
        }
        let body = writes.len().max(3);
        let mut writes = writes.into_iter();
        for i in 0..body {
            let left = digits.get(i).cloned().unwrap_or(Span::raw(" ".repeat(pad)));
            let mut spans = vec![left];
            spans.extend(writes.next().map(|l| l.spans).unwrap_or_default());
            rows.push(Line::from(spans));
        }
        rows
    }

    /// A global with a copy in several processes: one row per copy, with its owner.
    fn copies(&self, v: &Value, width: usize) -> Vec<Line<'static>> {
        let actors = Actors::new(self.model);
        let note = tr(self.lang, "  one copy per process", "  每个进程各有一份");
        let mut rows = vec![Line::from(vec![
            self.name_span(v),
            Span::styled(note, dim()),
        ])];
        for c in &v.copies {
            let who = owner(self.model, c);
            let pid = c.pid.map_or(String::new(), |p| format!(" pid {p}"));
            let now = c.current().map_or("?".to_string(), |n| n.to_string());
            let style = tone_style(value_tone(self.model, v, c));
            let mut spans = vec![
                Span::styled(format!("  {who}"), Style::new().fg(actors.color(&who))),
                Span::styled(pid, dim()),
                Span::raw(" = "),
                Span::styled(now, style),
            ];
            let used: usize = spans.iter().map(|s| str_width(&s.content)).sum();
            spans.push(Span::styled(
                format!("   {}", trail(c, width.saturating_sub(used + 3))),
                dim(),
            ));
            rows.push(Line::from(spans));
        }
        rows
    }

    fn block(&self, v: &Value, b: &Budget, width: usize) -> Vec<Line<'static>> {
        match v.copies.as_slice() {
            // A per-process global no process has touched yet: its initial value.
            [] => {
                let initial = v.initial.map_or("?".to_string(), |i| i.to_string());
                vec![Line::from(vec![
                    self.name_span(v),
                    Span::styled(format!(" = {initial}"), dim()),
                ])]
            }
            [c] => self.single(v, c, b, width),
            _ => self.copies(v, width),
        }
    }

    /// Big numbers when every value gets its four rows and a write line; the
    /// rest of the height goes to write lines, shared evenly.
    fn budget(&self, area: Rect) -> Budget {
        let values: Vec<&Value> = self.model.values.iter().collect();
        let single = |v: &Value| v.copies.len() <= 1;
        let rmw = |v: &Value| single(v) && v.copies.first().is_some_and(|c| c.read_modify_write());
        let heads: usize = values
            .iter()
            .map(|v| 1 + v.copies.len() * usize::from(!single(v)))
            .sum();
        let singles = values.iter().filter(|v| single(v)).count();
        let rmw_only = values.iter().any(|v| rmw(v));
        let takers = values
            .iter()
            .filter(|v| if rmw_only { rmw(v) } else { single(v) })
            .count();
        let (height, gaps) = (usize::from(area.height), values.len().saturating_sub(1));
        let beside = area.width >= BESIDE_MIN_WIDTH;
        let least = heads + gaps + 3 * singles + if beside { 0 } else { takers };
        let big = area.width >= BIG_MIN_WIDTH && height >= least;
        let taken = heads + gaps + if big { 3 * singles } else { 0 };
        let spare = height.saturating_sub(taken) / takers.max(1);
        Budget {
            big,
            beside,
            writes: spare + if big && beside { 3 } else { 0 },
            rmw_only,
        }
    }
}

impl Widget for &ValuesPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        if self.model.values.is_empty() {
            let text = tr(
                self.lang,
                "no shared values in this run",
                "本次运行没有共享数值",
            );
            buf.set_stringn(area.x, area.y, text, area.width.into(), dim());
            return;
        }
        let b = self.budget(area);
        let width = usize::from(area.width);
        let mut rows: Vec<Line> = Vec::new();
        for (i, v) in self.model.values.iter().enumerate() {
            if i > 0 {
                rows.push(Line::default());
            }
            rows.extend(self.block(v, &b, width));
        }
        if rows.len() > usize::from(area.height) {
            rows.retain(|l| l.width() > 0); // no blank rows between blocks when short of room
        }
        for (y, row) in (area.y..area.bottom()).zip(rows.iter()) {
            buf.set_line(area.x, y, row, area.width);
        }
    }
}

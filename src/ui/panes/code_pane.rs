//! The Python listing of the run's program, with each actor marked at the
//! line its current step stands for, at the time the screen shows.

use std::collections::BTreeMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::theme::{dim, faint, glyph, salience, state_style};
use super::width::{str_width, truncate};
use super::words::tr;
use crate::model::lanes::LaneState;
use crate::model::Model;
use crate::scenario::text::Lang;

/// The code pane: the listing in the language's comments, marked at `t_us`.
pub struct CodePane<'a> {
    pub model: &'a Model,
    pub t_us: u64,
    pub lang: Lang,
}

/// Who stands at one line: their names (in lane order) and states.
#[derive(Debug, Default, PartialEq)]
struct Crowd {
    names: Vec<String>,
    states: Vec<LaneState>,
}

impl Crowd {
    /// The state a reader must not miss: a blocked actor outshouts a running one.
    fn loudest(&self) -> LaneState {
        self.states
            .iter()
            .copied()
            .max_by_key(|&s| salience(s))
            .unwrap_or(LaneState::Running)
    }

    /// `◀ buyer3`, `◀ buyer3 buyer5`, or `◀ buyer0 +9` when there are more.
    fn tag(&self) -> String {
        let names = match self.names.as_slice() {
            [one] => one.clone(),
            [a, b] => format!("{a} {b}"),
            [first, rest @ ..] => format!("{first} +{}", rest.len()),
            [] => String::new(),
        };
        format!("◀ {names}")
    }
}

impl CodePane<'_> {
    /// Each marked line (1-based) with who is there, and the line the actor
    /// that moved last is on (where the eye should be).
    fn crowds(&self) -> (BTreeMap<u32, Crowd>, Option<u32>) {
        let mut at: BTreeMap<u32, Crowd> = BTreeMap::new();
        let mut latest: Option<(u64, u32)> = None;
        for lane in &self.model.lanes {
            let Some((since, line)) = lane.line_at(self.t_us) else {
                continue;
            };
            let crowd = at.entry(line).or_default();
            crowd.names.push(lane.actor.clone());
            crowd
                .states
                .push(lane.state_at(self.t_us).unwrap_or(LaneState::Running));
            if latest.is_none_or(|(t, _)| since >= t) {
                latest = Some((since, line));
            }
        }
        (at, latest.map(|(_, l)| l))
    }

    /// The first line shown (0-based) when `total` lines must fit in `rows`:
    /// every marked line (`marked`, 1-based, sorted) when they fit together,
    /// else the focus line a third of the way down.
    fn first_row(total: usize, rows: usize, marked: &[u32], focus: Option<u32>) -> usize {
        if total <= rows {
            return 0;
        }
        let last_start = total - rows;
        if let (Some(&lo), Some(&hi)) = (marked.first(), marked.last()) {
            let span = (hi - lo) as usize + 1;
            if span <= rows {
                let start = (lo as usize)
                    .saturating_sub(1)
                    .saturating_sub((rows - span) / 2);
                return start.min(last_start);
            }
        }
        let focus = focus.map_or(0, |l| (l as usize).saturating_sub(1));
        focus.saturating_sub(rows / 3).min(last_start)
    }

    pub fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(listing) = &self.model.listing else {
            let none = tr(self.lang, "(no Python listing)", "（没有 Python 代码）");
            Paragraph::new(Span::styled(none, dim())).render(area, buf);
            return;
        };
        let lines: Vec<&str> = listing.get(self.lang).lines().collect();
        let (crowds, focus) = self.crowds();
        let rows = usize::from(area.height);
        let marked: Vec<u32> = crowds.keys().copied().collect();
        let first = Self::first_row(lines.len(), rows, &marked, focus);
        let number_w = lines.len().to_string().len();
        let width = usize::from(area.width);
        let shown = lines.iter().enumerate().skip(first).take(rows);
        let out: Vec<Line> = shown
            .map(|(i, code)| {
                let crowd = crowds.get(&(i as u32 + 1));
                code_row(i + 1, number_w, code, crowd, width)
            })
            .collect();
        Paragraph::new(out).render(area, buf);
    }
}

/// One listing line: number, marker, the code (comments dimmed), and who is
/// there, right-aligned.
/// The line as it fits in `room` columns: whole, else without its comment,
/// else cut short.
fn fitted(code: &str, room: usize) -> String {
    if str_width(code) <= room {
        return code.to_string();
    }
    let bare = comment_start(code).map_or(code, |i| code[..i].trim_end());
    truncate(bare, room).into_owned()
}

fn code_row(
    n: usize,
    number_w: usize,
    code: &str,
    crowd: Option<&Crowd>,
    width: usize,
) -> Line<'static> {
    let number = Span::styled(format!("{n:>number_w$} "), faint());
    let Some(crowd) = crowd else {
        let room = width.saturating_sub(number_w + 3);
        let mut spans = vec![number, Span::raw("  ")];
        spans.extend(python_spans(&fitted(code, room), Style::new()));
        return Line::from(spans);
    };
    let state = crowd.loudest();
    let look = state_style(state);
    let tag = crowd.tag();
    let room = width.saturating_sub(number_w + 3 + str_width(&tag) + 1);
    let code = fitted(code, room);
    let gap = width.saturating_sub(number_w + 3 + str_width(&code) + str_width(&tag));
    let mut spans = vec![number, Span::styled(format!("{} ", marker(state)), look)];
    spans.extend(python_spans(
        &code,
        Style::new().add_modifier(Modifier::BOLD),
    ));
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(tag, look.add_modifier(Modifier::BOLD)));
    Line::from(spans)
}

/// The gutter mark of a line someone is at: an arrow while they run, else
/// their timeline glyph (▒ blocked, ─ asleep, ┄ waiting).
fn marker(state: LaneState) -> &'static str {
    match state {
        LaneState::Running | LaneState::Working => "▶",
        other => glyph(other),
    }
}

/// A line of Python with its `#` comment dimmed (a `#` inside a string is
/// not a comment).
fn python_spans(code: &str, base: Style) -> Vec<Span<'static>> {
    match comment_start(code) {
        Some(i) => vec![
            Span::styled(code[..i].to_string(), base),
            Span::styled(code[i..].to_string(), dim()),
        ],
        None => vec![Span::styled(code.to_string(), base)],
    }
}

/// The byte where a line's comment begins, outside '…' and "…" strings.
fn comment_start(code: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in code.char_indices() {
        match (quote, c) {
            (None, '#') => return Some(i),
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_start_outside_strings() {
        assert_eq!(comment_start("x = 1  # one"), Some(7));
        assert_eq!(comment_start("print(\"#1\")  # first"), Some(13));
        assert_eq!(comment_start("print('no comment')"), None);
    }

    #[test]
    fn a_long_line_loses_its_comment_before_its_code() {
        let line = "    with lock:    # one at a time";
        assert_eq!(fitted(line, 40), line);
        assert_eq!(fitted(line, 20), "    with lock:");
        assert_eq!(fitted(line, 10), "    with …");
    }

    #[test]
    fn a_crowd_is_named_briefly() {
        let crowd = |names: &[&str]| Crowd {
            names: names.iter().map(|s| s.to_string()).collect(),
            states: vec![LaneState::Running; names.len()],
        };
        assert_eq!(crowd(&["main"]).tag(), "◀ main");
        assert_eq!(crowd(&["t1", "t2"]).tag(), "◀ t1 t2");
        assert_eq!(crowd(&["b0", "b1", "b2"]).tag(), "◀ b0 +2");
    }

    #[test]
    fn the_focus_line_stays_in_view() {
        assert_eq!(CodePane::first_row(10, 20, &[9], Some(9)), 0, "all fit");
        assert_eq!(
            CodePane::first_row(40, 12, &[3, 30], Some(30)),
            25,
            "too far apart"
        );
        assert_eq!(
            CodePane::first_row(40, 12, &[40], Some(40)),
            28,
            "not past the end"
        );
        assert_eq!(CodePane::first_row(40, 12, &[], None), 0);
        assert_eq!(
            CodePane::first_row(40, 12, &[0, 99], Some(0)),
            0,
            "lines from a foreign log never panic"
        );
        assert_eq!(
            CodePane::first_row(40, 12, &[15, 24], Some(15)),
            13,
            "lines 15 and 24 both in view, the gap shared above and below"
        );
    }
}

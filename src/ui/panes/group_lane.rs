//! A folded group's row on the timeline: its name and range, each cell in
//! the state most of its actors were in then, and at the right end how many
//! are in each state at the moment shown (`█12 ┄80 ×8`), glyph and number,
//! so it reads without colour.

use ratatui::buffer::Buffer;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::lane_groups::{counts_at, dominant, Group};
use std::cmp::Reverse;

use super::theme::{dim, glyph, state_style, state_word, LEGEND};
use super::width::{fit, str_width};
use super::window::Window;
use crate::model::lanes::{Lane, LaneState};
use crate::scenario::text::Lang;

/// The group's name column: `thread0‥99 (98)`, counting the actors this row
/// stands for (those the lesson is about have rows of their own).
pub(crate) fn draw_group_label(
    group: &Group,
    counted: usize,
    x: u16,
    y: u16,
    width: u16,
    buf: &mut Buffer,
) {
    if width == 0 {
        return;
    }
    let name = fit(&group.label(counted), usize::from(width - 1));
    let style = Style::new().add_modifier(Modifier::BOLD);
    buf.set_stringn(x, y, name, width.into(), style);
}

/// The group's cells: in each, the state most of `members` were in during
/// it (each member's cell read as its own lane's would be); states drawn
/// are added to `shown` for the legend.
pub(crate) fn draw_group_bar(
    lanes: &[Lane],
    members: &[usize],
    win: &Window,
    (x, y): (u16, u16),
    buf: &mut Buffer,
    shown: &mut Vec<LaneState>,
) {
    let mut per_cell = vec![[0usize; LEGEND.len()]; usize::from(win.cells)];
    for &i in members {
        for (c, state) in win.lane_cells(&lanes[i]).enumerate() {
            let k = state.and_then(|s| LEGEND.iter().position(|&l| l == s));
            if let Some(k) = k {
                per_cell[c][k] += 1;
            }
        }
    }
    for (c, n) in (0..win.cells).zip(&per_cell) {
        let counts: Vec<(LaneState, usize)> = LEGEND.iter().copied().zip(*n).collect();
        let Some(state) = dominant(&counts).filter(|_| n.iter().any(|&k| k > 0)) else {
            continue;
        };
        if !shown.contains(&state) {
            shown.push(state);
        }
        if let Some(cell) = buf.cell_mut((x + c, y)) {
            cell.set_symbol(glyph(state)).set_style(state_style(state));
        }
    }
}

/// `█12 ┄80 ×8`: how many of `members` are in each state at `at_us`, the
/// commonest first to get a place, in legend order; then how many are gone
/// (reaped), in words, if there is room.
pub(crate) fn draw_counts(
    lanes: &[Lane],
    members: &[usize],
    at_us: u64,
    (x, y, width): (u16, u16, u16),
    lang: Lang,
    buf: &mut Buffer,
) {
    let counts = counts_at(lanes, members, at_us);
    let gone = members
        .iter()
        .filter(|&&i| lanes[i].state_at(at_us) == Some(LaneState::Gone))
        .count();
    let line = counts_line(&counts, gone, lang, width.into());
    buf.set_line(x, y, &line, width);
}

/// The counts as glyph-and-number spans within `width` (a trailing space
/// may fall outside), and `gone` in words after them when it fits.
pub(crate) fn counts_line(
    counts: &[(LaneState, usize)],
    gone: usize,
    lang: Lang,
    width: usize,
) -> Line<'static> {
    let mut top: Vec<(LaneState, usize)> = counts.to_vec();
    top.sort_by_key(|&(s, n)| (Reverse(n), LEGEND.iter().position(|&l| l == s)));
    let mut used = 0;
    top.retain(|&(_, n)| {
        let w = 2 + n.to_string().len();
        let keep = used + w <= width + 1;
        used += if keep { w } else { 0 };
        keep
    });
    let mut spans = Vec::new();
    for &(state, n) in counts.iter().filter(|c| top.contains(c)) {
        spans.push(Span::styled(glyph(state), state_style(state)));
        spans.push(Span::raw(format!("{n} ")));
    }
    if gone > 0 {
        let word = state_word(LaneState::Gone).get(lang);
        let gone = match lang {
            Lang::En => format!("{gone} {word}"),
            Lang::Zh => format!("{word}{gone}"),
        };
        if used + str_width(&gone) <= width {
            spans.push(Span::styled(gone, dim()));
        }
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use LaneState::*;

    fn text(line: &Line) -> String {
        line.to_string().trim_end().to_string()
    }

    #[test]
    fn counts_read_as_glyph_and_number_in_legend_order() {
        let counts = [(Running, 12), (Waiting, 80), (Exited, 8)];
        assert_eq!(text(&counts_line(&counts, 0, Lang::En, 14)), "█12 ┄80 ×8");
    }

    #[test]
    fn when_counts_do_not_fit_the_commonest_stay() {
        let counts = [(Running, 1), (Sleeping, 3), (Blocked, 90), (Exited, 6)];
        // Room for three: the single runner is left out.
        assert_eq!(text(&counts_line(&counts, 0, Lang::En, 11)), "─3 ▒90 ×6");
        assert_eq!(text(&counts_line(&counts, 0, Lang::En, 4)), "▒90");
        assert_eq!(text(&counts_line(&[], 0, Lang::En, 10)), "");
    }

    #[test]
    fn the_gone_are_counted_in_words_when_there_is_room() {
        let counts = [(Exited, 2)];
        assert_eq!(text(&counts_line(&counts, 8, Lang::En, 12)), "×2 8 gone");
        assert_eq!(text(&counts_line(&counts, 8, Lang::Zh, 12)), "×2 已回收8");
        assert_eq!(text(&counts_line(&[], 100, Lang::En, 14)), "100 gone");
        assert_eq!(text(&counts_line(&counts, 8, Lang::En, 6)), "×2");
    }
}

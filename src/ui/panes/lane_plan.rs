//! How the timeline lays out an area: which rows it draws (lanes, or groups
//! folded), how its height is shared among lanes, the line under them, the
//! axis and the legend, and how wide the names and the counts are.

use std::cmp::Reverse;

use super::gil_lane::{gil_rows, label_width};
use super::lane_fold::{fill, fold, unfolded, LaneRow};
use super::lane_groups::{find_groups, Group};
use super::lane_pick::{choose, last_change, Choice, LaneScroll};
use super::width::str_width;
use crate::model::gil::Gils;
use crate::model::lanes::Lane;

/// Whether groups of similar actors fold into one lane: None folds them
/// when the lanes outnumber the rows; `g` makes it Some(yes or no).
pub type FoldChoice = Option<bool>;

/// What the timeline had on its last frame, for the keys that move it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LaneRows {
    /// Rows it had for lanes.
    pub rows: usize,
    /// Rows it could have shown (lanes, or lanes and groups when folded).
    pub offered: usize,
    /// The groups were folded.
    pub folded: bool,
}

/// How the rows of the area are shared out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rows {
    pub lanes: u16,
    /// 2 leaves a blank row between lanes, when there is room (projectors).
    pub pitch: u16,
    /// A line under the lanes: how many are left out, or that groups fold.
    pub more: bool,
    pub axis: bool,
    pub legend: bool,
}

/// Share `height` among `n` lanes, the axis and the legend; with `status`
/// the line under the lanes is there even when all of them fit.
pub(crate) fn share_rows(height: u16, n: usize, status: bool) -> Rows {
    let n = u16::try_from(n.max(1)).unwrap_or(u16::MAX);
    let status = u16::from(status);
    let axis = height >= 3;
    let legend = height >= n.saturating_add(2 + status);
    let left = height - u16::from(axis) - u16::from(legend);
    let more = status > 0 || left < n;
    let room = left.saturating_sub(status);
    let spacious = legend && room >= n.saturating_mul(2).saturating_sub(1);
    Rows {
        lanes: if more {
            left.saturating_sub(1).min(n)
        } else {
            n
        },
        pitch: if spacious { 2 } else { 1 },
        more,
        axis,
        legend,
    }
}

/// Everything the timeline needs to know before it draws.
pub(crate) struct Plan {
    pub groups: Vec<Group>,
    /// The rows offered: every lane, or the lanes and groups when folded.
    pub rows: Vec<LaneRow>,
    pub share: Rows,
    /// Which of `rows` are drawn.
    pub choice: Choice,
    pub folded: bool,
    pub label_w: u16,
    /// Columns right of the bars for the groups' counts (0 unfolded).
    pub counts_w: u16,
}

/// What the user asked for, and what the lesson is about now.
pub(crate) struct Ask<'a> {
    pub fold: FoldChoice,
    pub focus: &'a [String],
    pub scroll: LaneScroll,
    /// The moment shown (the cursor's, or now): recency is read there.
    pub at_us: u64,
}

/// The GIL rows to draw: every process's GIL when all rows fit, else only
/// the GILs that more than one thread held (a GIL only one thread ever took
/// repeats that thread's lane, and at 80x24 a lesson with four processes
/// would spend four rows on them and fold its threads away).
fn gil_rows_that_fit(lanes: &[Lane], gils: &Gils, height: u16) -> Vec<LaneRow> {
    let all = gil_rows(lanes, gils);
    let fits = usize::from(share_rows(height, usize::MAX, false).lanes) >= lanes.len() + all.len();
    if fits {
        return all;
    }
    let shared = |r: &LaneRow| match r {
        LaneRow::Gil { track, .. } => gils.tracks[*track].holders.len() > 1,
        _ => true,
    };
    all.into_iter().filter(shared).collect()
}

/// Lay out `lanes`, and a row for each of `gils`, in a `width` × `height` area.
pub(crate) fn plan(lanes: &[Lane], gils: &Gils, width: u16, height: u16, ask: &Ask) -> Plan {
    let groups = find_groups(lanes);
    let mut extra = gil_rows_that_fit(lanes, gils, height);
    let full = share_rows(height, lanes.len() + extra.len(), false);
    let folded = !groups.is_empty() && ask.fold.unwrap_or(full.more);
    let (mut rows, share) = if folded {
        let total = usize::from(share_rows(height, usize::MAX, true).lanes);
        let mut rows = fold(lanes, &groups, ask.focus, total.saturating_sub(extra.len()));
        if !extra.is_empty() && !first_focus_has_a_row(lanes, &rows, ask.focus) {
            // The actor the page or the banner names comes before the GILs.
            extra.clear();
            rows = fold(lanes, &groups, ask.focus, total);
        }
        let most = total.saturating_sub(extra.len());
        if ask.fold.is_none() {
            // Folded by itself: the rows left (but the legend's) show the
            // members last active, as unfolded lanes would.
            fill(
                &mut rows,
                &by_recency(lanes, &groups, ask.at_us),
                most.saturating_sub(1),
            );
        }
        let share = share_rows(height, rows.len() + extra.len(), true);
        (rows, share)
    } else {
        (unfolded(lanes.len()), full)
    };
    rows.extend(extra);
    rows.sort_by_key(LaneRow::place);
    let fit = usize::from(share.lanes);
    let choice = choose(lanes, &rows, fit, ask.focus, ask.scroll, ask.at_us);
    let (label_w, counts_w) = columns(lanes, &groups, folded, width, label_width(gils));
    Plan {
        groups,
        rows,
        share,
        choice,
        folded,
        label_w,
        counts_w,
    }
}

/// Whether the first actor of `focus` that has a lane has a row of its own
/// (not only a place in a folded group).
fn first_focus_has_a_row(lanes: &[Lane], rows: &[LaneRow], focus: &[String]) -> bool {
    let first = focus
        .iter()
        .find_map(|a| lanes.iter().position(|l| &l.actor == a));
    first.is_none_or(|i| {
        rows.iter()
            .any(|r| matches!(r, LaneRow::Lane(j) if *j == i))
    })
}

/// The groups' members, the one whose state changed last by `at_us` first.
fn by_recency(lanes: &[Lane], groups: &[Group], at_us: u64) -> Vec<usize> {
    let mut out: Vec<usize> = groups
        .iter()
        .flat_map(|g| g.members.iter().copied())
        .collect();
    out.sort_by_key(|&i| (Reverse(last_change(&lanes[i], at_us)), i));
    out
}

/// Only the columns: the widths of the names and the counts, which fix
/// where the bars are (the locks' and queues' sparklines follow them).
pub(crate) fn plan_columns(
    lanes: &[Lane],
    gils: &Gils,
    (width, height): (u16, u16),
    fold: FoldChoice,
) -> (u16, u16) {
    let groups = find_groups(lanes);
    let gil_n = gil_rows_that_fit(lanes, gils, height).len();
    let full = share_rows(height, lanes.len() + gil_n, false);
    let folded = !groups.is_empty() && fold.unwrap_or(full.more);
    columns(lanes, &groups, folded, width, label_width(gils))
}

/// The longest name, kept within reason, with room for `P d` after it (a
/// group's label takes the whole column); then, when folded, room for three
/// counts as wide as the biggest group (`█12 ┄80 ×8`). Both stay the same
/// whichever rows are drawn, so the bars do not shift as the lesson moves.
/// A GIL lane's label (`gil_w` wide) gets its whole width too.
fn columns(lanes: &[Lane], groups: &[Group], folded: bool, width: u16, gil_w: usize) -> (u16, u16) {
    if width < 12 {
        return (0, 0);
    }
    let longest = lanes.iter().map(|l| str_width(&l.actor)).max().unwrap_or(4);
    let gil = if gil_w > 0 { gil_w.min(20) + 1 } else { 0 };
    let mut label = (longest.clamp(4, 12) + 4).max(gil);
    if folded {
        let group = groups.iter().map(|g| str_width(&g.label(g.members.len())));
        label = label.max(group.max().unwrap_or(0).min(18) + 1);
    }
    let label_w = u16::try_from(label).unwrap_or(u16::MAX).min(width / 3);
    if !folded {
        return (label_w, 0);
    }
    let biggest = groups.iter().map(|g| g.members.len()).max().unwrap_or(1);
    let digits = biggest.to_string().len();
    let counts = u16::try_from(1 + 3 * (digits + 2) - 1).unwrap_or(u16::MAX);
    (label_w, counts.min(width / 5))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_go_to_lanes_first_then_axis_then_legend() {
        let r = share_rows(10, 3, false);
        assert!(r.axis && r.legend && !r.more && r.lanes == 3 && r.pitch == 2);
        let r = share_rows(6, 3, false);
        assert!(r.axis && r.legend && !r.more && r.lanes == 3 && r.pitch == 1);
        let r = share_rows(4, 3, false);
        assert!(r.axis && !r.legend && !r.more && r.lanes == 3);
        let r = share_rows(3, 3, false);
        assert!(r.axis && r.more && r.lanes == 1);
        let r = share_rows(1, 3, false);
        assert!(!r.axis && r.more && r.lanes == 0);
    }

    #[test]
    fn a_status_line_takes_a_row_even_when_all_fit() {
        let r = share_rows(7, 4, true);
        assert!(r.axis && r.legend && r.more && r.lanes == 4 && r.pitch == 1);
        let r = share_rows(6, 4, true);
        assert!(r.axis && !r.legend && r.more && r.lanes == 4);
        let r = share_rows(5, 4, true);
        assert!(r.axis && !r.legend && r.more && r.lanes == 3);
        assert_eq!(share_rows(7, usize::MAX, true).lanes, 5);
    }
}

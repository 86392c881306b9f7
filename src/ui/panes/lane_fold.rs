//! Folding: each group of similar actors (`lane_groups`) becomes one row of
//! the timeline, except the actors the lesson is about now, which keep rows
//! of their own while rows are left; the group's row counts the rest.

use std::collections::HashMap;

use super::lane_groups::Group;
use crate::model::lanes::Lane;

/// One row of the timeline: an actor's lane, or a folded group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LaneRow {
    Lane(usize),
    /// `groups[group]`, counting `members` (the ones not shown on their own);
    /// `first` is its first lane, where the row sits.
    Group {
        group: usize,
        first: usize,
        members: Vec<usize>,
    },
    /// A process's modelled GIL (`gils.tracks[track]`, see `gil_lane`),
    /// placed after lane `after`, the last of its process.
    Gil {
        track: usize,
        after: usize,
    },
}

impl LaneRow {
    /// The lanes this row stands for.
    pub fn lanes(&self) -> &[usize] {
        match self {
            LaneRow::Lane(i) => std::slice::from_ref(i),
            LaneRow::Group { members, .. } => members,
            LaneRow::Gil { .. } => &[],
        }
    }

    /// Where the row goes among the others: at its (first) lane, a group
    /// just before the members shown on their own, a GIL just after its
    /// process's last lane.
    pub fn place(&self) -> (usize, u8) {
        match *self {
            LaneRow::Group { first, .. } => (first, 0),
            LaneRow::Lane(i) => (i, 1),
            LaneRow::Gil { after, track } => (after, 2 + u8::try_from(track).unwrap_or(u8::MAX)),
        }
    }

    /// A GIL row stays on screen whichever lanes the lesson picks.
    pub fn pinned(&self) -> bool {
        matches!(self, LaneRow::Gil { .. })
    }
}

/// Every lane a row of its own, in lane order.
pub(crate) fn unfolded(n: usize) -> Vec<LaneRow> {
    (0..n).map(LaneRow::Lane).collect()
}

/// The rows with every group folded: the lanes of no group, one row per
/// group, and, while there are fewer than `rows`, the `focus` actors (most
/// important first) pulled out of their groups; in place order.
pub(crate) fn fold(
    lanes: &[Lane],
    groups: &[Group],
    focus: &[String],
    rows: usize,
) -> Vec<LaneRow> {
    let mut group_of = vec![None; lanes.len()];
    for (g, group) in groups.iter().enumerate() {
        for &i in &group.members {
            group_of[i] = Some(g);
        }
    }
    let base = group_of.iter().filter(|g| g.is_none()).count() + groups.len();
    let index: HashMap<&str, usize> = lanes
        .iter()
        .enumerate()
        .map(|(i, l)| (l.actor.as_str(), i))
        .collect();
    let mut pulled = vec![false; lanes.len()];
    let mut room = rows.saturating_sub(base);
    for i in focus.iter().filter_map(|a| index.get(a.as_str()).copied()) {
        if room == 0 {
            break;
        }
        if group_of[i].is_some() && !pulled[i] {
            pulled[i] = true;
            room -= 1;
        }
    }
    let mut out: Vec<LaneRow> = (0..lanes.len())
        .filter(|&i| group_of[i].is_none() || pulled[i])
        .map(LaneRow::Lane)
        .collect();
    for (g, group) in groups.iter().enumerate() {
        let members: Vec<usize> = group
            .members
            .iter()
            .copied()
            .filter(|&i| !pulled[i])
            .collect();
        if !members.is_empty() {
            let first = group.members[0];
            out.push(LaneRow::Group {
                group: g,
                first,
                members,
            });
        }
    }
    out.sort_by_key(LaneRow::place);
    out
}

/// Use the rows left, up to `up_to`, for the most recently active members of
/// the groups (`recent`, lane indices, most recent first); a group keeps two
/// at least, so its row still stands for a group.
pub(crate) fn fill(rows: &mut Vec<LaneRow>, recent: &[usize], up_to: usize) {
    for &i in recent {
        if rows.len() >= up_to {
            break;
        }
        let host = rows.iter_mut().find_map(|r| match r {
            LaneRow::Group { members, .. } if members.len() > 2 => {
                let k = members.iter().position(|&m| m == i)?;
                Some((members, k))
            }
            _ => None,
        });
        if let Some((members, k)) = host {
            members.remove(k);
            rows.push(LaneRow::Lane(i));
        }
    }
    rows.sort_by_key(LaneRow::place);
}

#[cfg(test)]
mod tests {
    use super::super::lane_groups::find_groups;
    use super::*;
    use crate::event::ActorKind;

    fn lanes(names: &[String]) -> Vec<Lane> {
        names
            .iter()
            .map(|n| Lane::new(n, ActorKind::Thread, 1, 0))
            .collect()
    }

    fn deadlock_lanes() -> Vec<Lane> {
        let mut names = vec!["main".to_string()];
        names.extend((0..10).map(|i| format!("t{i}")));
        lanes(&names)
    }

    fn names(ls: &[Lane], rows: &[LaneRow]) -> Vec<String> {
        rows.iter()
            .map(|r| match r {
                LaneRow::Lane(i) => ls[*i].actor.clone(),
                LaneRow::Group { members, .. } => format!("group of {}", members.len()),
                LaneRow::Gil { .. } => "GIL".to_string(),
            })
            .collect()
    }

    #[test]
    fn the_circle_keeps_its_own_lanes_and_the_group_counts_the_rest() {
        let ls = deadlock_lanes();
        let gs = find_groups(&ls);
        let focus = ["t4".to_string(), "t3".to_string()];
        let rows = fold(&ls, &gs, &focus, 5);
        assert_eq!(names(&ls, &rows), ["main", "group of 8", "t3", "t4"]);
        // One row left: only the first focus actor comes out.
        let rows = fold(&ls, &gs, &focus, 3);
        assert_eq!(names(&ls, &rows), ["main", "group of 9", "t4"]);
        // No row left: the group alone.
        let rows = fold(&ls, &gs, &focus, 1);
        assert_eq!(names(&ls, &rows), ["main", "group of 10"]);
    }

    #[test]
    fn actors_of_no_group_are_not_pulled_and_do_not_use_rows() {
        let ls = deadlock_lanes();
        let gs = find_groups(&ls);
        let focus = ["main".to_string(), "nobody".to_string(), "t9".to_string()];
        let rows = fold(&ls, &gs, &focus, 3);
        assert_eq!(names(&ls, &rows), ["main", "group of 9", "t9"]);
    }

    #[test]
    fn rows_left_go_to_the_most_recent_and_a_group_keeps_two() {
        let ls = deadlock_lanes();
        let gs = find_groups(&ls);
        let mut rows = fold(&ls, &gs, &["t4".to_string()], 5);
        fill(&mut rows, &[9, 5, 3], 4);
        assert_eq!(names(&ls, &rows), ["main", "group of 8", "t4", "t8"]);
        fill(&mut rows, &(1..=10).collect::<Vec<_>>(), 100);
        assert_eq!(rows.len(), 11 - 2 + 1, "two left in the group: {rows:?}");
        assert_eq!(names(&ls, &rows)[1], "group of 2");
    }

    #[test]
    fn a_group_pulled_out_whole_leaves_no_empty_row() {
        let names4: Vec<String> = (0..4).map(|i| format!("w{i}")).collect();
        let ls = lanes(&names4);
        let gs = find_groups(&ls);
        let rows = fold(&ls, &gs, &names4, 10);
        assert_eq!(rows, unfolded(4));
    }
}

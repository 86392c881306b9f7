//! Groups of similar actors: `thread0`…`thread99`, `buyer0`…`buyer9` are one
//! stem and a number, and a timeline with a hundred of them can fold them
//! into one lane that counts how many are in each state (see `lane_fold`).

use std::collections::HashMap;

use super::theme::{salience, LEGEND};
use crate::event::ActorKind;
use crate::model::lanes::{Lane, LaneState};

/// Fewer actors than this with one stem stay lanes of their own: three
/// threads fold into nothing worth the fold.
pub(crate) const MIN_GROUP: usize = 4;

/// Lanes that share a stem and a kind: `members` are indices into the lanes,
/// in lane order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    pub stem: String,
    pub kind: ActorKind,
    pub members: Vec<usize>,
    /// The lowest and highest number, as written (`0`, `99`).
    pub lo: String,
    pub hi: String,
}

/// `thread17` → (`thread`, `17`): a non-empty stem and a number at the end;
/// None for `main`, `42` or `t`.
pub(crate) fn stem_of(name: &str) -> Option<(&str, &str)> {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &name[stem.len()..];
    (!stem.is_empty() && !digits.is_empty()).then_some((stem, digits))
}

/// A number as written, ordered by value (`9` before `10`) without parsing it.
fn by_value(digits: &str) -> (usize, &str) {
    let d = digits.trim_start_matches('0');
    (d.len(), d)
}

/// The groups among `lanes`: every stem and kind shared by `MIN_GROUP` or
/// more of them, in the order their first lanes come.
pub(crate) fn find_groups(lanes: &[Lane]) -> Vec<Group> {
    let mut at: HashMap<(&str, ActorKind), usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    for (i, lane) in lanes.iter().enumerate() {
        let Some((stem, digits)) = stem_of(&lane.actor) else {
            continue;
        };
        let g = *at.entry((stem, lane.kind)).or_insert_with(|| {
            groups.push(Group {
                stem: stem.to_string(),
                kind: lane.kind,
                members: Vec::new(),
                lo: digits.to_string(),
                hi: digits.to_string(),
            });
            groups.len() - 1
        });
        let group = &mut groups[g];
        group.members.push(i);
        if by_value(digits) < by_value(&group.lo) {
            group.lo = digits.to_string();
        }
        if by_value(digits) > by_value(&group.hi) {
            group.hi = digits.to_string();
        }
    }
    groups.retain(|g| g.members.len() >= MIN_GROUP);
    groups
}

impl Group {
    /// `thread0‥99 (100)`: the stem, its range, and how many the lane counts.
    pub fn label(&self, counted: usize) -> String {
        format!("{}{}‥{} ({counted})", self.stem, self.lo, self.hi)
    }
}

/// How many of `members` are in each state at `t_us`, in legend order;
/// states with none, lanes not there yet, and reaped ones are left out.
pub(crate) fn counts_at(lanes: &[Lane], members: &[usize], t_us: u64) -> Vec<(LaneState, usize)> {
    tally(members.iter().filter_map(|&i| lanes[i].state_at(t_us)))
}

/// Count `states` per state, in legend order, without `Gone`.
pub(crate) fn tally(states: impl Iterator<Item = LaneState>) -> Vec<(LaneState, usize)> {
    let mut n = [0usize; LEGEND.len()];
    for s in states {
        if let Some(k) = LEGEND.iter().position(|&l| l == s) {
            n[k] += 1;
        }
    }
    LEGEND
        .iter()
        .copied()
        .zip(n)
        .filter(|&(_, c)| c > 0)
        .collect()
}

/// The state most of them are in; a tie goes to the one a learner must not
/// miss (the more salient). None when none is there.
pub(crate) fn dominant(counts: &[(LaneState, usize)]) -> Option<LaneState> {
    counts
        .iter()
        .max_by_key(|&&(s, c)| (c, salience(s)))
        .map(|&(s, _)| s)
}

#[cfg(test)]
#[path = "lane_groups_tests.rs"]
mod tests;

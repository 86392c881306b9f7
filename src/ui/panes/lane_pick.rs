//! Which lanes the timeline shows when there are more actors than rows: the
//! ones the lesson is about now first (the deadlock circle the banner names,
//! the page's actors, who holds and waits for the locks), then the most
//! recently active; drawn in their own order so rows do not jump about.
//! A row may be a folded group of lanes (`lane_fold`): it ranks as its most
//! important, most recently active member.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};

use super::lane_fold::LaneRow;

use super::state::RunState;
use crate::model::checks::actor_matches;
use crate::model::lanes::Lane;
use crate::model::Model;
use crate::scenario::pages::Page;

/// The lanes' scroll, as the user set it: None lets the lesson choose.
pub type LaneScroll = Option<u16>;

/// The actors the lesson is about at `run`'s shown moment, most important
/// first (no repeats); the timeline keeps them on screen.
pub fn focus_of(run: &RunState) -> Vec<String> {
    let model = run.shown_model();
    let mut out = Vec::new();
    let mut many = Vec::new();
    banner_actors(model, &mut out);
    if let Some(page) = run.lesson.current() {
        page_actors(page, &model.lanes, &mut out, &mut many);
    }
    lock_actors(model, &mut out);
    out.append(&mut many);
    let mut seen = HashSet::new();
    out.retain(|a| seen.insert(a.clone()));
    out
}

/// The circle the banner names, or the wait no one can end.
fn banner_actors(model: &Model, out: &mut Vec<String>) {
    if let Some(found) = model.deadlocks.current() {
        out.extend(found.members().map(str::to_string));
    }
    for (actor, _, holders) in model.deadlocks.graph.hopeless() {
        out.push(actor.to_string());
        out.extend(holders.into_iter().map(str::to_string));
    }
    if let Some(cycle) = model.deadlocks.graph.cycle() {
        out.extend(cycle);
    }
}

/// The page's actors: the lanes its text names as words (`t9`, not the
/// `t9` inside `t90`) and its `wait_for` actor, then the first lane a
/// `prefix*` pattern matches; the other matches (many) go to `many`, which
/// comes after the locks' actors.
fn page_actors(page: &Page, lanes: &[Lane], out: &mut Vec<String>, many: &mut Vec<String>) {
    let pattern = page.wait_for.as_ref().and_then(|w| w.actor.as_deref());
    let words: HashSet<&str> = [page.text.en.as_str(), page.text.zh.as_str()]
        .into_iter()
        .flat_map(|t| t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')))
        .filter(|w| !w.is_empty())
        .chain(pattern.filter(|p| !p.ends_with('*')))
        .collect();
    let named = lanes.iter().filter(|l| words.contains(l.actor.as_str()));
    out.extend(named.map(|l| l.actor.clone()));
    if let Some(p) = pattern {
        let mut hits = lanes.iter().filter(|l| actor_matches(p, &l.actor));
        out.extend(hits.next().map(|l| l.actor.clone()));
        many.extend(hits.map(|l| l.actor.clone()));
    }
}

/// Who holds a lock someone waits for, then who waits.
fn lock_actors(model: &Model, out: &mut Vec<String>) {
    let graph = &model.deadlocks.graph;
    let mut waits: Vec<(&str, &str, u64)> = graph.waits().collect();
    waits.sort_by_key(|&(a, _, since)| (since, a));
    for &(_, lock, _) in &waits {
        out.extend(graph.holders(lock).map(|(a, _)| a.to_string()));
    }
    out.extend(waits.iter().map(|&(a, _, _)| a.to_string()));
}

/// The rows to draw, as indices into the rows offered, in their own order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub shown: Vec<usize>,
    /// Some((first, last)) 1-based while the user scrolls; None: chosen.
    pub window: Option<(usize, usize)>,
}

/// Pick `fit` of `rows` (lanes or folded groups of `lanes`): all when they
/// fit; a window when the user scrolled; else the rows of `focus` first (in
/// its order), then the rows that changed last by `at_us`.
pub fn choose(
    lanes: &[Lane],
    rows: &[LaneRow],
    fit: usize,
    focus: &[String],
    scroll: LaneScroll,
    at_us: u64,
) -> Choice {
    let n = rows.len();
    if n <= fit {
        return Choice {
            shown: (0..n).collect(),
            window: None,
        };
    }
    if let Some(o) = scroll {
        let first = usize::from(o).min(n - fit);
        return Choice {
            shown: (first..first + fit).collect(),
            window: Some((first + 1, first + fit)),
        };
    }
    let mut rank: HashMap<&str, usize> = HashMap::new();
    for (k, a) in focus.iter().enumerate() {
        rank.entry(a.as_str()).or_insert(k);
    }
    let key = |row: &LaneRow| {
        let members = row.lanes().iter().map(|&i| &lanes[i]);
        let first = members.clone().filter_map(|l| rank.get(l.actor.as_str()));
        let recent = members.map(|l| last_change(l, at_us)).max().unwrap_or(0);
        let first = first.min().copied().unwrap_or(usize::MAX);
        (!row.pinned(), first, Reverse(recent))
    };
    let mut ranked: Vec<usize> = (0..n).collect();
    ranked.sort_by_cached_key(|&k| (key(&rows[k]), k));
    ranked.truncate(fit);
    ranked.sort_unstable();
    Choice {
        shown: ranked,
        window: None,
    }
}

/// When the lane last changed state, as of `at_us` (0 before it existed).
pub(crate) fn last_change(lane: &Lane, at_us: u64) -> u64 {
    let segs = lane.segments();
    let idx = segs.partition_point(|s| s.start_us <= at_us);
    idx.checked_sub(1).map_or(0, |i| segs[i].start_us)
}

#[cfg(test)]
mod tests {
    use super::super::lane_fold::unfolded;
    use super::*;
    use crate::event::ActorKind;
    use crate::model::lanes::LaneState;

    fn lanes(n: usize) -> Vec<Lane> {
        (0..n)
            .map(|i| {
                let mut l = Lane::new(&format!("t{i}"), ActorKind::Thread, 1, 0);
                l.set_state(10 + i as u64, LaneState::Running);
                l
            })
            .collect()
    }

    #[test]
    fn focus_comes_first_then_recent_and_order_is_kept() {
        let ls = lanes(10);
        let focus = vec!["t7".to_string(), "t2".to_string()];
        let c = choose(&ls, &unfolded(10), 4, &focus, None, 1_000);
        // t7, t2 by focus; t9, t8 most recent; drawn in lane order.
        assert_eq!(c.shown, vec![2, 7, 8, 9]);
        assert_eq!(c.window, None);
    }

    #[test]
    fn a_page_names_its_actors_before_its_pattern_matches() {
        use crate::scenario::plan::{CheckSpec, Expect};
        use crate::scenario::text::Text;
        let ls = lanes(10);
        let mut page = Page::plain(Text::new("t9 watches; t1 waits", "t9 看着"));
        page.wait_for = Some(CheckSpec {
            label: Text::new("", ""),
            event: "print".into(),
            actor: Some("t*".into()),
            fields: Default::default(),
            expect: Expect::Seen,
            after_previous: false,
            compare: None,
            or_fields: Default::default(),
        });
        let (mut out, mut many) = (Vec::new(), Vec::new());
        page_actors(&page, &ls, &mut out, &mut many);
        assert_eq!(out, ["t1", "t9", "t0"]);
        assert_eq!(many.len(), 9, "t1 to t9 after the locks' actors: {many:?}");
    }

    #[test]
    fn all_fit_or_a_scrolled_window_is_clamped() {
        let ls = lanes(5);
        assert_eq!(
            choose(&ls, &unfolded(5), 5, &[], None, 0).shown,
            vec![0, 1, 2, 3, 4]
        );
        let c = choose(&ls, &unfolded(5), 3, &[], Some(9), 0);
        assert_eq!(c.shown, vec![2, 3, 4]);
        assert_eq!(c.window, Some((3, 5)));
    }

    #[test]
    fn a_group_row_ranks_as_its_most_important_member() {
        let ls = lanes(10);
        let rows = vec![
            LaneRow::Lane(0),
            LaneRow::Group {
                group: 0,
                first: 1,
                members: vec![1, 2, 3],
            },
            LaneRow::Lane(8),
            LaneRow::Lane(9),
        ];
        // t3 is in focus: its group comes before the recent t9 and t8.
        let c = choose(&ls, &rows, 2, &["t3".to_string()], None, 1_000);
        assert_eq!(c.shown, vec![1, 3]);
        // Without focus, the group is as recent as its latest member (t3).
        assert_eq!(choose(&ls, &rows, 3, &[], None, 1_000).shown, vec![1, 2, 3]);
        // At 12 µs t2 (in the group) changed after t0.
        assert_eq!(choose(&ls, &rows, 1, &[], None, 12).shown, vec![1]);
    }

    #[test]
    fn recency_is_read_at_the_cursor() {
        let ls = lanes(6);
        // At t=12 only t0..t2 have run: they are the most recent.
        assert_eq!(
            choose(&ls, &unfolded(6), 3, &[], None, 12).shown,
            vec![0, 1, 2]
        );
    }
}

//! The tree of interleavings, walked depth first. Each real run follows one
//! path from the root to a leaf and tells the choice points on it (who was
//! enabled, the state there); every other enabled actor at a choice point is
//! a sibling subtree, explored by a run whose schedule prefix leads there.
//! Choice points with the same state (and, under a preemption bound, the
//! same last actor and preemptions used) have the same subtree: it is
//! explored once and its leaves counted again on every path that reaches it.

use std::collections::{BTreeMap, HashMap};

use super::one::Trace;

/// How many example schedules an outcome keeps.
pub const EXAMPLES: usize = 8;

/// The leaves of a subtree that end one way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub en: String,
    pub zh: String,
    pub count: u64,
    /// On a challenge: whether these leaves win it.
    pub wins: Option<bool>,
    /// Schedules from the subtree's root to such a leaf, shortest first.
    pub suffixes: Vec<Vec<String>>,
}

/// A subtree's leaves by ending key.
pub type Summary = BTreeMap<String, Tally>;

/// Runs schedule prefixes for the walk (the real lesson, or a synthetic tree
/// in tests). None for a prefix: the exploration was stopped before it ran.
pub trait Runner {
    fn run(&mut self, prefixes: &[Vec<String>], explored: u64) -> Vec<Option<Trace>>;
}

/// The walk's memory and counters.
pub struct Walk<'r> {
    runner: &'r mut dyn Runner,
    bound: Option<u32>,
    memo: HashMap<(u64, Option<String>, u32), Summary>,
    /// Interleavings accounted for so far (leaves reached, plus the leaves
    /// of every subtree found in the memory).
    pub explored: u64,
    /// False once a run was refused (stopped): the counts are partial.
    pub complete: bool,
}

/// Add `sub` (the subtree below choosing `actor`) into `into`.
fn merge(into: &mut Summary, actor: &str, sub: &Summary) {
    for (key, t) in sub {
        let entry = into.entry(key.clone()).or_insert_with(|| Tally {
            en: t.en.clone(),
            zh: t.zh.clone(),
            count: 0,
            wins: t.wins,
            suffixes: Vec::new(),
        });
        entry.count = entry.count.saturating_add(t.count);
        for s in &t.suffixes {
            let mut full = Vec::with_capacity(s.len() + 1);
            full.push(actor.to_string());
            full.extend(s.iter().cloned());
            entry.suffixes.push(full);
        }
        entry.suffixes.sort_by_key(Vec::len);
        entry.suffixes.dedup();
        entry.suffixes.truncate(EXAMPLES);
    }
}

fn leaf(trace: &Trace) -> Summary {
    let e = &trace.ending;
    let tally = Tally {
        en: e.en.clone(),
        zh: e.zh.clone(),
        count: 1,
        wins: e.wins,
        suffixes: vec![Vec::new()],
    };
    BTreeMap::from([(e.key.clone(), tally)])
}

impl<'r> Walk<'r> {
    pub fn new(runner: &'r mut dyn Runner, bound: Option<u32>) -> Walk<'r> {
        Walk {
            runner,
            bound,
            memo: HashMap::new(),
            explored: 0,
            complete: true,
        }
    }

    /// The enabled actors that may be chosen after `last` with `used`
    /// preemptions, each with the preemptions used then.
    pub fn children(
        &self,
        enabled: &[String],
        last: Option<&str>,
        used: u32,
    ) -> Vec<(String, u32)> {
        let last_on = last.filter(|l| enabled.iter().any(|e| e == l));
        enabled
            .iter()
            .filter_map(|c| {
                let cost = u32::from(last_on.is_some_and(|l| l != c));
                let now = used + cost;
                let ok = self.bound.is_none_or(|b| now <= b);
                ok.then(|| (c.clone(), now))
            })
            .collect()
    }

    /// The leaves below the node at `path` of `trace`'s path.
    pub fn solve(
        &mut self,
        path: &[String],
        trace: &Trace,
        last: Option<&str>,
        used: u32,
    ) -> Summary {
        let d = path.len();
        let Some(choice) = trace.choices.get(d) else {
            self.explored += 1;
            return leaf(trace);
        };
        let key = match self.bound {
            Some(_) => (choice.state, last.map(str::to_string), used),
            None => (choice.state, None, 0),
        };
        if let Some(s) = self.memo.get(&key) {
            self.explored += s.values().map(|t| t.count).sum::<u64>();
            return s.clone();
        }
        let kids = self.children(&choice.enabled, last, used);
        let others: Vec<Vec<String>> = kids
            .iter()
            .filter(|(c, _)| *c != choice.actor)
            .map(|(c, _)| [path, std::slice::from_ref(c)].concat())
            .collect();
        let mut traces = self.runner.run(&others, self.explored).into_iter();
        let complete_before = self.complete;
        let mut sum = Summary::new();
        for (c, now) in &kids {
            let next = [path, std::slice::from_ref(c)].concat();
            let sub = if *c == choice.actor {
                self.solve(&next, trace, Some(c), *now)
            } else {
                match traces.next().flatten() {
                    Some(t) => self.solve(&next, &t, Some(c), *now),
                    None => {
                        self.complete = false;
                        continue;
                    }
                }
            };
            merge(&mut sum, c, &sub);
        }
        if self.complete && complete_before {
            self.memo.insert(key, sum.clone());
        }
        sum
    }
}

#[cfg(test)]
#[path = "tree_tests.rs"]
mod tests;

//! The walk on synthetic trees: actors with a number of steps each, no real
//! runs. The counts are the textbook ones (multinomials, and the
//! interleavings of two actors with at most P preemptions).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use super::{Runner, Walk};
use crate::explore::one::{Choice, Trace};
use crate::explore::outcome::Ending;

/// Actors `steps[i].0` with `steps[i].1` steps; the ending is the actor that
/// took the last step. With `merge` off, every node's state is its whole
/// path, so no two nodes share a subtree.
struct Synthetic {
    steps: Vec<(&'static str, usize)>,
    merge: bool,
    runs: u64,
}

fn hash_of(x: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

impl Synthetic {
    fn new(steps: &[(&'static str, usize)], merge: bool) -> Synthetic {
        Synthetic {
            steps: steps.to_vec(),
            merge,
            runs: 0,
        }
    }

    /// One "run": the prefix, then the tail (the last actor while it can, else the first).
    fn trace(&mut self, prefix: &[String]) -> Trace {
        self.runs += 1;
        let mut left: Vec<usize> = self.steps.iter().map(|s| s.1).collect();
        let mut path: Vec<String> = Vec::new();
        let mut choices = Vec::new();
        loop {
            let enabled: Vec<String> = (self.steps.iter().zip(&left))
                .filter(|(_, n)| **n > 0)
                .map(|(s, _)| s.0.to_string())
                .collect();
            if enabled.is_empty() {
                break;
            }
            let actor = match prefix.get(path.len()) {
                Some(a) => a.clone(),
                None => match path.last().filter(|l| enabled.contains(l)) {
                    Some(l) => l.clone(),
                    None => enabled[0].clone(),
                },
            };
            let state = if self.merge {
                hash_of(&left)
            } else {
                hash_of(&path)
            };
            choices.push(Choice {
                actor: actor.clone(),
                enabled,
                state,
            });
            let i = self.steps.iter().position(|s| s.0 == actor).unwrap();
            left[i] -= 1;
            path.push(actor);
        }
        let last = path.last().cloned().unwrap_or_default();
        Trace {
            choices,
            ending: Ending {
                key: format!("{last} last"),
                en: format!("{last} took the last step"),
                zh: format!("{last} 走了最后一步"),
                wins: None,
            },
        }
    }
}

impl Runner for Synthetic {
    fn run(&mut self, prefixes: &[Vec<String>], _explored: u64) -> Vec<Option<Trace>> {
        prefixes.iter().map(|p| Some(self.trace(p))).collect()
    }
}

/// (total, per ending, runs, explored) of a walk.
fn walk(
    steps: &[(&'static str, usize)],
    merge: bool,
    bound: Option<u32>,
) -> (u64, Vec<(String, u64)>, u64, u64) {
    let mut r = Synthetic::new(steps, merge);
    let first = r.trace(&[]);
    let mut w = Walk::new(&mut r, bound);
    let sum = w.solve(&[], &first, None, 0);
    let explored = w.explored;
    assert!(w.complete);
    let total = sum.values().map(|t| t.count).sum();
    let per = sum.iter().map(|(k, t)| (k.clone(), t.count)).collect();
    (total, per, r.runs, explored)
}

#[test]
fn every_interleaving_of_two_and_three_actors_is_counted() {
    assert_eq!(walk(&[("a", 3), ("b", 3)], true, None).0, 20);
    assert_eq!(walk(&[("a", 9), ("b", 9)], true, None).0, 48620);
    assert_eq!(walk(&[("a", 2), ("b", 2), ("c", 2)], true, None).0, 90);
}

#[test]
fn without_equal_states_every_leaf_is_a_run_and_the_counts_agree() {
    let (total, per, runs, explored) = walk(&[("a", 2), ("b", 2)], false, None);
    assert_eq!(total, 6);
    assert_eq!(runs, 6, "one run per leaf when nothing merges");
    assert_eq!(explored, 6);
    assert_eq!(
        per,
        vec![("a last".to_string(), 3), ("b last".to_string(), 3)]
    );
}

#[test]
fn equal_states_are_explored_once_and_counted_on_every_path() {
    let (merged, per, runs, explored) = walk(&[("a", 4), ("b", 4)], true, None);
    let (plain, per_plain, runs_plain, _) = walk(&[("a", 4), ("b", 4)], false, None);
    assert_eq!(merged, 70);
    assert_eq!(plain, 70);
    assert_eq!(per, per_plain, "merging changes no count");
    assert_eq!(explored, 70, "progress ends at the total");
    assert_eq!(runs_plain, 70);
    // One run per edge of the 5x5 grid of positions at most, not per leaf.
    assert!(runs <= 25, "{runs} runs");
}

#[test]
fn a_preemption_bound_keeps_the_interleavings_with_few_switches() {
    // Two actors of two steps: 2 with no preemption (aabb, bbaa), 2 more
    // with one (abba-like: aba b), 2 more with two (abab, baba).
    assert_eq!(walk(&[("a", 2), ("b", 2)], true, Some(0)).0, 2);
    assert_eq!(walk(&[("a", 2), ("b", 2)], true, Some(1)).0, 4);
    assert_eq!(walk(&[("a", 2), ("b", 2)], true, Some(2)).0, 6);
    assert_eq!(walk(&[("a", 2), ("b", 2)], false, Some(1)).0, 4);
}

#[test]
fn the_shortest_schedule_of_each_ending_reaches_it() {
    let mut r = Synthetic::new(&[("a", 2), ("b", 1)], true);
    let first = r.trace(&[]);
    let mut w = Walk::new(&mut r, None);
    let sum = w.solve(&[], &first, None, 0);
    for (key, t) in &sum {
        let shortest = &t.suffixes[0];
        let replayed = r.trace(shortest);
        assert_eq!(&replayed.ending.key, key, "{shortest:?}");
        assert!(t.suffixes.len() <= super::EXAMPLES);
    }
    assert_eq!(sum["a last"].count, 2);
    assert_eq!(sum["b last"].count, 1);
}

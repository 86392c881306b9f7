//! `conlab explore`: every interleaving of a lesson's gated steps, run for real.

pub mod one;
pub mod outcome;
pub mod report;
pub mod runner;
pub mod state;
pub mod tree;

pub use report::{explore, replay_command, Bound, ExploreSpec, OutcomeRow, Progress, Report};

/// Above this many interleavings (the multinomial of the first run's steps
/// per actor), `Bound::Auto` explores with a preemption bound of 2.
pub const AUTO_LIMIT: u64 = 100_000;

/// The bound `Bound::Auto` takes for an estimate: None (exhaustive) or 2.
pub fn auto_bound(estimate: u64) -> Option<u32> {
    (estimate > AUTO_LIMIT).then_some(2)
}

/// How many ways the turns of one run could be ordered: (Σn)! / Π(n_i!),
/// n_i being each actor's turns (saturating).
pub fn multinomial(turns: &[String]) -> u64 {
    let mut counts: std::collections::BTreeMap<&str, u64> = Default::default();
    turns
        .iter()
        .for_each(|a| *counts.entry(a).or_default() += 1);
    let mut total: u128 = 1;
    let mut n: u128 = 0;
    for k in counts.values() {
        for i in 1..=u128::from(*k) {
            n += 1;
            // C(n, i) built up step by step stays an integer.
            total = total.saturating_mul(n) / i;
        }
    }
    u64::try_from(total).unwrap_or(u64::MAX)
}

/// On a challenge: the ways to spend a budget of `budget` steps dealt
/// evenly among `actors` (its runs end at the verdict, so the first run's
/// length says little about the rest).
pub fn budget_estimate(budget: u32, actors: usize) -> u64 {
    let turns: Vec<String> = (0..budget as usize)
        .map(|i| (i % actors.max(1)).to_string())
        .collect();
    multinomial(&turns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turns(spec: &[(&str, usize)]) -> Vec<String> {
        spec.iter()
            .flat_map(|(a, n)| std::iter::repeat_n(a.to_string(), *n))
            .collect()
    }

    #[test]
    fn the_multinomial_counts_orderings() {
        assert_eq!(multinomial(&turns(&[("a", 3), ("b", 3)])), 20);
        assert_eq!(multinomial(&turns(&[("a", 9), ("b", 9)])), 48620);
        assert_eq!(multinomial(&turns(&[("a", 1), ("b", 1), ("c", 1)])), 6);
        assert_eq!(auto_bound(48620), None);
        assert_eq!(auto_bound(155_117_520), Some(2));
        assert_eq!(budget_estimate(8, 2), 70);
        assert_eq!(auto_bound(budget_estimate(12, 4)), Some(2), "369600");
    }
}

//! Joins, as turns see them: `join a, b` waits until every one it names has
//! ended (the step's `targets`; read off its text, `join a, b`, when a log
//! from before them has none). When the last of them ends the joiner is woken, and until it tells
//! that it goes on the run is not settled (else a turn could be granted while
//! the joiner is about to run, and the same schedule could end two ways).

use super::gate_waits::{Phase, Waits};

impl Waits {
    /// `actor` begins a join of `targets`: a wait, unless every one it
    /// names has already ended.
    pub(super) fn joins(&mut self, actor: &str, targets: &[String]) -> Phase {
        // A join that follows another (`join chef`, then `join diner0, …`)
        // ends the first one's wake-up.
        self.joined(actor);
        let left: Vec<String> = targets
            .iter()
            .filter(|n| !n.is_empty() && self.phase(n) != Some(&Phase::Ended))
            .cloned()
            .collect();
        if left.is_empty() && !targets.is_empty() {
            return Phase::Running;
        }
        self.joining.insert(actor.to_string(), left);
        Phase::Waiting("join".into())
    }

    /// `ended` has ended: a joiner waiting for it alone is woken.
    pub(super) fn ended(&mut self, ended: &str) {
        let mut woken = Vec::new();
        for (joiner, left) in self.joining.iter_mut() {
            let before = left.len();
            left.retain(|n| n != ended);
            if before > 0 && left.is_empty() {
                woken.push(joiner.clone());
            }
        }
        for j in woken {
            if self.phase(&j) == Some(&Phase::Waiting("join".into())) {
                *self.pending.entry(join_key(&j)).or_insert(0) += 1;
            }
        }
    }

    /// `actor` left its join (it tells it goes on, or it ended).
    pub(super) fn joined(&mut self, actor: &str) {
        self.joining.remove(actor);
        self.pending.remove(&join_key(actor));
    }
}

fn join_key(actor: &str) -> String {
    format!("join:{actor}")
}

/// Whom a `join` step waits for: its `targets`, else (a log written before
/// they were told) the names in its text, `join a, b`.
pub(super) fn join_targets(targets: Option<&Vec<String>>, text: &str) -> Vec<String> {
    match targets {
        Some(t) => t.clone(),
        None => text
            .strip_prefix("join ")
            .unwrap_or_default()
            .split(", ")
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect(),
    }
}

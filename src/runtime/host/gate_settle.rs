//! When a turn may be granted (every gated actor settled), which held actors
//! could take it, and why a schedule's entry cannot be taken.

use super::gate_waits::Phase;
use super::gate_why::{refusal, waiting, Why};
use super::gates::Turns;

impl Turns {
    /// Whether the host holds `actor` before its steps.
    pub(super) fn gated(&self, actor: &str) -> bool {
        actor != "host" && self.rule().holds(actor)
    }

    fn known_gated(&self) -> impl Iterator<Item = (&String, &Phase)> {
        self.waits.actors().filter(|(a, _)| self.gated(a))
    }

    /// Every gated actor that has not ended is held at its gate or waits for
    /// another, and no wake-up is in flight: nothing moves until a grant.
    /// A gated actor of the plan not yet born is waited for while an actor
    /// that runs freely (its parent, say) is still running.
    pub(super) fn settled(&self) -> bool {
        if !self.waits.quiet() || self.waits.actors().next().is_none() || self.free_waiter_due() {
            return false;
        }
        let still = |p: &Phase| matches!(p, Phase::Held | Phase::Waiting(_) | Phase::Ended);
        if !self.known_gated().all(|(_, p)| still(p)) {
            return false;
        }
        let unborn = self
            .order
            .iter()
            .any(|a| self.gated(a) && self.waits.phase(a).is_none());
        let free_running = self
            .waits
            .actors()
            .any(|(a, p)| !self.gated(a) && *p == Phase::Running);
        !(unborn && free_running)
    }

    /// Every gated actor that was born has ended.
    pub(super) fn all_ended(&self) -> bool {
        self.known_gated().all(|(_, p)| *p == Phase::Ended)
    }

    /// The actors that could take the next turn, in the plan's order: the
    /// held ones, and the waiters of a lock let go when there are more of
    /// them than room (gate_handoff).
    pub(super) fn enabled(&self) -> Vec<String> {
        let mut held: Vec<String> = self
            .known_gated()
            .filter(|(_, p)| **p == Phase::Held)
            .map(|(a, _)| a.clone())
            .collect();
        held.extend(self.choosable_waiters());
        held.sort_by_key(|a| (self.order.iter().position(|o| o == a), a.clone()));
        held.dedup();
        held
    }

    /// Why `actor` cannot take the turn at schedule position `pos` (from 1),
    /// in both languages (see `gate_why`).
    pub(super) fn why_not(&self, pos: usize, actor: &str) -> String {
        let actors = self.order.join(", ");
        let why = match self.waits.phase(actor) {
            _ if !self.order.iter().any(|a| a == actor) => Why::NotInRun { actors },
            Some(Phase::Ended) => Why::Ended,
            Some(Phase::Waiting(what)) => waiting(what, |lock| self.waits.owner(lock)),
            None => Why::NotStarted,
            Some(_) if !self.gated(actor) => Why::Free,
            Some(_) => Why::NotAtGate,
        };
        refusal(pos, actor, &why)
    }
}

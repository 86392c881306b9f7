//! The schedule a stepped run has played so far, read from its events: an
//! actor that was held (`held`) and then begins a step (`step`) was granted
//! a turn, unless the gate had been lifted meanwhile (step mode off, a
//! schedule used up). This is what `--schedule` replays, and what undo cuts.

use std::collections::BTreeSet;

use crate::event::{Event, EventKind};

/// The granted turns, in order.
#[derive(Debug, Clone, Default)]
pub struct StepLog {
    held: BTreeSet<String>,
    free: bool,
    pub schedule: Vec<String>,
}

impl StepLog {
    pub fn apply(&mut self, e: &Event) {
        match &e.kind {
            EventKind::Control { what } => {
                if what.starts_with("schedule done") || what == "step mode off" {
                    self.free = true;
                } else if what == "step mode on" || what.starts_with("replayed") {
                    self.free = false;
                }
            }
            EventKind::Held { .. } => {
                self.held.insert(e.actor.clone());
            }
            EventKind::Step { .. } if self.held.remove(&e.actor) && !self.free => {
                self.schedule.push(e.actor.clone());
            }
            EventKind::Exited { .. } => {
                self.held.remove(&e.actor);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Activity;

    fn ev(actor: &str, kind: EventKind) -> Event {
        Event::new(1, actor, 1, kind)
    }

    fn step(actor: &str) -> Event {
        let kind = EventKind::Step {
            index: 0,
            op: "x".into(),
            text: "x".into(),
            activity: Activity::Running,
            line: None,
        };
        ev(actor, kind)
    }

    #[test]
    fn a_held_actor_that_steps_was_granted_a_turn_until_the_gate_is_lifted() {
        let mut log = StepLog::default();
        let held = |a: &str| {
            ev(
                a,
                EventKind::Held {
                    index: 0,
                    text: "x".into(),
                },
            )
        };
        log.apply(&step("main"));
        log.apply(&held("t0"));
        log.apply(&held("t1"));
        log.apply(&step("t1"));
        log.apply(&step("t1"));
        log.apply(&step("t0"));
        assert_eq!(log.schedule, ["t1", "t0"], "a step without a hold is free");
        log.apply(&held("t0"));
        log.apply(&ev(
            "host",
            EventKind::Control {
                what: "step mode off".into(),
            },
        ));
        log.apply(&step("t0"));
        assert_eq!(log.schedule, ["t1", "t0"]);
    }
}

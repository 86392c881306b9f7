//! Turns in a learner's Python program, where some waits are told only as
//! a step: `join`, `asyncio.run`, a socket wait, an asyncio task suspended at
//! an `await`. Each blocks until another actor acts, so it counts as a wait
//! until the actor tells its next step. An asyncio task also cannot move
//! while another task of its thread is held (they share the thread), so a
//! task is never "running by itself": not yet started, asleep or suspended,
//! it waits.

use super::gate_waits::{Phase, Waits};
use crate::event::{Activity, ActorKind, Event, EventKind};

impl Waits {
    /// Fold in an event of a Python run the scenario rules would misread;
    /// false when they read it right.
    pub(super) fn note_python(&mut self, e: &Event) -> bool {
        let a = e.actor.as_str();
        let task = self.coroutines.contains(a);
        let phase = match &e.kind {
            EventKind::Spawned {
                kind: ActorKind::Coroutine,
                ..
            } => {
                self.coroutines.insert(a.to_string());
                Phase::Waiting("py:start".into())
            }
            EventKind::Started {} if task => Phase::Running,
            EventKind::Step { op, activity, .. }
                if op != "join" && (*activity == Activity::Waiting || task) =>
            {
                match activity {
                    Activity::Running | Activity::Working => Phase::Running,
                    _ => Phase::Waiting(format!("py:{op}")),
                }
            }
            EventKind::SockWait { sock, .. } => Phase::Waiting(format!("sock:{sock}")),
            _ => return false,
        };
        self.set(a, phase);
        true
    }
}

#[cfg(test)]
#[path = "gate_python_tests.rs"]
mod tests;

//! The observable state of a run at a choice point, as a hash: where each
//! actor is (held before which step, waiting for what, ended), what it has
//! seen and done to shared things (values read and written, items got and
//! put, errors, its exit), who holds each lock, the shared values and the
//! queues' contents. Two choice points with the same hash have the same
//! future, so explore counts the subtree below them once.
//!
//! Lock waits and acquisitions are left out of an actor's history on
//! purpose: the lock owners and the actor's position say all that matters.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, VecDeque};
use std::hash::{Hash, Hasher};

use crate::event::{Event, EventKind};

#[derive(Debug, Default, Clone)]
pub struct StateTracker {
    /// Per actor: where it is, and the hash of what it has observed so far.
    actors: BTreeMap<String, (String, u64)>,
    values: BTreeMap<String, String>,
    owners: BTreeMap<String, String>,
    queues: BTreeMap<String, VecDeque<String>>,
}

/// Whether an event is part of an actor's observed history.
fn observed(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Recipe { .. }
            | EventKind::RunStarted { .. }
            | EventKind::Spawned { .. }
            | EventKind::Started {}
            | EventKind::Step { .. }
            | EventKind::Print { .. }
            | EventKind::Reaped { .. }
            | EventKind::ProcState { .. }
            | EventKind::Reparented { .. }
            | EventKind::Signalled { .. }
            | EventKind::Alive { .. }
            | EventKind::Control { .. }
            | EventKind::RunEnded { .. }
            | EventKind::LockWait { .. }
            | EventKind::LockAcquired { .. }
            | EventKind::LockReleased { .. }
            | EventKind::Held { .. }
            | EventKind::Granted { .. }
            | EventKind::Measured { .. }
            | EventKind::Sched { .. }
    )
}

/// Where an actor is after this event, if the event says.
fn position(kind: &EventKind) -> Option<String> {
    Some(match kind {
        EventKind::Held { index, text } => format!("held {index} {text}"),
        EventKind::Step { .. } => "running".into(),
        EventKind::LockWait { lock } => format!("wait lock {lock}"),
        EventKind::EventWait { lock } => format!("wait event {lock}"),
        EventKind::CondWait { lock } => format!("wait cond {lock}"),
        EventKind::QueueWait { queue, side, .. } => format!("wait queue {queue} {side:?}"),
        EventKind::BarrierWait { barrier, .. } => format!("wait barrier {barrier}"),
        EventKind::Exited { .. } => "ended".into(),
        _ => return None,
    })
}

fn mix(h: u64, what: &str) -> u64 {
    let mut s = DefaultHasher::new();
    (h, what).hash(&mut s);
    s.finish()
}

impl StateTracker {
    pub fn note(&mut self, e: &Event) {
        self.shared(e);
        if e.actor == "host" {
            return;
        }
        let entry = self.actors.entry(e.actor.clone()).or_default();
        // An ended process stays ended: its own last events may come after
        // its exit, which its parent tells.
        if let Some(p) = position(&e.kind).filter(|_| entry.0 != "ended") {
            entry.0 = p;
        }
        if observed(&e.kind) {
            let json = serde_json::to_string(&e.kind).unwrap_or_default();
            entry.1 = mix(entry.1, &json);
        }
    }

    fn shared(&mut self, e: &Event) {
        match &e.kind {
            EventKind::Value { name, value } => {
                self.values.insert(name.clone(), value.to_string());
            }
            EventKind::LockAcquired { lock, .. } => {
                self.owners.insert(lock.clone(), e.actor.clone());
            }
            EventKind::LockReleased { lock, count } if count.unwrap_or(0) == 0 => {
                self.owners.remove(lock);
            }
            EventKind::QueuePut { queue, item, .. } => {
                let q = self.queues.entry(queue.clone()).or_default();
                q.push_back(format!("{item:?} {}", e.actor));
            }
            EventKind::QueueGet { queue, .. } => {
                self.queues.entry(queue.clone()).or_default().pop_front();
            }
            _ => {}
        }
    }

    /// The hash of the state now; `so_far` is the outcome read off the run
    /// until now (lost updates and the like depend on the history).
    pub fn snapshot(&self, so_far: &str) -> u64 {
        let mut s = DefaultHasher::new();
        self.actors.hash(&mut s);
        self.values.hash(&mut s);
        self.owners.hash(&mut s);
        self.queues.hash(&mut s);
        so_far.hash(&mut s);
        s.finish()
    }
}

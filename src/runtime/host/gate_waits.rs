//! Where each actor is, as far as turns care: running, held at its gate,
//! waiting for something another actor must do, or ended; and the wake-ups in
//! flight (a lock let go with waiters, an event set, a notify, an item put):
//! until the woken actor tells it goes on, the run is not settled.

use std::collections::{HashMap, HashSet};

use super::gate_handoff::Parks;
use super::gate_joins::join_targets;
use crate::event::{Activity, Event, EventKind, QueueSide};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Phase {
    Running,
    Held,
    /// Waiting for this resource (`lock:A`, `event:E`, `queue:q:empty`, ...).
    Waiting(String),
    Ended,
}

#[derive(Debug, Default)]
pub(super) struct Waits {
    phase: HashMap<String, Phase>,
    /// Wake-ups told but not yet taken, by resource.
    pub(super) pending: HashMap<String, u32>,
    /// Who holds each lock now (the last to take it).
    pub(super) owners: HashMap<String, String>,
    /// Events set now: a wait on one passes at once, it is no wait.
    set_events: HashSet<String>,
    /// Joiners, and the actors each still waits for (gate_joins).
    pub(super) joining: HashMap<String, Vec<String>>,
    /// Items put less items got, by queue (as told, in the order told).
    pub(super) queued: HashMap<String, i64>,
    /// The queues whose held waiters park, with their capacity (0: unbounded).
    pub(super) queue_caps: HashMap<String, u32>,
    /// Each condition's lock (its own, or the one it was made over).
    pub(super) cond_locks: HashMap<String, String>,
    /// The locks whose held waiters park (see gate_handoff), and how many
    /// hold each semaphore among them.
    pub(super) parks: HashMap<String, Parks>,
    pub(super) sem_held: HashMap<String, u32>,
    /// Parked waiters told to try again, that have not said how it went.
    pub(super) retrying: HashSet<String>,
    /// A learner's Python program (see gate_python): its asyncio tasks.
    pub(super) python: bool,
    pub(super) coroutines: HashSet<String>,
}

fn queue_key(queue: &str, side: QueueSide) -> String {
    match side {
        QueueSide::Full => format!("queue:{queue}:full"),
        QueueSide::Empty => format!("queue:{queue}:empty"),
    }
}

impl Waits {
    pub(super) fn phase(&self, actor: &str) -> Option<&Phase> {
        self.phase.get(actor)
    }

    pub(super) fn actors(&self) -> impl Iterator<Item = (&String, &Phase)> {
        self.phase.iter()
    }

    pub(super) fn owner(&self, lock: &str) -> Option<&str> {
        self.owners.get(lock).map(String::as_str)
    }

    /// Every wake-up told has been taken, every retry answered.
    pub(super) fn quiet(&self) -> bool {
        self.pending.values().all(|n| *n == 0) && self.retrying.is_empty()
    }

    /// The host let `actor` go: it runs until it tells otherwise.
    pub(super) fn granted(&mut self, actor: &str) {
        self.set(actor, Phase::Running);
    }

    /// An ended actor stays ended: a process's own last events travel its
    /// socket and may come after its exit, told by its parent.
    pub(super) fn set(&mut self, actor: &str, phase: Phase) {
        if !matches!(phase, Phase::Waiting(_)) {
            self.retrying.remove(actor);
            self.joined(actor);
        }
        if self.phase.get(actor) != Some(&Phase::Ended) {
            self.phase.insert(actor.to_string(), phase);
        }
    }

    fn waiters(&self, key: &str) -> u32 {
        let n = self
            .phase
            .values()
            .filter(|p| matches!(p, Phase::Waiting(k) if k == key))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// `n` waiters of `key` were woken (at most as many as wait and are not woken yet).
    fn wake(&mut self, key: String, n: u32) {
        let waiting = self.waiters(&key);
        let p = self.pending.entry(key).or_insert(0);
        *p = p.saturating_add(n).min(waiting);
    }

    /// `actor` goes on: if it waited for `key`, it took one of its wake-ups.
    fn took(&mut self, actor: &str, key: &str) {
        if self.phase.get(actor) == Some(&Phase::Waiting(key.to_string())) {
            self.used(key);
        }
        self.set(actor, Phase::Running);
    }

    /// Count `n` items into (or out of) `queue`; how many it holds now.
    fn count_items(&mut self, queue: &str, n: i64) -> i64 {
        let q = self.queued.entry(queue.to_string()).or_insert(0);
        *q += n;
        *q
    }

    fn used(&mut self, key: &str) {
        if let Some(p) = self.pending.get_mut(key) {
            *p = p.saturating_sub(1);
        }
    }

    /// Fold in one relayed event.
    pub(super) fn note(&mut self, e: &Event) {
        if self.python && self.note_python(e) {
            return;
        }
        let a = e.actor.as_str();
        match &e.kind {
            EventKind::Spawned { .. } | EventKind::Started {} => {
                self.phase.entry(a.to_string()).or_insert(Phase::Running);
            }
            EventKind::Held { .. } => self.set(a, Phase::Held),
            EventKind::Exited { .. } => {
                self.set(a, Phase::Ended);
                self.ended(a);
            }
            EventKind::Step {
                op,
                activity,
                text,
                targets,
                ..
            } => {
                let phase = if op == "join" && *activity == Activity::Waiting {
                    self.joins(a, &join_targets(targets.as_ref(), text))
                } else {
                    Phase::Running
                };
                self.set(a, phase);
            }
            EventKind::LockWait { lock } => {
                // Told again: the retry it was let make missed.
                self.retrying.remove(a);
                self.set(a, Phase::Waiting(format!("lock:{lock}")))
            }
            EventKind::LockAcquired { lock, count } => {
                self.took_lock(a, lock, *count);
                // Whoever takes a freed lock takes the wake-up its waiter had.
                self.used(&format!("lock:{lock}"));
                self.set(a, Phase::Running);
            }
            EventKind::LockReleased { lock, count } if self.is_semaphore(lock) => {
                self.sem_held.insert(lock.clone(), count.unwrap_or(0));
            }
            EventKind::LockReleased { lock, count } if count.unwrap_or(0) == 0 => {
                if self.owners.get(lock).is_some_and(|o| o == a) || self.frees(lock) {
                    self.owners.remove(lock);
                }
                self.used(&format!("release:{lock}"));
                // A parked waiter is let go by the host (gate_handoff), not woken.
                if !self.parks.contains_key(lock) {
                    self.wake(format!("lock:{lock}"), 1);
                }
            }
            EventKind::EventWait { lock } if self.set_events.contains(lock) => {
                self.set(a, Phase::Running)
            }
            EventKind::EventWait { lock } => self.set(a, Phase::Waiting(format!("event:{lock}"))),
            EventKind::EventPassed { lock } => self.took(a, &format!("event:{lock}")),
            EventKind::EventSet { lock, set: true } => {
                self.set_events.insert(lock.clone());
                self.wake(format!("event:{lock}"), u32::MAX)
            }
            EventKind::EventSet { lock, set: false } => {
                self.set_events.remove(lock);
            }
            EventKind::CondWait { lock } => {
                self.letting_go(a, lock);
                self.set(a, Phase::Waiting(format!("cond:{lock}")))
            }
            EventKind::CondNotify { lock, woken, .. } => self.wake(format!("cond:{lock}"), *woken),
            EventKind::CondWoken { lock, .. } => self.took(a, &format!("cond:{lock}")),
            EventKind::QueueWait {
                queue,
                side,
                len,
                cap,
            } => {
                let key = queue_key(queue, *side);
                self.retrying.remove(a);
                self.set(a, Phase::Waiting(key.clone()));
                // A parked waiter is let go by the host (gate_handoff).
                if self.queue_caps.contains_key(queue.as_str()) {
                    return;
                }
                // Between processes a put is told before its item reaches the
                // pipe (the feeder thread): a get can wait while items are
                // counted. Those items are wake-ups on their way.
                let on_the_way = match side {
                    QueueSide::Empty => *len,
                    QueueSide::Full if *cap > 0 => cap.saturating_sub(*len),
                    QueueSide::Full => 0,
                };
                if on_the_way > 0 {
                    self.wake(key, on_the_way);
                }
            }
            // Between processes a get can be told before the put of its item
            // (another socket), and a put before the get that made room: a
            // wake-up only when the queue, as counted, has an item (room).
            EventKind::QueuePut { queue, .. } => {
                self.took(a, &queue_key(queue, QueueSide::Full));
                if self.count_items(queue, 1) > 0 && !self.queue_caps.contains_key(queue) {
                    self.wake(queue_key(queue, QueueSide::Empty), 1);
                }
            }
            EventKind::QueueGet { queue, cap, .. } => {
                self.took(a, &queue_key(queue, QueueSide::Empty));
                let left = self.count_items(queue, -1);
                let parks = self.queue_caps.contains_key(queue);
                if (*cap == 0 || left < i64::from(*cap)) && !parks {
                    self.wake(queue_key(queue, QueueSide::Full), 1);
                }
            }
            EventKind::BarrierWait {
                barrier,
                arrived,
                parties,
            } => {
                let key = format!("barrier:{barrier}");
                if arrived < parties {
                    self.set(a, Phase::Waiting(key));
                } else {
                    self.wake(key, u32::MAX);
                }
            }
            EventKind::BarrierPassed { barrier, .. } => self.took(a, &format!("barrier:{barrier}")),
            // A broken barrier (a timeout, an abort) wakes every waiter with an error.
            EventKind::BarrierBroken { barrier, .. } => {
                let key = format!("barrier:{barrier}");
                self.took(a, &key);
                self.wake(key, u32::MAX);
            }
            EventKind::BarrierAbort { barrier, .. } => {
                self.wake(format!("barrier:{barrier}"), u32::MAX)
            }
            // A wait that gave up: the actor goes on by itself.
            EventKind::TimedOut { .. } => self.set(a, Phase::Running),
            EventKind::DeadlockBroken { victim, .. } => self.set(victim, Phase::Running),
            _ => {}
        }
    }
}

#[cfg(test)]
#[path = "gate_waits_tests.rs"]
pub(super) mod tests;

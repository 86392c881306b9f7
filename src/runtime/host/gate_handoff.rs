//! Who takes a lock as it is let go (a semaphore's permit, a queue's item or
//! place), when held actors wait for it. A held actor that must wait for one
//! parks (`Control::park`) instead of blocking in the OS, which would pick
//! one waiter itself. When the thing has room:
//! - as many held waiters as it has room for (one, for a lock) are let try
//!   again at once, without a turn (`ControlMsg::Retry`);
//! - more held waiters than room is a choice: they are enabled, and the turn
//!   granted to one of them lets that one take it; the others keep waiting.
//!
//! Actors that run freely wait in the OS as before; while one of them waits
//! for a thing with room it is about to take it, so the run is not settled.

use std::collections::BTreeMap;

use super::gate_waits::{Phase, Waits};
use super::gates::Turns;
use crate::scenario::plan::{LockKind, LockSpec, QueueSpec, Scope};

/// A lock whose held waiters park: how many may hold it at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Parks {
    semaphore: bool,
    permits: u32,
    /// Between the threads of one process: its events come in their order,
    /// so a release by any thread frees it (a threading.Lock may be released
    /// by another thread).
    threads: bool,
}

impl Parks {
    /// The locks whose waits park: locks, rlocks, conditions' locks, semaphores.
    pub(super) fn of(locks: &[LockSpec]) -> impl Iterator<Item = (String, Parks)> + '_ {
        locks.iter().filter_map(|l| {
            let semaphore = l.kind == LockKind::Semaphore;
            let lock = matches!(
                l.kind,
                LockKind::Mutex | LockKind::Rlock | LockKind::Condition
            );
            (semaphore || lock).then(|| {
                let parks = Parks {
                    semaphore,
                    permits: if semaphore { l.permits } else { 1 },
                    threads: l.scope == Scope::Threads,
                };
                (l.name.clone(), parks)
            })
        })
    }
}

impl Waits {
    pub(super) fn with_locks(locks: &[LockSpec], queues: &[QueueSpec]) -> Waits {
        let mut w = Waits::default();
        w.queue_caps = queues.iter().map(|q| (q.name.clone(), q.cap)).collect();
        w.parks = Parks::of(locks).collect();
        w.cond_locks = locks
            .iter()
            .filter(|l| l.kind == LockKind::Condition)
            .map(|l| {
                (
                    l.name.clone(),
                    l.over.clone().unwrap_or_else(|| l.name.clone()),
                )
            })
            .collect();
        w
    }

    /// `actor` began to wait on `cond` holding its lock: it tells the wait
    /// before it lets go of the lock, and is not settled until it has.
    pub(super) fn letting_go(&mut self, actor: &str, cond: &str) {
        let lock = self.cond_locks.get(cond).map_or(cond, String::as_str);
        if self.owners.get(lock).is_some_and(|o| o == actor) {
            *self.pending.entry(format!("release:{lock}")).or_insert(0) += 1;
        }
    }

    pub(super) fn is_semaphore(&self, lock: &str) -> bool {
        self.parks.get(lock).is_some_and(|p| p.semaphore)
    }

    /// `actor` took `lock`: its owner, or a semaphore's count of holders.
    pub(super) fn took_lock(&mut self, actor: &str, lock: &str, count: Option<u32>) {
        if self.is_semaphore(lock) {
            self.sem_held.insert(lock.to_string(), count.unwrap_or(0));
        } else {
            self.owners.insert(lock.to_string(), actor.to_string());
        }
    }

    /// A release of `lock` by `actor` that is not its owner's: whether it
    /// frees it (between threads, yes; between processes, the owner's take
    /// may have come before the other's release on another socket).
    pub(super) fn frees(&self, lock: &str) -> bool {
        self.parks.get(lock).is_some_and(|p| p.threads)
    }

    /// How many more may take what `key` names now (`lock:A`, a queue's
    /// `queue:q:empty` or `queue:q:full`); None when its waits do not park.
    pub(super) fn room(&self, key: &str) -> Option<u32> {
        if let Some(lock) = key.strip_prefix("lock:") {
            return self.lock_room(lock);
        }
        let rest = key.strip_prefix("queue:")?;
        let (queue, side) = rest.rsplit_once(':')?;
        let cap = i64::from(*self.queue_caps.get(queue)?);
        let items = self.queued.get(queue).copied().unwrap_or(0);
        let room = match side {
            "empty" => items,
            _ if cap == 0 => 1,
            _ => cap - items,
        };
        Some(u32::try_from(room.max(0)).unwrap_or(u32::MAX))
    }

    fn lock_room(&self, lock: &str) -> Option<u32> {
        let p = self.parks.get(lock)?;
        Some(if p.semaphore {
            p.permits
                .saturating_sub(self.sem_held.get(lock).copied().unwrap_or(0))
        } else if self.owners.contains_key(lock) {
            0
        } else {
            1
        })
    }

    /// What `actor` waits for (its key), when its wait parks.
    pub(super) fn parked_on(&self, actor: &str) -> Option<&str> {
        match self.phase(actor) {
            Some(Phase::Waiting(key)) if self.room(key).is_some() => Some(key),
            _ => None,
        }
    }
}

/// The waiters of each lock with room, and that room (less the retries out).
struct AtFree {
    room: u32,
    held: Vec<String>,
    free: usize,
}

impl Turns {
    fn at_free_locks(&self) -> Vec<AtFree> {
        let mut by_lock: BTreeMap<&str, AtFree> = BTreeMap::new();
        // Only the waiters: a run of hundreds of actors asks this per event.
        let mut waiters: Vec<(&String, &str)> = self
            .waits
            .actors()
            .filter_map(|(a, _)| Some((a, self.waits.parked_on(a)?)))
            .collect();
        waiters.sort_by_key(|(a, _)| (self.order.iter().position(|o| o == *a), a.to_string()));
        for (actor, key) in waiters {
            // A queue's items (and the order of puts) differ: one at a time.
            let room = self.waits.room(key).unwrap_or(0);
            let room = if key.starts_with("queue:") {
                room.min(1)
            } else {
                room
            };
            let at = by_lock.entry(key).or_insert(AtFree {
                room,
                held: Vec::new(),
                free: 0,
            });
            if self.waits.retrying.contains(actor) {
                at.room = at.room.saturating_sub(1);
            } else if self.gated(actor) {
                at.held.push(actor.to_string());
            } else {
                at.free += 1;
            }
        }
        by_lock.into_values().filter(|a| a.room > 0).collect()
    }

    /// Held waiters to let try again now, without a turn: all of a lock's,
    /// when it has room for them all.
    pub(super) fn handoffs(&self) -> Vec<String> {
        self.at_free_locks()
            .into_iter()
            .filter(|a| a.held.len() as u32 <= a.room)
            .flat_map(|a| a.held)
            .collect()
    }

    /// Held waiters a turn may choose: more of them than room.
    pub(super) fn choosable_waiters(&self) -> Vec<String> {
        self.at_free_locks()
            .into_iter()
            .filter(|a| a.held.len() as u32 > a.room)
            .flat_map(|a| a.held)
            .collect()
    }

    /// An actor that runs freely waits for a lock with room: it takes it soon.
    pub(super) fn free_waiter_due(&self) -> bool {
        self.at_free_locks().iter().any(|a| a.free > 0)
    }
}

impl super::Host {
    /// Let the held waiters of a lock with room for them all try again.
    pub(super) fn hand_over(&mut self) {
        let free = *self.turns.rule() == crate::runtime::launch::GateRule::Free;
        if self.aborting_since.is_some() || free {
            return;
        }
        for actor in self.turns.handoffs() {
            self.retry(&actor);
        }
    }

    /// Tell a parked waiter to try again; the run is unsettled until it says.
    pub(super) fn retry(&mut self, actor: &str) {
        self.turns.waits.retrying.insert(actor.to_string());
        self.broadcast
            .lock()
            .unwrap()
            .send(crate::runtime::launch::ControlMsg::Retry(actor.to_string()));
    }
}

#[cfg(test)]
#[path = "gate_handoff_tests.rs"]
mod tests;

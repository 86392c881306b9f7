//! Conditions and barriers between the threads of one process, for real: a
//! std Mutex over their state and a Condvar that wakes the waiters, as
//! CPython builds threading.Condition and Barrier out of locks.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::control::Control;

/// How often a waiter looks whether the run was stopped.
const LOOK: Duration = Duration::from_millis(20);

/// A condition's waiters, in the order they began to wait (notify wakes the first).
#[derive(Default)]
struct Cond {
    next: u64,
    waiting: VecDeque<u64>,
    woken: BTreeSet<u64>,
}

/// A barrier: how many arrived in this round, and how each round ended
/// (true: broken) so that a waiter of an old round knows what became of it.
#[derive(Default)]
struct Barrier {
    arrived: u32,
    round: u64,
    broken: bool,
    ended: BTreeMap<u64, bool>,
}

#[derive(Default)]
struct Table {
    conds: BTreeMap<String, Cond>,
    barriers: BTreeMap<String, Barrier>,
}

/// How a wait on a barrier ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passed {
    /// Everyone came: this thread's index (0 for the first to arrive).
    Index(u32),
    /// BrokenBarrierError: it was broken before or while this thread waited.
    Broken,
    /// This thread's timeout ran out: it broke the barrier (and raises too).
    TimedOut,
    /// The run was stopped.
    Aborted,
}

/// The conditions and barriers of one process.
#[derive(Default)]
pub struct Syncs {
    table: Mutex<Table>,
    changed: Condvar,
}

impl Syncs {
    fn wait_until<'a>(
        &self,
        t: MutexGuard<'a, Table>,
        deadline: Option<Instant>,
    ) -> MutexGuard<'a, Table> {
        let look = deadline.map_or(LOOK, |d| {
            d.saturating_duration_since(Instant::now()).min(LOOK)
        });
        self.changed.wait_timeout(t, look).unwrap().0
    }

    /// Join a condition's waiters (before letting go of its lock, so that a
    /// notify sent in between is not lost); the ticket to wait with.
    pub fn enter(&self, cond: &str) -> u64 {
        let mut t = self.table.lock().unwrap();
        let c = t.conds.entry(cond.to_string()).or_default();
        c.next += 1;
        c.waiting.push_back(c.next);
        c.next
    }

    /// Wait for a notify: true when notified, false when the timeout ran
    /// out (or the run was stopped) first.
    pub fn wait(&self, cond: &str, ticket: u64, deadline: Option<Instant>, ctl: &Control) -> bool {
        let mut t = self.table.lock().unwrap();
        loop {
            let c = t.conds.entry(cond.to_string()).or_default();
            if c.woken.remove(&ticket) {
                return true;
            }
            let late = deadline.is_some_and(|d| Instant::now() >= d);
            if late || ctl.is_aborted() {
                c.waiting.retain(|w| *w != ticket);
                return false;
            }
            t = self.wait_until(t, deadline);
        }
    }

    /// Wake the first `n` waiters (all when None); `told` hears how many
    /// while the state is held, so the log tells the notify before any wake.
    pub fn notify(&self, cond: &str, n: Option<u32>, told: &dyn Fn(u32)) {
        let mut t = self.table.lock().unwrap();
        let c = t.conds.entry(cond.to_string()).or_default();
        let k = n.map_or(c.waiting.len(), |n| (n as usize).min(c.waiting.len()));
        let woken: Vec<u64> = c.waiting.drain(..k).collect();
        c.woken.extend(woken);
        told(k as u32);
        self.changed.notify_all();
    }

    /// Arrive at a barrier: `told` hears how many have arrived (this one
    /// included), and None when this thread's timeout breaks the barrier,
    /// while its state is held, so the log tells them in their real order.
    pub fn pass(
        &self,
        name: &str,
        parties: u32,
        deadline: Option<Instant>,
        ctl: &Control,
        told: &dyn Fn(Option<u32>),
    ) -> Passed {
        let mut t = self.table.lock().unwrap();
        let b = t.barriers.entry(name.to_string()).or_default();
        if b.broken {
            return Passed::Broken;
        }
        let (index, round) = (b.arrived, b.round);
        b.arrived += 1;
        told(Some(b.arrived));
        if b.arrived == parties {
            end_round(b, false);
            self.changed.notify_all();
            return Passed::Index(index);
        }
        loop {
            let b = t.barriers.entry(name.to_string()).or_default();
            match b.ended.get(&round) {
                Some(false) => return Passed::Index(index),
                Some(true) => return Passed::Broken,
                None => {}
            }
            if ctl.is_aborted() {
                return Passed::Aborted;
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                end_round(b, true);
                told(None);
                self.changed.notify_all();
                return Passed::TimedOut;
            }
            t = self.wait_until(t, deadline);
        }
    }

    /// `abort()` breaks the barrier (for good); `reset()` breaks the round
    /// under way, if anyone waits, and makes the barrier whole again.
    /// How many were waiting.
    pub fn break_barrier(&self, name: &str, reset: bool) -> u32 {
        let mut t = self.table.lock().unwrap();
        let b = t.barriers.entry(name.to_string()).or_default();
        let waiting = b.arrived;
        if !reset || waiting > 0 {
            end_round(b, true);
        }
        b.broken = !reset;
        self.changed.notify_all();
        waiting
    }

    /// Whether the barrier is broken now.
    pub fn is_broken(&self, name: &str) -> bool {
        let t = self.table.lock().unwrap();
        t.barriers.get(name).is_some_and(|b| b.broken)
    }
}

fn end_round(b: &mut Barrier, broken: bool) {
    b.ended.insert(b.round, broken);
    b.round += 1;
    b.arrived = 0;
    b.broken |= broken;
}

#[cfg(test)]
#[path = "sync_tests.rs"]
mod tests;

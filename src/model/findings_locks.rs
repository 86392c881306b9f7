//! One lock's holds, waits and contention, for the findings.

use std::collections::HashMap;

use crate::event::EventKind;

/// Holds, waits and contention of one lock.
#[derive(Debug, Clone, Default)]
pub(crate) struct LockFacts {
    /// Holder → (since, depth, line of the acquire).
    pub holders: HashMap<String, (u64, u32, Option<u32>)>,
    /// The longest hold that ended: (who, µs, line).
    pub longest: Option<(String, u64, Option<u32>)>,
    /// Waiter → since.
    pub waiting: HashMap<String, u64>,
    pub waits: u32,
    /// µs of the waits that ended.
    pub waited_us: u64,
    /// Who waited, in the order they first did.
    pub waiters: Vec<String>,
}

impl LockFacts {
    pub(super) fn acquired(&mut self, who: &str, t: u64, line: Option<u32>) {
        if let Some(since) = self.waiting.remove(who) {
            self.waits += 1;
            self.waited_us += t.saturating_sub(since);
            if !self.waiters.iter().any(|w| w == who) {
                self.waiters.push(who.to_string());
            }
        }
        let hold = self.holders.entry(who.to_string()).or_insert((t, 0, line));
        hold.1 += 1;
    }

    pub(super) fn released(&mut self, who: &str, t: u64) {
        let Some(hold) = self.holders.get_mut(who) else {
            return;
        };
        hold.1 = hold.1.saturating_sub(1);
        if hold.1 > 0 {
            return;
        }
        let (since, _, line) = self.holders.remove(who).unwrap_or_default();
        self.note_hold(who, t.saturating_sub(since), line);
    }

    fn note_hold(&mut self, who: &str, us: u64, line: Option<u32>) {
        if self.longest.as_ref().is_none_or(|l| us > l.1) {
            self.longest = Some((who.to_string(), us, line));
        }
    }

    /// The longest hold, counting holds still open at `now`.
    pub(crate) fn longest_at(&self, now: u64) -> Option<(String, u64, Option<u32>)> {
        let mut best = self.longest.clone();
        let mut open: Vec<_> = self.holders.iter().collect();
        open.sort_by_key(|(who, _)| who.as_str());
        for (who, (since, _, line)) in open {
            let us = now.saturating_sub(*since);
            if best.as_ref().is_none_or(|b| us > b.1) {
                best = Some((who.clone(), us, *line));
            }
        }
        best
    }

    /// Waits and waited µs, counting waits still open at `now`; and who.
    pub(crate) fn contention_at(&self, now: u64) -> (u32, u64, Vec<String>) {
        let mut who = self.waiters.clone();
        let mut open: Vec<_> = self.waiting.iter().collect();
        open.sort_by_key(|(w, _)| w.as_str());
        let mut us = self.waited_us;
        for (w, since) in &open {
            us += now.saturating_sub(**since);
            if !who.contains(w) {
                who.push((*w).clone());
            }
        }
        (self.waits + open.len() as u32, us, who)
    }
}

/// Whether the program handed data over or guarded it with this event.
pub(super) fn synced(k: &EventKind) -> bool {
    matches!(
        k,
        EventKind::LockAcquired { .. }
            | EventKind::QueuePut { .. }
            | EventKind::EventSet { .. }
            | EventKind::CondWait { .. }
            | EventKind::BarrierWait { .. }
            | EventKind::PipeSend { .. }
            | EventKind::TaskSubmitted { .. }
            | EventKind::SockListen { .. }
            | EventKind::SockConnected { .. }
    )
}

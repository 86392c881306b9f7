//! How one lock event changes a lock: the waiting line, the holders and
//! their counts, the totals, and the kind guessed from what is seen.

use super::{Holder, Kind, Lock, Point, Waiter};

impl Lock {
    /// Change the kind from what the events show, unless the scenario said it.
    pub(super) fn learn(&mut self, kind: Kind) {
        if !self.declared && matches!(self.kind, Kind::Lock) {
            self.kind = kind;
        }
    }

    fn note_line(&mut self, t_us: u64) {
        let waiting = u32::try_from(self.waiting.len()).unwrap_or(u32::MAX);
        self.totals.max_waiting = self.totals.max_waiting.max(waiting);
        match self.history.last_mut() {
            Some(p) if p.waiting == waiting => {}
            Some(p) if p.t_us >= t_us => p.waiting = waiting, // same instant, or a late event
            _ => self.history.push(Point { t_us, waiting }),
        }
    }

    /// Join the end of the line (once: a second wait by the same actor is the same wait).
    pub(super) fn start_waiting(&mut self, t_us: u64, actor: &str) {
        if self.waiting.iter().any(|w| w.actor == actor) {
            return;
        }
        self.waiting.push(Waiter {
            actor: actor.to_string(),
            since_us: t_us,
        });
        self.note_line(t_us);
    }

    /// Take `actor` out of the line and count its wait (none if it was not in it).
    pub(super) fn stop_waiting(&mut self, t_us: u64, actor: &str) {
        let Some(i) = self.waiting.iter().position(|w| w.actor == actor) else {
            return;
        };
        let w = self.waiting.remove(i);
        let waited = t_us.saturating_sub(w.since_us);
        self.totals.waits += 1;
        self.totals.wait_total_us += waited;
        self.totals.wait_max_us = self.totals.wait_max_us.max(waited);
        self.note_line(t_us);
    }

    fn holder(&mut self, actor: &str) -> Option<&mut Holder> {
        self.holders.iter_mut().find(|h| h.actor == actor)
    }

    /// Take it: out of the line, into the holders (or a count up for one
    /// already holding); the kind is learnt from who holds it at once.
    pub(super) fn acquired(&mut self, t_us: u64, actor: &str, count: Option<u32>) {
        self.stop_waiting(t_us, actor);
        self.totals.acquisitions += 1;
        let others = self.holders.iter().any(|h| h.actor != actor);
        let mine = self.holders.iter().any(|h| h.actor == actor);
        match count {
            None => self.learn(Kind::Mutex),
            Some(_) if mine && self.kind != Kind::Semaphore => self.learn(Kind::Rlock),
            Some(_) if others => self.learn(Kind::Semaphore),
            Some(_) => {}
        }
        let kind = self.kind;
        if let Some(h) = self.holder(actor) {
            h.count = match (kind, count) {
                (Kind::Rlock, Some(c)) => c,
                (Kind::Semaphore, _) => h.count + 1,
                _ => 1,
            };
            return;
        }
        self.holders.push(Holder {
            actor: actor.to_string(),
            count: if kind == Kind::Rlock {
                count.unwrap_or(1)
            } else {
                1
            },
            since_us: t_us,
        });
    }

    /// Let go once: a count down, and out of the holders at 0, its hold time added.
    pub(super) fn released(&mut self, t_us: u64, actor: &str, count: Option<u32>) {
        let sole = self.holders.len() == 1 && self.holders[0].actor == actor;
        match count {
            Some(c) if c > 0 && sole => self.learn(Kind::Rlock),
            Some(_) if self.holders.len() > 1 => self.learn(Kind::Semaphore),
            _ => {}
        }
        // A threading.Lock may be released by another thread: then its holder goes.
        let i = self.holders.iter().position(|h| h.actor == actor);
        let Some(i) = i.or((!self.holders.is_empty()).then_some(0)) else {
            return;
        };
        let left = match (self.kind, count) {
            (Kind::Rlock, Some(c)) => c,
            (Kind::Semaphore, _) => self.holders[i].count.saturating_sub(1),
            (_, Some(c)) if self.holders.len() == 1 => c,
            _ => 0,
        };
        self.holders[i].count = left;
        if left == 0 {
            let h = self.holders.remove(i);
            self.totals.hold_total_us += t_us.saturating_sub(h.since_us);
        }
    }
}

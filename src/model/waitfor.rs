//! The wait-for graph: who holds which lock, who waits for which, and whether
//! some of them wait in a circle that nothing outside can break (a deadlock).
//! Pure: the host's detector and the screen's graph both fold events into it.

use std::collections::{BTreeMap, BTreeSet};

use crate::event::{ActorKind, Event, EventKind};
use crate::scenario::plan::{LockKind, LockSpec};

/// What a thread waiting on a condition (for a notify) or at a barrier
/// (for the other parties) waits for, in the graph: `cond.wait()`. Nobody
/// holds it, so it is never part of a circle: the detector sees lock waits only.
pub fn sync_wait(name: &str) -> String {
    format!("{name}.wait()")
}
/// The `op` of an acquire step with a timeout (or blocking=False).
pub const TIMED_ACQUIRE: &str = "acquire_timeout";

#[derive(Debug, Clone, Default)]
pub struct WaitFor {
    /// lock → holder → hold count.
    holders: BTreeMap<String, BTreeMap<String, u32>>,
    /// How many may hold a lock at once (semaphores); 1 when not declared.
    permits: BTreeMap<String, u32>,
    /// actor → (the lock it waits for, since when).
    waiting: BTreeMap<String, (String, u64)>,
    kinds: BTreeMap<String, ActorKind>,
    gone: BTreeSet<String>,
    /// File locks: the kernel lets go of them when their holder dies.
    freed_by_kernel: BTreeSet<String>,
    /// Actors whose acquire has a timeout (step `acquire_timeout`): their
    /// wait ends by itself, so it is never part of a deadlock.
    timed: BTreeSet<String>,
}

impl WaitFor {
    /// Know the locks' permits before the first event (events have no holders).
    pub fn declare(&mut self, locks: &[LockSpec]) {
        for l in locks.iter().filter(|l| l.kind != LockKind::Event) {
            self.permits.insert(l.name.clone(), l.permits.max(1));
            if l.kind.freed_by_kernel() {
                self.freed_by_kernel.insert(l.name.clone());
            }
        }
    }

    /// Fold one event in; true when the graph changed.
    pub fn apply(&mut self, e: &Event) -> bool {
        let actor = e.actor.clone();
        match &e.kind {
            EventKind::Spawned { kind, .. } => {
                self.kinds.insert(actor, *kind);
                false
            }
            EventKind::LockWait { lock } => {
                self.waiting.insert(actor, (lock.clone(), e.t_us));
                true
            }
            EventKind::Step { op, .. } => {
                if op == TIMED_ACQUIRE {
                    self.timed.insert(actor);
                } else {
                    self.timed.remove(&actor);
                }
                false
            }
            EventKind::TimedOut { op, .. } if op == "acquire" => {
                self.waiting.remove(&actor).is_some()
            }
            EventKind::LockAcquired { lock, count } => {
                self.waiting.remove(&actor);
                let held = self.holders.entry(lock.clone()).or_default();
                let n = held.entry(actor).or_insert(0);
                *n = count
                    .filter(|_| self.permits.get(lock).is_none_or(|p| *p <= 1))
                    .unwrap_or(*n + 1);
                true
            }
            EventKind::LockReleased { lock, .. } => {
                if let Some(held) = self.holders.get_mut(lock) {
                    if let Some(n) = held.get_mut(&actor) {
                        *n = n.saturating_sub(1);
                        if *n == 0 {
                            held.remove(&actor);
                        }
                    }
                }
                true
            }
            EventKind::CondWait { lock } => {
                self.waiting.insert(actor, (sync_wait(lock), e.t_us));
                true
            }
            EventKind::BarrierWait {
                barrier,
                arrived,
                parties,
            } if arrived < parties => {
                self.waiting.insert(actor, (sync_wait(barrier), e.t_us));
                true
            }
            EventKind::CondWoken { .. }
            | EventKind::BarrierPassed { .. }
            | EventKind::BarrierBroken { .. } => self.waiting.remove(&actor).is_some(),
            EventKind::Exited { .. } => {
                self.waiting.remove(&actor);
                self.gone.insert(actor.clone());
                // The kernel drops a dead process's file locks; a semaphore
                // (multiprocessing.Lock) or a thread's lock stays held.
                if self.kinds.get(&actor) == Some(&ActorKind::Process) {
                    let freed = self.holders.iter_mut();
                    for (_, held) in freed.filter(|(l, _)| self.freed_by_kernel.contains(*l)) {
                        held.remove(&actor);
                    }
                }
                true
            }
            _ => false,
        }
    }

    /// Who holds `lock` now, with hold counts.
    pub fn holders(&self, lock: &str) -> impl Iterator<Item = (&str, u32)> {
        self.holders
            .get(lock)
            .into_iter()
            .flatten()
            .map(|(a, n)| (a.as_str(), *n))
    }

    /// Every waiting actor: (actor, lock, since t_us).
    pub fn waits(&self) -> impl Iterator<Item = (&str, &str, u64)> {
        self.waiting
            .iter()
            .map(|(a, (l, t))| (a.as_str(), l.as_str(), *t))
    }

    /// Every lock anyone holds or waits for.
    pub fn locks(&self) -> BTreeSet<&str> {
        let held = self.holders.iter().filter(|(_, h)| !h.is_empty());
        held.map(|(l, _)| l.as_str())
            .chain(self.waiting.values().map(|(l, _)| l.as_str()))
            .collect()
    }

    fn is_free(&self, lock: &str) -> bool {
        let held = self.holders.get(lock).map_or(0, |h| h.len()) as u32;
        held < self.permits.get(lock).copied().unwrap_or(1)
    }

    /// Waiting actors that can never go on: whatever they wait for is held
    /// only by actors that are themselves stuck (or by themselves).
    pub fn stuck(&self) -> BTreeSet<&str> {
        // A wait with a timeout goes on by itself.
        let mut can: BTreeSet<&str> = self.timed.iter().map(String::as_str).collect();
        loop {
            let before = can.len();
            for (actor, (lock, _)) in &self.waiting {
                if can.contains(actor.as_str()) {
                    continue;
                }
                let moving = |h: &str| {
                    h != actor
                        && !self.gone.contains(h)
                        && (!self.waiting.contains_key(h) || can.contains(h))
                };
                if self.is_free(lock) || self.holders(lock).any(|(h, _)| moving(h)) {
                    can.insert(actor);
                }
            }
            if can.len() == before {
                break;
            }
        }
        self.waiting
            .keys()
            .map(String::as_str)
            .filter(|a| !can.contains(a))
            .collect()
    }

    /// A circle among the stuck actors, as actor, lock, actor, lock, ...: each
    /// actor waits for the lock after it, held by the next actor (the last lock
    /// by the first). It begins with the actor that has waited longest.
    pub fn cycle(&self) -> Option<Vec<String>> {
        let stuck = self.stuck();
        let start = stuck
            .iter()
            .min_by_key(|a| self.waiting.get(**a).map(|(_, t)| *t))?;
        let mut path: Vec<&str> = Vec::new();
        let mut at: &str = start;
        loop {
            if let Some(i) = path.iter().position(|a| *a == at) {
                let ring = &path[i..];
                let first = ring
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, a)| self.waiting.get(**a).map(|(_, t)| *t))
                    .map_or(0, |(k, _)| k);
                let ordered = ring[first..].iter().chain(&ring[..first]);
                return Some(
                    ordered
                        .flat_map(|a| [a.to_string(), self.waiting[*a].0.clone()])
                        .collect(),
                );
            }
            path.push(at);
            let lock = &self.waiting.get(at)?.0;
            at = self
                .holders(lock)
                .map(|(h, _)| h)
                .find(|h| stuck.contains(h))?;
        }
    }

    /// Waits that can never end, though no circle is closed: the lock is held,
    /// and only by actors that are gone (a killed process still holding a
    /// multiprocessing.Lock, which is a semaphore). As (waiter, lock, holders),
    /// the longest wait first.
    pub fn hopeless(&self) -> Vec<(&str, &str, Vec<&str>)> {
        let mut out: Vec<_> = self
            .waiting
            .iter()
            .filter(|(a, (lock, _))| !self.is_free(lock) && !self.timed.contains(*a))
            .filter_map(|(a, (lock, t))| {
                let holders: Vec<&str> = self.holders(lock).map(|(h, _)| h).collect();
                let dead = holders.iter().all(|h| self.gone.contains(*h));
                (dead && !holders.is_empty()).then_some((*t, (a.as_str(), lock.as_str(), holders)))
            })
            .collect();
        out.sort_by_key(|(t, _)| *t);
        out.into_iter().map(|(_, w)| w).collect()
    }

    /// Whether `actor` holds a lock that the kernel does not let go of when
    /// its process dies (anything but a file lock).
    pub fn holds_kept_lock(&self, actor: &str) -> bool {
        self.holders
            .iter()
            .any(|(l, h)| h.contains_key(actor) && !self.freed_by_kernel.contains(l))
    }

    /// When the last wait of `cycle` began: the wait that closed it.
    pub fn closed_at(&self, cycle: &[String]) -> Option<u64> {
        cycle
            .iter()
            .step_by(2)
            .filter_map(|a| self.waiting.get(a).map(|(_, t)| *t))
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::plan::Scope;

    fn ev(t: u64, actor: &str, kind: EventKind) -> Event {
        Event::new(t, actor, 1, kind)
    }

    fn wait(t: u64, a: &str, l: &str) -> Event {
        ev(t, a, EventKind::LockWait { lock: l.into() })
    }

    fn got(t: u64, a: &str, l: &str) -> Event {
        let kind = EventKind::LockAcquired {
            lock: l.into(),
            count: None,
        };
        ev(t, a, kind)
    }

    fn fold(events: &[Event]) -> WaitFor {
        let mut g = WaitFor::default();
        events.iter().for_each(|e| {
            g.apply(e);
        });
        g
    }

    #[test]
    fn opposite_orders_close_a_cycle() {
        let g = fold(&[
            got(1, "t0", "A"),
            got(2, "t1", "B"),
            wait(3, "t0", "B"),
            wait(4, "t1", "A"),
        ]);
        assert_eq!(g.cycle().unwrap(), ["t0", "B", "t1", "A"]);
        assert_eq!(g.closed_at(&g.cycle().unwrap()), Some(4));
    }

    #[test]
    fn contention_is_not_a_deadlock() {
        let g = fold(&[got(1, "t0", "A"), wait(2, "t1", "A"), wait(3, "t2", "A")]);
        assert!(g.stuck().is_empty());
        assert_eq!(g.cycle(), None);
    }

    #[test]
    fn a_chain_to_a_running_holder_can_move() {
        let g = fold(&[
            got(1, "t0", "A"),
            got(2, "t1", "B"),
            wait(3, "t1", "A"),
            wait(4, "t2", "B"),
        ]);
        assert!(g.stuck().is_empty(), "t0 runs, so A will come free");
    }

    #[test]
    fn a_semaphore_with_a_free_holder_does_not_deadlock() {
        let mut g = WaitFor::default();
        g.declare(&[LockSpec {
            name: "S".into(),
            kind: LockKind::Semaphore,
            scope: Scope::Threads,
            permits: 2,
            over: None,
            timeout: None,
        }]);
        for e in [
            got(1, "a", "S"),
            got(2, "b", "S"),
            got(3, "c", "X"),
            wait(4, "a", "X"),
            wait(5, "c", "S"),
        ] {
            g.apply(&e);
        }
        assert_eq!(g.cycle(), None, "b holds S and runs: it will let go");
        g.apply(&wait(6, "b", "X"));
        assert!(g.cycle().is_some(), "now every holder of S waits for X");
    }

    #[test]
    fn a_released_lock_breaks_the_circle_and_exits_end_waits() {
        let mut g = fold(&[
            got(1, "t0", "A"),
            got(2, "t1", "B"),
            wait(3, "t0", "B"),
            wait(4, "t1", "A"),
        ]);
        g.apply(&ev(
            5,
            "t1",
            EventKind::LockReleased {
                lock: "B".into(),
                count: None,
            },
        ));
        g.apply(&ev(
            6,
            "t1",
            EventKind::Exited {
                code: Some(1),
                signal: None,
                cause: None,
            },
        ));
        assert_eq!(g.cycle(), None);
        assert!(g.waits().all(|(a, _, _)| a != "t1"));
    }
}

//! Locks, semaphores and events as the screen knows them: who holds them, who
//! waits in which order, and what the waiting cost, folded from lock events
//! (the folding itself, one event at a time, is in `fold`).

mod fold;
mod sync;

use crate::model::history::History;
use crate::model::named::Named;

use crate::scenario::plan::{LockKind, LockSpec, Scope};

/// What kind of lock it is: declared by the plan, or guessed from its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Not known yet: an rlock never re-entered looks like a one-holder semaphore.
    Lock,
    /// Events without a count: threading.Lock, multiprocessing.Lock, a file lock.
    Mutex,
    /// Its owner took it again (a count above 1 for the same holder).
    Rlock,
    /// Several holders at once.
    Semaphore,
    /// threading.Event: waiters pass once it is set.
    Event,
    /// threading.Condition: its lock's holders and waiters, and who sleeps
    /// until a notify (`sleepers`).
    Condition,
    /// threading.Barrier: the waiting line is who arrived; `is_set` is broken.
    Barrier,
}

impl From<LockKind> for Kind {
    fn from(k: LockKind) -> Kind {
        match k {
            LockKind::Mutex | LockKind::FileLock => Kind::Mutex,
            LockKind::Rlock => Kind::Rlock,
            LockKind::Semaphore => Kind::Semaphore,
            LockKind::Event => Kind::Event,
            LockKind::Condition => Kind::Condition,
            LockKind::Barrier => Kind::Barrier,
        }
    }
}

/// An actor holding a lock: `count` is an rlock's hold count, a semaphore's
/// permits held by this actor, 1 for a mutex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub actor: String,
    pub count: u32,
    pub since_us: u64,
}

/// An actor in the waiting line, since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiter {
    pub actor: String,
    pub since_us: u64,
}

/// The waiting line's length from `t_us` on (a point each time it changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub t_us: u64,
    pub waiting: u32,
}

/// What a lock cost over the whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Acquisitions (for an event: waiters that passed).
    pub acquisitions: u64,
    /// Waits that ended, their total and longest time.
    pub waits: u64,
    pub wait_total_us: u64,
    pub wait_max_us: u64,
    /// Time held, counted when a holder lets go for good.
    pub hold_total_us: u64,
    /// The longest the waiting line ever was.
    pub max_waiting: u32,
}

/// How far a cell looks into the history at most: drawing cost follows the
/// screen, not how many points were stored.
const SCAN_LIMIT: usize = 32;

/// One lock, semaphore or event.
#[derive(Debug, Clone)]
pub struct Lock {
    pub name: String,
    pub kind: Kind,
    /// The kind came from the scenario, not from a guess.
    pub declared: bool,
    /// Semaphores: how many may hold it at once, when declared.
    pub permits: Option<u32>,
    /// Shared by processes (declared `scope = "processes"`).
    pub between_processes: bool,
    /// A file lock (`file_lock`): the kernel lets go of it when its holder
    /// dies. Every other lock stays held by a dead holder, as in Python.
    pub file_lock: bool,
    pub holders: Vec<Holder>,
    /// In arrival order: the head of the line first.
    pub waiting: Vec<Waiter>,
    /// Events: set (true) or clear; barriers: broken (true).
    pub is_set: bool,
    /// A condition: who waits for a notify, in the order they began to wait.
    pub sleepers: Vec<Waiter>,
    /// A condition: the declared lock it is over (None: its own rlock).
    pub over: Option<String>,
    pub totals: Totals,
    history: History<Point>,
    /// Some event named it: a lock declared but never used (the variant
    /// without the lock) is not shown.
    seen: bool,
}

impl Lock {
    fn new(name: &str, kind: Kind) -> Lock {
        Lock {
            name: name.to_string(),
            kind,
            declared: false,
            permits: None,
            between_processes: false,
            file_lock: false,
            holders: Vec::new(),
            waiting: Vec::new(),
            is_set: false,
            sleepers: Vec::new(),
            over: None,
            totals: Totals::default(),
            history: History::default(),
            seen: false,
        }
    }

    /// The waiting line's length over time, in time order.
    pub fn history(&self) -> &History<Point> {
        &self.history
    }

    /// Time spent waiting up to `now_us`, the waits still open included.
    pub fn wait_us_at(&self, now_us: u64) -> u64 {
        let open: u64 = self
            .waiting
            .iter()
            .map(|w| now_us.saturating_sub(w.since_us))
            .sum();
        self.totals.wait_total_us + open
    }

    /// The longest wait up to `now_us`, a wait still open included.
    pub fn wait_max_us_at(&self, now_us: u64) -> u64 {
        let open = self
            .waiting
            .iter()
            .map(|w| now_us.saturating_sub(w.since_us));
        open.fold(self.totals.wait_max_us, u64::max)
    }

    /// Time held up to `now_us`, the holds still open included.
    pub fn hold_us_at(&self, now_us: u64) -> u64 {
        let open: u64 = self
            .holders
            .iter()
            .map(|h| now_us.saturating_sub(h.since_us))
            .sum();
        self.totals.hold_total_us + open
    }

    /// The longest the line was during `[t0, t1)`: a binary search to `t0`,
    /// then at most a few points, so a long history costs nothing extra.
    pub fn max_waiting_in(&self, t0: u64, t1: u64) -> u32 {
        let h = &self.history;
        let i = h.partition_point(|p| p.t_us <= t0);
        let before = i.checked_sub(1).map_or(0, |j| h[j].waiting);
        h.iter_from(i)
            .take_while(|p| p.t_us < t1)
            .take(SCAN_LIMIT)
            .fold(before, |m, p| m.max(p.waiting))
    }
}

/// Every lock of the run, in the order they were declared or first seen.
#[derive(Debug, Clone, Default)]
pub struct Locks {
    list: Named<Lock>,
}

impl Locks {
    /// Take the kinds from the scenario, so the panel is right from the start.
    pub fn declare(&mut self, specs: &[LockSpec]) {
        for s in specs {
            let lock = self.entry(&s.name, s.kind.into());
            lock.kind = s.kind.into();
            lock.declared = true;
            let counted = matches!(s.kind, LockKind::Semaphore | LockKind::Barrier);
            lock.permits = counted.then_some(s.permits);
            lock.over.clone_from(&s.over);
            lock.between_processes = s.scope == Scope::Processes;
            lock.file_lock = s.kind.freed_by_kernel();
        }
    }

    /// The lock an event names, made on first sight.
    fn used(&mut self, name: &str, kind: Kind) -> &mut Lock {
        let lock = self.entry(name, kind);
        lock.seen = true;
        lock
    }

    fn entry(&mut self, name: &str, kind: Kind) -> &mut Lock {
        self.list.entry(name, || Lock::new(name, kind))
    }

    /// The locks some event named, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Lock> {
        self.list.iter().filter(|l| l.seen)
    }

    /// A lock by name, used or only declared.
    pub fn get(&self, name: &str) -> Option<&Lock> {
        self.list.get(name)
    }

    /// True until some event names a lock.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// `lock_wait`: `actor` joins the end of the line.
    pub fn wait(&mut self, t_us: u64, actor: &str, lock: &str) {
        self.used(lock, Kind::Lock).start_waiting(t_us, actor);
    }

    /// `lock_acquired`, with the event's `count`.
    pub fn acquired(&mut self, t_us: u64, actor: &str, lock: &str, count: Option<u32>) {
        self.used(lock, Kind::Lock).acquired(t_us, actor, count);
    }

    /// `lock_released`, with the event's `count`.
    pub fn released(&mut self, t_us: u64, actor: &str, lock: &str, count: Option<u32>) {
        self.used(lock, Kind::Lock).released(t_us, actor, count);
    }

    /// `event_wait`: `actor` blocks until the event is set.
    pub fn event_wait(&mut self, t_us: u64, actor: &str, event: &str) {
        self.used(event, Kind::Event).start_waiting(t_us, actor);
    }

    /// `event_passed`: the event was set, the waiter goes on.
    pub fn event_passed(&mut self, t_us: u64, actor: &str, event: &str) {
        let e = self.used(event, Kind::Event);
        e.stop_waiting(t_us, actor);
        e.totals.acquisitions += 1;
    }

    /// `timed_out` of an acquire or a wait: `actor` leaves the line of `lock`
    /// (a lock or an event) without it.
    pub fn gave_up(&mut self, t_us: u64, actor: &str, lock: &str) {
        if let Some(l) = self.list.iter_mut().find(|l| l.name == lock) {
            l.stop_waiting(t_us, actor);
        }
    }

    /// `event_set`: set or cleared.
    pub fn event_set(&mut self, event: &str, set: bool) {
        self.used(event, Kind::Event).is_set = set;
    }

    /// The actor ended: it waits no more. A process's file locks end with it
    /// (the kernel drops them); any other lock it held stays held, as a
    /// multiprocessing.Lock (a semaphore) or a threading.Lock does in Python.
    pub fn actor_gone(&mut self, t_us: u64, actor: &str, process: bool) {
        for lock in self.list.iter_mut() {
            lock.stop_waiting(t_us, actor);
            lock.sleepers.retain(|w| w.actor != actor);
            if !process || !lock.file_lock {
                continue;
            }
            if let Some(i) = lock.holders.iter().position(|h| h.actor == actor) {
                let h = lock.holders.remove(i);
                lock.totals.hold_total_us += t_us.saturating_sub(h.since_us);
            }
        }
    }
}

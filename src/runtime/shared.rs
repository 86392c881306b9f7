//! Shared state for real: locks between threads (std Mutex + Condvar, with
//! owners and counts told as events), locks between processes (POSIX named
//! semaphores, as multiprocessing's are; `file_lock`: flock on a file in the
//! run's private directory), events, global values, JSON files.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use nix::fcntl::{Flock, FlockArg};

use super::control::Control;
use super::manager::{Client, Request};
use super::shared_os::{gate_path, pass_gate, sem_name, PosixSem};
use crate::event::EventKind;
use crate::scenario::plan::{LockKind, LockSpec, Plan, Scope, ValueKind};

#[path = "shared_park.rs"]
mod park;
#[path = "shared_timed.rs"]
mod timed;
pub use timed::Timed;

/// A thread-scope lock's state.
#[derive(Debug)]
enum LockState {
    Mutex { owner: Option<String> },
    Rlock { owner: Option<String>, count: u32 },
    Semaphore { holders: Vec<String>, permits: u32 },
    Event { set: bool },
}

impl LockState {
    fn new(spec: &LockSpec) -> LockState {
        match spec.kind {
            // A file lock is between processes only: never in this table.
            LockKind::Mutex | LockKind::FileLock | LockKind::Barrier => {
                LockState::Mutex { owner: None }
            }
            // A condition without a lock of its own choosing has an RLock,
            // as threading.Condition() has; a barrier is never taken.
            LockKind::Rlock | LockKind::Condition => LockState::Rlock {
                owner: None,
                count: 0,
            },
            LockKind::Semaphore => LockState::Semaphore {
                holders: Vec::new(),
                permits: spec.permits,
            },
            LockKind::Event => LockState::Event { set: false },
        }
    }

    /// Take it for `actor` if possible; Some(count reported) on success.
    fn try_take(&mut self, actor: &str) -> Option<Option<u32>> {
        match self {
            LockState::Mutex { owner: o @ None } => {
                *o = Some(actor.to_string());
                Some(None)
            }
            LockState::Rlock { owner, count }
                if owner.is_none() || owner.as_deref() == Some(actor) =>
            {
                *owner = Some(actor.to_string());
                *count += 1;
                Some(Some(*count))
            }
            LockState::Semaphore { holders, permits } if (holders.len() as u32) < *permits => {
                holders.push(actor.to_string());
                Some(Some(holders.len() as u32))
            }
            _ => None,
        }
    }

    /// How many times `actor` holds it, if at all.
    fn held_by(&self, actor: &str) -> Option<u32> {
        match self {
            LockState::Mutex { owner } if owner.as_deref() == Some(actor) => Some(1),
            LockState::Rlock { owner, count } if owner.as_deref() == Some(actor) => Some(*count),
            LockState::Semaphore { holders, .. } => {
                let n = holders.iter().filter(|h| *h == actor).count() as u32;
                (n > 0).then_some(n)
            }
            _ => None,
        }
    }

    /// Let go once for `actor`; the count reported, or why it cannot.
    fn give(&mut self, actor: &str, lock: &str) -> Result<Option<u32>, String> {
        let not_held =
            || format!("{actor} released {lock}, which it does not hold (RuntimeError in Python)");
        match self {
            LockState::Mutex { owner } if owner.is_some() => {
                // A threading.Lock may be released by any thread.
                *owner = None;
                Ok(None)
            }
            LockState::Rlock { owner, count } if owner.as_deref() == Some(actor) => {
                *count -= 1;
                if *count == 0 {
                    *owner = None;
                }
                Ok(Some(*count))
            }
            LockState::Semaphore { holders, .. } if !holders.is_empty() => {
                let at = holders.iter().position(|h| h == actor).unwrap_or(0);
                holders.remove(at);
                Ok(Some(holders.len() as u32))
            }
            _ => Err(not_held()),
        }
    }
}

fn never() -> super::deadline::Deadline {
    super::deadline::Deadline::never()
}

/// How often a thread waiting for a lock looks whether it was chosen as a
/// deadlock's victim.
const VICTIM_LOOK: std::time::Duration = std::time::Duration::from_millis(20);

/// The shared objects of one process.
pub struct Shared {
    plan: Arc<Plan>,
    dir: PathBuf,
    table: Mutex<HashMap<String, LockState>>,
    changed: Condvar,
    globals: Mutex<HashMap<String, i64>>,
    /// File locks held, by (lock, actor): dropping one unlocks the file.
    files: Mutex<HashMap<(String, String), Flock<File>>>,
    sems: Mutex<HashMap<String, Arc<PosixSem>>>,
    /// Semaphore-backed mutexes and rlocks held in this process, by (lock,
    /// actor), with the hold count (multiprocessing's SemLock keeps the same).
    owned: Mutex<HashMap<(String, String), u32>>,
    manager: Client,
}

#[path = "shared_fork.rs"]
mod fork;

/// Where the events of a shared operation go (the calling actor's voice).
pub type Say<'a> = &'a dyn Fn(EventKind);

impl Shared {
    pub fn new(plan: Arc<Plan>, dir: &Path) -> Shared {
        let table = plan
            .locks
            .iter()
            .filter(|l| l.scope == Scope::Threads)
            .map(|l| (l.name.clone(), LockState::new(l)))
            .collect();
        let globals = plan
            .values
            .iter()
            .filter(|v| v.kind == ValueKind::Global)
            .map(|v| (v.name.clone(), v.initial))
            .collect();
        Shared {
            plan,
            dir: dir.to_path_buf(),
            table: Mutex::new(table),
            changed: Condvar::new(),
            globals: Mutex::new(globals),
            files: Mutex::new(HashMap::new()),
            sems: Mutex::new(HashMap::new()),
            owned: Mutex::new(HashMap::new()),
            manager: Client::new(dir),
        }
    }

    fn spec(&self, lock: &str) -> Result<&LockSpec, String> {
        self.plan
            .locks
            .iter()
            .find(|l| l.name == lock)
            .ok_or_else(|| format!("no lock {lock}"))
    }

    /// Take `lock` for `actor`; `lock_wait` is told only when it must wait.
    /// Ok(false) when the wait was given up: the actor is a deadlock's victim
    /// (only thread-scope waits can be; a process victim is killed instead).
    pub fn acquire(
        &self,
        actor: &str,
        lock: &str,
        say: Say,
        control: &Control,
    ) -> Result<bool, String> {
        let spec = self.spec(lock)?;
        let wait = || say(EventKind::LockWait { lock: lock.into() });
        let count = match spec.scope {
            Scope::Threads => return Ok(self.take_in_process(actor, lock, say, control)),
            Scope::Processes if spec.kind == LockKind::Semaphore => {
                let sem = self.semaphore(lock)?;
                if !sem.try_wait()? && !self.sem_within(actor, &sem, &never(), control, &wait)? {
                    return Ok(false);
                }
                Some(spec.permits.saturating_sub(sem.available()))
            }
            Scope::Processes if spec.kind == LockKind::FileLock => {
                self.take_file_lock(actor, lock, &wait)?;
                None
            }
            Scope::Processes => match self.take_sem_lock(actor, spec, &wait, control)? {
                Some(count) => count,
                None => return Ok(false),
            },
        };
        say(EventKind::LockAcquired {
            lock: lock.into(),
            count,
        });
        Ok(true)
    }

    /// The untimed take: the timed one with a deadline that never passes.
    fn take_in_process(&self, actor: &str, lock: &str, say: Say, control: &Control) -> bool {
        let never = super::deadline::Deadline::never();
        matches!(
            self.take_in_process_by(actor, lock, say, control, &never),
            Timed::Got
        )
    }

    /// Locks `actor` holds in this process's table, with their counts (what a
    /// deadlock's victim lets go of as it unwinds).
    pub fn held_by(&self, actor: &str) -> Vec<(String, u32)> {
        let table = self.table.lock().unwrap();
        table
            .iter()
            .filter_map(|(name, state)| state.held_by(actor).map(|n| (name.clone(), n)))
            .collect()
    }

    /// A multiprocessing.Lock or RLock: one permit of a named semaphore. Its
    /// holder dying does not give the permit back: the lock stays held.
    /// None: the run was aborted while it waited.
    fn take_sem_lock(
        &self,
        actor: &str,
        spec: &LockSpec,
        wait: &dyn Fn(),
        control: &Control,
    ) -> Result<Option<Option<u32>>, String> {
        let key = (spec.name.clone(), actor.to_string());
        let recursive = spec.kind == LockKind::Rlock;
        if recursive {
            if let Some(count) = self.owned.lock().unwrap().get_mut(&key) {
                *count += 1;
                return Ok(Some(Some(*count)));
            }
        }
        // A Lock taken again by its holder waits for ever, as in Python.
        let sem = self.semaphore(&spec.name)?;
        if !sem.try_wait()? && !self.sem_within(actor, &sem, &never(), control, wait)? {
            return Ok(None);
        }
        self.owned.lock().unwrap().insert(key, 1);
        Ok(Some(recursive.then_some(1)))
    }

    /// fcntl.flock(LOCK_EX) on a file of its own, opened afresh (so taken
    /// twice by one actor, it waits for itself, as in Python).
    fn take_file_lock(&self, actor: &str, lock: &str, wait: &dyn Fn()) -> Result<(), String> {
        let path = self.dir.join(format!("lock-{lock}"));
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let flock = match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
            Ok(f) => f,
            Err((file, nix::errno::Errno::EWOULDBLOCK)) => {
                wait();
                Flock::lock(file, FlockArg::LockExclusive)
                    .map_err(|(_, e)| format!("flock {lock}: {e}"))?
            }
            Err((_, e)) => return Err(format!("flock {lock}: {e}")),
        };
        let key = (lock.to_string(), actor.to_string());
        self.files.lock().unwrap().insert(key, flock);
        Ok(())
    }

    pub fn release(&self, actor: &str, lock: &str, say: Say) -> Result<(), String> {
        match self.spec(lock)?.scope {
            Scope::Threads => {
                let mut table = self.table.lock().unwrap();
                let state = table
                    .get_mut(lock)
                    .ok_or_else(|| format!("no lock {lock}"))?;
                let count = state.give(actor, lock)?;
                say(EventKind::LockReleased {
                    lock: lock.into(),
                    count,
                });
                self.changed.notify_all();
                Ok(())
            }
            Scope::Processes if self.spec(lock)?.kind == LockKind::Semaphore => {
                let sem = self.semaphore(lock)?;
                let holders = self.spec(lock)?.permits.saturating_sub(sem.available() + 1);
                say(EventKind::LockReleased {
                    lock: lock.into(),
                    count: Some(holders),
                });
                sem.post()
            }
            Scope::Processes if self.spec(lock)?.kind == LockKind::FileLock => {
                self.give_file_lock(actor, lock, say)
            }
            Scope::Processes => self.give_sem_lock(actor, lock, say),
        }
    }

    /// Told before the permit is given back, so no other holder is told first.
    fn give_sem_lock(&self, actor: &str, lock: &str, say: Say) -> Result<(), String> {
        let recursive = self.spec(lock)?.kind == LockKind::Rlock;
        let sem = self.semaphore(lock)?;
        let key = (lock.to_string(), actor.to_string());
        let mut owned = self.owned.lock().unwrap();
        let left = match owned.get_mut(&key) {
            Some(count) => {
                *count -= 1;
                *count
            }
            None if recursive => {
                return Err(format!(
                    "{actor} released {lock}, which it does not own (AssertionError in Python)"
                ))
            }
            // A multiprocessing.Lock may be released by any process while held.
            None if sem.available() == 0 => 0,
            None => {
                return Err(format!(
                    "{actor} released {lock}, which is not held (ValueError in Python: \
                     released too many times)"
                ))
            }
        };
        say(EventKind::LockReleased {
            lock: lock.into(),
            count: recursive.then_some(left),
        });
        if left == 0 {
            owned.remove(&key);
            sem.post()?;
        }
        Ok(())
    }

    /// The run's named semaphore for `lock`, opened once per process.
    fn semaphore(&self, lock: &str) -> Result<Arc<PosixSem>, String> {
        let mut sems = self.sems.lock().unwrap();
        if let Some(s) = sems.get(lock) {
            return Ok(s.clone());
        }
        let sem = Arc::new(PosixSem::open(&sem_name(&self.dir, lock))?);
        sems.insert(lock.to_string(), sem.clone());
        Ok(sem)
    }

    fn process_scope(&self, lock: &str) -> bool {
        self.spec(lock).is_ok_and(|l| l.scope == Scope::Processes)
    }

    /// Told before the file is unlocked, so no other holder is told first.
    fn give_file_lock(&self, actor: &str, lock: &str, say: Say) -> Result<(), String> {
        let key = (lock.to_string(), actor.to_string());
        let mut files = self.files.lock().unwrap();
        if !files.contains_key(&key) {
            return Err(format!("{actor} released {lock}, which it does not hold"));
        }
        say(EventKind::LockReleased {
            lock: lock.into(),
            count: None,
        });
        files.remove(&key); // dropping the Flock unlocks the file
        Ok(())
    }

    pub fn wait_event(&self, name: &str, say: Say) -> Result<(), String> {
        if self.process_scope(name) {
            say(EventKind::EventWait { lock: name.into() });
            pass_gate(&gate_path(&self.dir, name))?;
            say(EventKind::EventPassed { lock: name.into() });
            return Ok(());
        }
        let mut table = self.table.lock().unwrap();
        say(EventKind::EventWait { lock: name.into() });
        while !matches!(table.get(name), Some(LockState::Event { set: true })) {
            table = self.changed.wait(table).unwrap();
        }
        say(EventKind::EventPassed { lock: name.into() });
        Ok(())
    }

    /// Between processes, telling it is what opens the gate: the host acts on it.
    pub fn set_event(&self, name: &str, set: bool, say: Say) {
        let mut table = self.table.lock().unwrap();
        if let Some(LockState::Event { set: s }) = table.get_mut(name) {
            *s = set;
        }
        say(EventKind::EventSet {
            lock: name.into(),
            set,
        });
        self.changed.notify_all();
    }
}

#[path = "shared_values.rs"]
mod values;
pub use values::{file_path, write_file};

#[cfg(test)]
#[path = "shared_tests.rs"]
mod tests;

//! Timed acquire and timed event wait on the shared objects of a process
//! (a child module of `shared`, which was already long). Each waits for real
//! in the OS for slices of at most what is left of its deadline (scenario
//! time, see `deadline`): a condition variable between threads, sem_timedwait
//! for multiprocessing's semaphores and locks. flock has no timed form: a
//! file lock and a process event's gate are tried without blocking every
//! POLL_FLOCK until the deadline.

use std::fs::OpenOptions;
use std::time::Duration;

use nix::fcntl::{Flock, FlockArg};

use super::{LockState, Say, Shared, VICTIM_LOOK};
use crate::event::EventKind;
use crate::runtime::control::Control;
use crate::runtime::deadline::Deadline;
use crate::runtime::shared_os::gate_path;
use crate::scenario::plan::{Block, LockKind, LockSpec, Scope};

/// How often a timed wait on an flock looks again.
const POLL_FLOCK: Duration = Duration::from_millis(2);

/// How a timed wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timed {
    Got,
    /// The time ran out (told as `timed_out`): Python's False.
    TimedOut,
    /// The run was aborted, or the waiter is a deadlock's victim.
    GaveUp,
}

fn timeout_secs(block: Block) -> f64 {
    match block {
        Block::Timeout(d) => d.as_secs_f64(),
        Block::NoWait | Block::Wait => 0.0,
    }
}

impl Shared {
    /// `lock.acquire(timeout=…)`, `acquire(blocking=False)` or `acquire()`.
    pub fn acquire_timed(
        &self,
        actor: &str,
        lock: &str,
        block: Block,
        say: Say,
        control: &Control,
    ) -> Result<Timed, String> {
        let deadline = match block {
            Block::Wait => {
                let got = self.acquire(actor, lock, say, control)?;
                return Ok(if got { Timed::Got } else { Timed::GaveUp });
            }
            Block::Timeout(d) => Deadline::after(control, d),
            Block::NoWait => Deadline::after(control, Duration::ZERO),
        };
        let spec = self.spec(lock)?.clone();
        let timed_out = || {
            say(EventKind::TimedOut {
                op: "acquire".into(),
                object: lock.into(),
                timeout: timeout_secs(block),
            })
        };
        if spec.scope == Scope::Threads {
            let ended = self.take_in_process_by(actor, lock, say, control, &deadline);
            if ended == Timed::TimedOut {
                timed_out();
            }
            return Ok(ended);
        }
        let wait = || say(EventKind::LockWait { lock: lock.into() });
        let Some(count) = self.take_between_by(actor, &spec, &deadline, control, &wait)? else {
            return Ok(self.ended(control, &timed_out));
        };
        say(EventKind::LockAcquired {
            lock: lock.into(),
            count,
        });
        Ok(Timed::Got)
    }

    /// A lock between processes taken by `deadline`: Some(the count to
    /// tell), or None when it was not.
    fn take_between_by(
        &self,
        actor: &str,
        spec: &LockSpec,
        deadline: &Deadline,
        control: &Control,
        wait: &dyn Fn(),
    ) -> Result<Option<Option<u32>>, String> {
        let lock = spec.name.as_str();
        let key = (lock.to_string(), actor.to_string());
        if spec.kind == LockKind::FileLock {
            let Some(flock) = self.try_flock(lock, deadline, control, wait)? else {
                return Ok(None);
            };
            self.files.lock().unwrap().insert(key, flock);
            return Ok(Some(None));
        }
        if spec.kind == LockKind::Rlock {
            if let Some(n) = self.owned.lock().unwrap().get_mut(&key) {
                *n += 1;
                return Ok(Some(Some(*n)));
            }
        }
        let sem = self.semaphore(lock)?;
        if !sem.try_wait()? && !self.sem_within(actor, &sem, deadline, control, wait)? {
            return Ok(None);
        }
        Ok(Some(match spec.kind {
            LockKind::Semaphore => Some(spec.permits.saturating_sub(sem.available())),
            kind => {
                self.owned.lock().unwrap().insert(key, 1);
                (kind == LockKind::Rlock).then_some(1)
            }
        }))
    }

    /// A wait between processes did not get it: aborted, or timed out (told).
    fn ended(&self, control: &Control, timed_out: &dyn Fn()) -> Timed {
        if control.is_aborted() {
            return Timed::GaveUp;
        }
        timed_out();
        Timed::TimedOut
    }

    /// flock(LOCK_EX | LOCK_NB) tried until `deadline`.
    fn try_flock(
        &self,
        lock: &str,
        deadline: &Deadline,
        control: &Control,
        wait: &dyn Fn(),
    ) -> Result<Option<Flock<std::fs::File>>, String> {
        let path = self.dir.join(format!("lock-{lock}"));
        let mut told = false;
        loop {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
                Ok(f) => return Ok(Some(f)),
                Err((_, nix::errno::Errno::EWOULDBLOCK)) => {}
                Err((_, e)) => return Err(format!("flock {lock}: {e}")),
            }
            let Some(slice) = deadline.slice(control, POLL_FLOCK) else {
                return Ok(None);
            };
            if !told {
                wait();
                told = true;
            }
            if control.is_aborted() {
                return Ok(None);
            }
            std::thread::sleep(slice);
        }
    }

    /// `event.wait(timeout)`: Got when the event is (or becomes) set in time.
    pub fn wait_event_timed(
        &self,
        name: &str,
        timeout: Duration,
        say: Say,
        control: &Control,
    ) -> Result<Timed, String> {
        let deadline = Deadline::after(control, timeout);
        say(EventKind::EventWait { lock: name.into() });
        let got = if self.process_scope(name) {
            self.pass_gate_by(name, &deadline, control)?
        } else {
            let mut table = self.table.lock().unwrap();
            loop {
                if matches!(table.get(name), Some(LockState::Event { set: true })) {
                    break true;
                }
                let Some(slice) = deadline.slice(control, VICTIM_LOOK) else {
                    break false;
                };
                if control.is_aborted() {
                    break false;
                }
                table = self.changed.wait_timeout(table, slice).unwrap().0;
            }
        };
        if got {
            say(EventKind::EventPassed { lock: name.into() });
            return Ok(Timed::Got);
        }
        Ok(self.ended(control, &|| {
            say(EventKind::TimedOut {
                op: "wait".into(),
                object: name.into(),
                timeout: timeout.as_secs_f64(),
            })
        }))
    }

    /// Pass a process event's gate (a shared flock) before `deadline`.
    fn pass_gate_by(
        &self,
        name: &str,
        deadline: &Deadline,
        control: &Control,
    ) -> Result<bool, String> {
        let path = gate_path(&self.dir, name);
        loop {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            match Flock::lock(file, FlockArg::LockSharedNonblock) {
                Ok(_) => return Ok(true),
                Err((_, nix::errno::Errno::EWOULDBLOCK)) => {}
                Err((_, e)) => return Err(format!("gate: {e}")),
            }
            match deadline.slice(control, POLL_FLOCK) {
                Some(slice) if !control.is_aborted() => std::thread::sleep(slice),
                _ => return Ok(false),
            }
        }
    }
}

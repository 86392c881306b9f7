//! The interpreter's condition and barrier steps (runtime::sync holds their state).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::actor::{Actor, Flow};
use super::control::Aborted;
use super::sync::Passed;
use crate::event::EventKind;
use crate::scenario::expr::{Expr, NONE};
use crate::scenario::plan::LockSpec;
use crate::scenario::plan_sync::SyncStep;

/// How a condition wait ended early: the flow the actor takes instead.
type Stopped = Flow;

impl Actor {
    pub(super) fn exec_sync(&mut self, step: &SyncStep) -> Flow {
        let done = match step {
            SyncStep::Wait {
                cond,
                timeout,
                into,
            } => self
                .cond_wait(cond, self.deadline(*timeout))
                .map(|notified| {
                    self.keep(into, Some(i64::from(notified)));
                }),
            SyncStep::WaitFor {
                cond,
                until,
                timeout,
                into,
            } => self
                .wait_for(cond, until, *timeout)
                .map(|v| self.keep(into, Some(v))),
            SyncStep::Notify { cond, n } => self.notify(cond, *n),
            SyncStep::Pass {
                barrier,
                timeout,
                into,
            } => self.pass(barrier, *timeout, into),
            SyncStep::Abort(b) | SyncStep::Reset(b) => {
                let reset = matches!(step, SyncStep::Reset(_));
                self.proc.syncs.break_barrier(b, reset);
                self.say(EventKind::BarrierAbort {
                    barrier: b.clone(),
                    reset,
                });
                Ok(())
            }
        };
        done.err().unwrap_or(Flow::Next)
    }

    fn spec_of(&self, name: &str) -> Option<LockSpec> {
        self.proc
            .plan
            .locks
            .iter()
            .find(|l| l.name == name)
            .cloned()
    }

    fn deadline(&self, timeout: Option<Duration>) -> Option<Instant> {
        timeout.map(|d| Instant::now() + self.proc.control.real_time(d))
    }

    /// An uncaught exception: told, the `with` blocks left (every lock this
    /// actor holds let go), and the thread ends, as Python's would.
    fn raise(&mut self, text: &str) -> Stopped {
        self.error(format!("Exception in thread {}: {text}", self.name));
        let proc = self.proc.clone();
        let say = |kind: EventKind| self.say(kind);
        for (held, count) in proc.shared.held_by(&self.name) {
            for _ in 0..count {
                let _ = proc.shared.release(&self.name, &held, &say);
            }
        }
        Flow::Exit(1)
    }

    /// The condition's lock, and how many times this actor holds it.
    fn cond_lock(&self, cond: &str) -> (String, u32) {
        let lock = self
            .spec_of(cond)
            .and_then(|s| s.over)
            .unwrap_or_else(|| cond.to_string());
        let held = self.proc.shared.held_by(&self.name);
        let n = held.iter().find(|(l, _)| *l == lock).map_or(0, |(_, n)| *n);
        (lock, n)
    }

    /// `cond.wait()`: join the waiters, let go of the lock (every level of
    /// an rlock), wait for a notify or the deadline, take the lock again.
    fn cond_wait(&mut self, cond: &str, deadline: Option<Instant>) -> Result<bool, Stopped> {
        let (lock, count) = self.cond_lock(cond);
        if count == 0 {
            return Err(self.raise("RuntimeError: cannot wait on un-acquired lock"));
        }
        let proc = self.proc.clone();
        let ticket = proc.syncs.enter(cond);
        self.say(EventKind::CondWait { lock: cond.into() });
        let say = |kind: EventKind| self.say(kind);
        for _ in 0..count {
            if let Err(e) = proc.shared.release(&self.name, &lock, &say) {
                self.error(e);
            }
        }
        let notified = proc.syncs.wait(cond, ticket, deadline, &proc.control);
        if proc.control.is_aborted() {
            return Err(Flow::Stop(Aborted));
        }
        self.say(EventKind::CondWoken {
            lock: cond.into(),
            notified,
        });
        for _ in 0..count {
            let say = |kind: EventKind| self.say(kind);
            match proc.shared.acquire(&self.name, &lock, &say, &proc.control) {
                Ok(true) => {}
                Ok(false) if proc.control.is_aborted() => return Err(Flow::Stop(Aborted)),
                Ok(false) => return Err(self.unwind(&lock)),
                Err(e) => self.error(e),
            }
        }
        Ok(notified)
    }

    /// `cond.wait_for(predicate, timeout)`, as CPython writes it: test, wait,
    /// test again, until the predicate holds or the time is up; its last value.
    fn wait_for(
        &mut self,
        cond: &str,
        until: &Expr,
        timeout: Option<Duration>,
    ) -> Result<i64, Stopped> {
        let deadline = self.deadline(timeout);
        loop {
            let v = self.predicate(until)?;
            let late = deadline.is_some_and(|d| Instant::now() >= d);
            if v != 0 || late {
                return Ok(v);
            }
            self.cond_wait(cond, deadline)?;
        }
    }

    /// The predicate's value: its names are locals, or shared values read now.
    fn predicate(&mut self, until: &Expr) -> Result<i64, Stopped> {
        let mut names = Vec::new();
        until.vars(&mut names);
        let mut vars: BTreeMap<String, i64> = BTreeMap::new();
        let proc = self.proc.clone();
        for n in names {
            let v = match self.locals.get(&n) {
                Some(v) => *v,
                None => {
                    let say = |kind: EventKind| self.say(kind);
                    proc.shared.read(&n, &say).map_err(|e| self.raise(&e))?
                }
            };
            vars.insert(n, v);
        }
        until
            .eval(&vars)
            .map_err(|e| self.raise(&format!("TypeError: {e}")))
    }

    fn notify(&mut self, cond: &str, n: Option<u32>) -> Result<(), Stopped> {
        if self.cond_lock(cond).1 == 0 {
            return Err(self.raise("RuntimeError: cannot notify on un-acquired lock"));
        }
        let proc = self.proc.clone();
        let told = |woken: u32| {
            self.say(EventKind::CondNotify {
                lock: cond.into(),
                n,
                woken,
            })
        };
        proc.syncs.notify(cond, n, &told);
        Ok(())
    }

    /// `barrier.wait(timeout)`: the index, or BrokenBarrierError (kept as
    /// None in `into` when there is one, as an `except` would; else raised).
    fn pass(
        &mut self,
        barrier: &str,
        timeout: Option<Duration>,
        into: &Option<String>,
    ) -> Result<(), Stopped> {
        let Some(spec) = self.spec_of(barrier) else {
            return Err(self.raise(&format!("no barrier {barrier}")));
        };
        let deadline = self.deadline(timeout.or(spec.timeout));
        let proc = self.proc.clone();
        let parties = spec.permits;
        let told = |arrived: Option<u32>| {
            self.say(match arrived {
                Some(arrived) => EventKind::BarrierWait {
                    barrier: barrier.into(),
                    arrived,
                    parties,
                },
                None => EventKind::BarrierBroken {
                    barrier: barrier.into(),
                    timed_out: true,
                },
            })
        };
        let passed = proc
            .syncs
            .pass(barrier, parties, deadline, &proc.control, &told);
        match passed {
            Passed::Index(index) => {
                self.say(EventKind::BarrierPassed {
                    barrier: barrier.into(),
                    index,
                });
                self.keep(into, Some(i64::from(index)));
                return Ok(());
            }
            Passed::Aborted => return Err(Flow::Stop(Aborted)),
            // Told under the barrier's lock, as it broke.
            Passed::TimedOut => {}
            Passed::Broken => self.say(EventKind::BarrierBroken {
                barrier: barrier.into(),
                timed_out: false,
            }),
        }
        if into.is_some() {
            self.keep(into, Some(NONE));
            return Ok(());
        }
        Err(self.raise("threading.BrokenBarrierError"))
    }
}

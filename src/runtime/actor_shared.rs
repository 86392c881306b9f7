//! The interpreter's shared-state steps: locks, events, shared values, locals, `if`.

use super::actor::{Actor, Ended, Flow};
use super::control::Aborted;
use crate::event::EventKind;
use crate::scenario::plan::Step;

impl Actor {
    /// A deadlock's victim gives up waiting for `lock`: as an exception would,
    /// it leaves every `with` block, letting go of what it holds, and ends.
    pub(super) fn unwind(&mut self, lock: &str) -> Flow {
        self.error(format!(
            "deadlock victim: gave up waiting for {lock}; unwinding, letting go of every lock held"
        ));
        let proc = self.proc.clone();
        let say = |kind: EventKind| self.say(kind);
        for (held, count) in proc.shared.held_by(&self.name) {
            for _ in 0..count {
                let _ = proc.shared.release(&self.name, &held, &say);
            }
        }
        Flow::Exit(1)
    }

    /// Take a shared-state step; None when the step is of another kind.
    pub(super) fn exec_shared(&mut self, step: &Step) -> Option<Flow> {
        let proc = self.proc.clone();
        let shared = &proc.shared;
        let say = |kind: EventKind| self.say(kind);
        let result = match step {
            Step::Acquire(lock) => match shared.acquire(&self.name, lock, &say, &proc.control) {
                Ok(true) => Ok(()),
                Ok(false) if proc.control.is_aborted() => return Some(Flow::Stop(Aborted)),
                Ok(false) => return Some(self.unwind(lock)),
                Err(e) => Err(e),
            },
            Step::Release(lock) => shared.release(&self.name, lock, &say),
            Step::WaitEvent(e) => shared.wait_event(e, &say),
            Step::SetEvent(e, set) => {
                shared.set_event(e, *set, &say);
                Ok(())
            }
            Step::Read { value, into } => match shared.read(value, &say) {
                Ok(v) => {
                    self.locals.insert(into.clone(), v);
                    Ok(())
                }
                Err(torn) => {
                    // An uncaught exception in Python: this actor dies, the others go on.
                    self.error(torn);
                    return Some(Flow::Exit(1));
                }
            },
            Step::Write { value, expr } => expr
                .eval(&self.locals)
                .and_then(|v| shared.write(value, v, &say)),
            Step::Add { value, expr } => expr
                .eval(&self.locals)
                .and_then(|v| shared.add(value, v, &say)),
            Step::Let { var, expr } => expr.eval(&self.locals).map(|v| {
                self.locals.insert(var.clone(), v);
            }),
            Step::If {
                cond,
                then,
                otherwise,
            } => {
                let branch = match cond.eval(&self.locals) {
                    Ok(0) => otherwise,
                    Ok(_) => then,
                    Err(e) => {
                        self.error(e);
                        return Some(Flow::Next);
                    }
                };
                return Some(match self.run_steps(branch) {
                    Some(Ended::Exit(code)) => Flow::Exit(code),
                    Some(Ended::Break) => Flow::Break,
                    None => Flow::Next,
                });
            }
            _ => return None,
        };
        if let Err(e) = result {
            self.error(e);
        }
        Some(Flow::Next)
    }
}

//! The interpreter's shared-state steps: locks, events, shared values, locals, `if`.

use super::actor::{Actor, Ended, Flow};
use crate::event::EventKind;
use crate::scenario::plan::Step;

impl Actor {
    /// Take a shared-state step; None when the step is of another kind.
    pub(super) fn exec_shared(&mut self, step: &Step) -> Option<Flow> {
        let proc = self.proc.clone();
        let shared = &proc.shared;
        let say = |kind: EventKind| self.say(kind);
        let result = match step {
            Step::Acquire(lock) => shared.acquire(&self.name, lock, &say),
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

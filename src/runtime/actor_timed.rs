//! The interpreter's timed steps: acquire and wait with a timeout (their
//! True/False kept in a local), join(timeout), threading.Timer and cancel().

use super::actor::{Actor, Flow};
use super::control::Aborted;
use super::deadline::Deadline;
use super::shared::Timed as Ended;
use super::timers;
use crate::event::EventKind;
use crate::scenario::plan::Step;
use crate::scenario::timed::Timed;

impl Actor {
    /// Take a timed step; None when the step is of another kind.
    pub(super) fn exec_timed(&mut self, step: &Step) -> Option<Flow> {
        let Step::Timed(t) = step else { return None };
        let proc = self.proc.clone();
        let control = &proc.control;
        match t {
            Timed::Acquire { lock, block, into } => {
                let say = |k: EventKind| self.say(k);
                let got = proc
                    .shared
                    .acquire_timed(&self.name, lock, *block, &say, control);
                match got {
                    Ok(Ended::Got) => self.keep(into, Some(1)),
                    Ok(Ended::TimedOut) => self.keep(into, Some(0)),
                    Ok(Ended::GaveUp) if control.is_aborted() => return Some(Flow::Stop(Aborted)),
                    Ok(Ended::GaveUp) => return Some(self.unwind(lock)),
                    Err(e) => self.error(e),
                }
            }
            Timed::Wait {
                event,
                timeout,
                into,
            } => {
                let say = |k: EventKind| self.say(k);
                let got = match timeout {
                    Some(d) => proc.shared.wait_event_timed(event, *d, &say, control),
                    None => proc.shared.wait_event(event, &say).map(|()| Ended::Got),
                };
                match got {
                    Ok(Ended::Got) => self.keep(into, Some(1)),
                    Ok(Ended::TimedOut) => self.keep(into, Some(0)),
                    Ok(Ended::GaveUp) => return Some(Flow::Stop(Aborted)),
                    Err(e) => self.error(e),
                }
            }
            Timed::Join { targets, timeout } => {
                for n in targets {
                    let deadline = Deadline::after(control, *timeout);
                    match proc.join_within(&self.name, n, &deadline) {
                        Ok(true) => {}
                        Ok(false) if control.is_aborted() => return Some(Flow::Stop(Aborted)),
                        Ok(false) => self.say(EventKind::TimedOut {
                            op: "join".into(),
                            object: n.clone(),
                            timeout: timeout.as_secs_f64(),
                        }),
                        Err(e) => self.error(e),
                    }
                }
            }
            Timed::Timer { target, after } => {
                self.say(EventKind::TimerStarted {
                    target: target.clone(),
                    after: after.as_secs_f64(),
                });
                timers::arm(target, *after, control);
                self.start(target);
            }
            Timed::Cancel { target } => {
                let fired = timers::cancel(target);
                self.say(EventKind::TimerCancelled {
                    target: target.clone(),
                    fired,
                });
            }
            Timed::Fire { after } => match timers::wait_to_fire(&self.name, *after, control) {
                Some(true) => self.say(EventKind::TimerFired {
                    after: after.as_secs_f64(),
                }),
                Some(false) => return Some(Flow::Exit(0)),
                None => return Some(Flow::Stop(Aborted)),
            },
        }
        Some(Flow::Next)
    }
}

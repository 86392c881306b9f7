//! Parking a held actor's wait (a child module of `control`). Under a
//! schedule or in step mode, an actor that must wait for a lock or a
//! semaphore does not block inside the OS primitive, where the OS would pick
//! who takes it when it is let go: it parks here and tries again, without
//! blocking, only when the host lets it (`ControlMsg::Retry`). So who takes
//! a released lock is the host's choice, and the same schedule gives the
//! same run. Actors that are not held wait in the OS as before.

use std::time::{Duration, Instant};

use super::{take_one, Control};

/// How a park ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Park {
    /// The host let this actor try again now.
    Retry,
    /// The actor is not held any more (step mode off): it waits in the OS.
    Free,
    /// The slice passed (or the run was aborted, or the actor is a deadlock's
    /// victim): look at the deadline and the controls, do not try.
    Waited,
}

impl Control {
    /// Whether `actor` is held before its steps now (so parks its waits).
    pub fn holds(&self, actor: &str) -> bool {
        self.state.lock().unwrap().gate.holds(actor)
    }

    /// Park `actor`'s wait for at most `slice`, until the host lets it retry.
    pub fn park(&self, actor: &str, slice: Duration) -> Park {
        let until = Instant::now() + slice;
        let mut s = self.state.lock().unwrap();
        loop {
            if s.aborted || s.unwind.contains(actor) {
                return Park::Waited;
            }
            if !s.gate.holds(actor) {
                return Park::Free;
            }
            if take_one(&mut s.retries, actor) {
                return Park::Retry;
            }
            let now = Instant::now();
            if now >= until {
                return Park::Waited;
            }
            s = self.changed.wait_timeout(s, until - now).unwrap().0;
        }
    }

    /// `actor`'s wait ended: a retry that came too late is dropped, so that
    /// it cannot let a later wait try without the host's word.
    pub fn end_wait(&self, actor: &str) {
        self.state.lock().unwrap().retries.remove(actor);
    }
}

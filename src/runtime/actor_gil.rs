//! `work` under the process's modelled GIL (see `gil`): take it, compute in
//! slices, let go when a waiter asks, take it back, let go at the end. When
//! the run shows its GILs, each take, wait and release is told as a lock event
//! on a lock named `GIL`, so lanes and the locks panel draw it like any lock.

use std::time::Duration;

use super::actor::Actor;
use super::control::{Aborted, Burn};
use crate::event::EventKind;

impl Actor {
    pub(super) fn work_under_gil(&self, d: Duration, burn: Burn) -> Result<(), Aborted> {
        let control = &self.proc.control;
        let gil = &self.proc.gil;
        self.take_gil()?;
        let mut held = true;
        let done = control.work_with(d, burn, || {
            if gil.drop_requested() {
                self.give_gil();
                held = false;
                gil.wait_for_switch(&self.name, control)?;
                self.take_gil()?;
                held = true;
            }
            Ok(())
        });
        if held {
            self.give_gil();
        }
        done
    }

    fn take_gil(&self) -> Result<(), Aborted> {
        let gil = &self.proc.gil;
        if gil.held_by_other(&self.name) {
            self.tell_gil(|lock| EventKind::LockWait { lock });
        }
        gil.take(&self.name, &self.proc.control)?;
        self.tell_gil(|lock| EventKind::LockAcquired { lock, count: None });
        Ok(())
    }

    /// Told just before the hand-over, so the log never shows two holders.
    fn give_gil(&self) {
        self.tell_gil(|lock| EventKind::LockReleased { lock, count: None });
        self.proc.gil.give();
    }

    fn tell_gil(&self, kind: impl FnOnce(String) -> EventKind) {
        if let Some(name) = &self.proc.gil_name {
            self.say(kind(name.clone()));
        }
    }
}

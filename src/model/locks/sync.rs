//! Conditions and barriers, folded from their events: who sleeps until a
//! notify, who arrived at a barrier, whether it is broken.

use super::{Kind, Locks, Waiter};
use crate::event::EventKind;

impl Locks {
    /// A condition's or a barrier's event (others are ignored).
    pub fn sync_event(&mut self, t_us: u64, actor: &str, kind: &EventKind) {
        match kind {
            EventKind::CondWait { lock } => {
                let c = self.used(lock, Kind::Condition);
                // A log without its plan: the lock events came first.
                c.learn(Kind::Condition);
                if !c.sleepers.iter().any(|w| w.actor == actor) {
                    c.sleepers.push(Waiter {
                        actor: actor.to_string(),
                        since_us: t_us,
                    });
                }
            }
            EventKind::CondWoken { lock, .. } => {
                self.used(lock, Kind::Condition)
                    .sleepers
                    .retain(|w| w.actor != actor);
            }
            EventKind::CondNotify { lock, .. } => {
                self.used(lock, Kind::Condition);
            }
            EventKind::BarrierWait {
                barrier, parties, ..
            } => {
                let b = self.used(barrier, Kind::Barrier);
                b.permits = Some(*parties);
                b.start_waiting(t_us, actor);
            }
            EventKind::BarrierPassed { barrier, .. } => {
                let b = self.used(barrier, Kind::Barrier);
                b.stop_waiting(t_us, actor);
                b.totals.acquisitions += 1;
            }
            EventKind::BarrierBroken { barrier, .. } => {
                let b = self.used(barrier, Kind::Barrier);
                b.stop_waiting(t_us, actor);
                b.is_set = true;
            }
            EventKind::BarrierAbort { barrier, reset } => {
                self.used(barrier, Kind::Barrier).is_set = !reset;
            }
            _ => {}
        }
    }
}

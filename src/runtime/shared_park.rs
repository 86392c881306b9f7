//! Lock waits that park (a child module of `shared`): a held actor waiting
//! for a thread lock or a process semaphore does not block in the OS, which
//! would pick who takes it as it is let go; it parks (`Control::park`) and
//! tries again only when the host lets it. An actor that runs freely waits
//! in the OS, in slices, as before.

use super::{Say, Shared, Timed, VICTIM_LOOK};
use crate::event::EventKind;
use crate::runtime::control::{Control, Park};
use crate::runtime::deadline::Deadline;
use crate::runtime::fifo::RETRY_GRACE;

impl Shared {
    /// The thread-scope take of `acquire`, given up at `deadline`. Told while
    /// the table is held, so the log's order is the lock's real order. A held
    /// actor parks between tries (see `Control::park`): it tries again only
    /// when the host lets it, and tells its wait again when that try fails.
    pub(super) fn take_in_process_by(
        &self,
        actor: &str,
        lock: &str,
        say: Say,
        control: &Control,
        deadline: &Deadline,
    ) -> Timed {
        let ended = self.take_in_process_loop(actor, lock, say, control, deadline);
        control.end_wait(actor);
        ended
    }

    fn take_in_process_loop(
        &self,
        actor: &str,
        lock: &str,
        say: Say,
        control: &Control,
        deadline: &Deadline,
    ) -> Timed {
        let mut table = self.table.lock().unwrap();
        let (mut told, mut tries, mut retried) = (false, true, false);
        loop {
            if tries {
                if let Some(count) = table.get_mut(lock).and_then(|l| l.try_take(actor)) {
                    say(EventKind::LockAcquired {
                        lock: lock.into(),
                        count,
                    });
                    return Timed::Got;
                }
            }
            let Some(slice) = deadline.slice(control, VICTIM_LOOK) else {
                return Timed::TimedOut;
            };
            if tries && (!told || retried) {
                say(EventKind::LockWait { lock: lock.into() });
                told = true;
            }
            if control.must_unwind(actor) || control.is_aborted() {
                return Timed::GaveUp;
            }
            if control.holds(actor) {
                drop(table);
                let park = control.park(actor, slice);
                table = self.table.lock().unwrap();
                (tries, retried) = (park != Park::Waited, park == Park::Retry);
            } else {
                table = self.changed.wait_timeout(table, slice).unwrap().0;
                (tries, retried) = (true, false);
            }
        }
    }

    /// sem_timedwait in slices until `deadline`; false when it passed. A
    /// held actor parks instead (see `Control::park`) and tries without
    /// blocking only when the host lets it, telling its wait again on a miss.
    pub(super) fn sem_within(
        &self,
        actor: &str,
        sem: &super::PosixSem,
        deadline: &Deadline,
        control: &Control,
        wait: &dyn Fn(),
    ) -> Result<bool, String> {
        let got = sem_loop(actor, sem, deadline, control, wait);
        control.end_wait(actor);
        got
    }
}

fn sem_loop(
    actor: &str,
    sem: &super::PosixSem,
    deadline: &Deadline,
    control: &Control,
    wait: &dyn Fn(),
) -> Result<bool, String> {
    let mut told = false;
    while let Some(slice) = deadline.slice(control, VICTIM_LOOK) {
        if !told {
            wait();
            told = true;
        }
        if control.is_aborted() {
            return Ok(false);
        }
        if !control.holds(actor) {
            if sem.wait_within(slice)? {
                return Ok(true);
            }
            continue;
        }
        match control.park(actor, slice) {
            Park::Waited => {}
            Park::Free => continue,
            // The holder tells its release before it posts: give it a moment.
            Park::Retry if sem.wait_within(RETRY_GRACE)? => return Ok(true),
            Park::Retry => wait(),
        }
    }
    Ok(false)
}

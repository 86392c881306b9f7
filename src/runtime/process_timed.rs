//! `join(timeout)` of a child (a child module of `process`): a thread's end
//! is waited for on a condition variable (see `timers`), a process's with
//! poll() on a pidfd, which becomes readable when the process ends; then it
//! is collected as a plain join does. Timed out, the child runs on.

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::time::Duration;

use nix::sys::wait::{waitid, Id, WaitPidFlag, WaitStatus};
use nix::unistd::Pid;

use super::{Child, Proc};
use crate::runtime::deadline::Deadline;
use crate::runtime::fifo::poll_fd;
use crate::runtime::timers;

/// How long one poll blocks before looking at the controls again.
const LOOK: Duration = Duration::from_millis(25);

impl Proc {
    /// join(timeout): Ok(true) when `name` ended (and was collected) in time.
    pub fn join_within(&self, me: &str, name: &str, deadline: &Deadline) -> Result<bool, String> {
        let pid = {
            let children = self.children.lock().unwrap();
            match children.get(name) {
                None => return Err(format!("cannot join {name}: it was never started")),
                Some(Child::Process(c)) if c.reaped => return Ok(true),
                Some(Child::Process(c)) => c.pid,
                Some(Child::Thread(t)) if t.handle.is_none() => return Ok(true),
                Some(Child::Thread(_)) => {
                    drop(children);
                    if !timers::wait_thread_end(name, deadline, &self.control) {
                        return Ok(false);
                    }
                    return self.join(me, name).map(|()| true);
                }
            }
        };
        if !self.pid_ends_by(pid, deadline) {
            return Ok(false);
        }
        self.join(me, name).map(|()| true)
    }

    /// Whether process `pid` ends before `deadline` (it is not collected).
    fn pid_ends_by(&self, pid: Pid, deadline: &Deadline) -> bool {
        // SAFETY: pidfd_open takes a pid and flags and returns a new fd or -1.
        let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid.as_raw(), 0) };
        let pidfd = (fd >= 0).then(|| {
            // SAFETY: a fresh descriptor that nothing else owns.
            unsafe { OwnedFd::from_raw_fd(fd as i32) }
        });
        while let Some(slice) = deadline.slice(&self.control, LOOK) {
            if self.control.is_aborted() {
                return false;
            }
            let ended = match &pidfd {
                Some(fd) => poll_fd(fd.as_raw_fd(), libc::POLLIN, slice),
                // No pidfd (an old kernel): look without collecting, now and then.
                None => {
                    std::thread::sleep(slice.min(Duration::from_millis(2)));
                    let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOHANG | WaitPidFlag::WNOWAIT;
                    !matches!(waitid(Id::Pid(pid), flags), Ok(WaitStatus::StillAlive))
                }
            };
            if ended {
                return true;
            }
        }
        false
    }
}

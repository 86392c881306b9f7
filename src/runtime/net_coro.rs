//! A coroutine's socket calls: like asyncio's `sock_accept` / `sock_recv` /
//! `sock_sendall`, a call that cannot go on yet gives the loop back (its
//! other tasks run) and is tried again once its socket is ready, instead of
//! blocking the loop's thread. The loop, when it has nothing to run, waits
//! in one poll(2) over every socket its tasks wait on (as asyncio's selector
//! does), and also looks at them without waiting between its rounds. Once
//! the socket is ready the step is taken as a thread takes it. (A connect to
//! loopback is answered at once, except past a full backlog, where it holds
//! the loop; a framed recv may hold it for the rest of a message whose first
//! bytes came.)

use std::cell::RefCell;
use std::os::fd::{AsRawFd, RawFd};
use std::time::Duration;

use super::actor::Actor;
use super::control::{Aborted, Control};
use super::deadline::Deadline;
use super::net_sys as sys;
use crate::event::EventKind;
use crate::scenario::plan_net::NetStep;

/// The longest a waiting task sleeps before it looks again by itself (its
/// socket's readiness wakes it sooner; this bounds a missed wake-up and
/// makes a timeout end on time).
const BACKSTOP: Duration = Duration::from_millis(50);
/// The longest one poll of the idle loop lasts, so pause and abort are seen.
const IDLE_SLICE: Duration = Duration::from_millis(20);

thread_local! {
    /// The sockets the tasks of this thread's loop wait on: (task, fd, events).
    static WAITING: RefCell<Vec<(String, RawFd, libc::c_short)>> = const { RefCell::new(Vec::new()) };
}

fn register(task: &str, fd: RawFd, events: libc::c_short) {
    WAITING.with_borrow_mut(|w| {
        w.retain(|(t, _, _)| t != task);
        w.push((task.to_string(), fd, events));
    });
}

/// The task no longer waits on a socket.
pub(super) fn unregister(task: &str) {
    WAITING.with_borrow_mut(|w| w.retain(|(t, _, _)| t != task));
}

/// The tasks whose socket is ready. With `idle` (scenario time), the loop has
/// nothing else to do: wait that long at most for one (frozen while paused).
pub(super) fn ready_tasks(
    control: &Control,
    idle: Option<Duration>,
) -> Result<Vec<String>, Aborted> {
    let mut polled: Vec<libc::pollfd> = WAITING.with_borrow(|w| {
        w.iter()
            .map(|&(_, fd, events)| libc::pollfd {
                fd,
                events,
                revents: 0,
            })
            .collect()
    });
    if polled.is_empty() {
        if let Some(d) = idle {
            control.sleep(d)?;
        }
        return Ok(Vec::new());
    }
    let ms = match idle {
        Some(d) => {
            // A tiny sleep: it holds the loop while the run is paused.
            control.sleep(Duration::from_micros(1))?;
            control.real_time(d).min(IDLE_SLICE).as_millis().max(1) as libc::c_int
        }
        None => 0,
    };
    // SAFETY: `polled` is a valid array of pollfd for the duration of the call.
    let n = unsafe { libc::poll(polled.as_mut_ptr(), polled.len() as libc::nfds_t, ms) };
    if n <= 0 {
        return Ok(Vec::new());
    }
    Ok(WAITING.with_borrow(|w| {
        (w.iter().zip(&polled))
            .filter(|(_, p)| p.revents != 0)
            .map(|((t, _, _), _)| t.clone())
            .collect()
    }))
}

impl Actor {
    /// Some(await at most this long, then take the step again) when the step
    /// would block now; None: take it now (ready, timed out, or not a waiting call).
    pub(super) fn net_would_block(&mut self, step: &NetStep) -> Option<Duration> {
        let (written, op, events, timeout) = match step {
            NetStep::Accept { sock, timeout, .. } => (sock, "accept", libc::POLLIN, *timeout),
            NetStep::Recv { sock, timeout, .. } => (sock, "recv", libc::POLLIN, *timeout),
            NetStep::Send { sock, .. } => (sock, "send", libc::POLLOUT, None),
            _ => return None,
        };
        let name = self.fill(written);
        let sock = self.proc.net.get(&name)?;
        let control = self.proc.control.clone();
        let (deadline, told) = *self
            .net
            .pending
            .get_or_insert_with(|| (timeout.map(|t| Deadline::after(&control, t)), false));
        let fd = sock.fd.as_raw_fd();
        let left = deadline.map(|d| d.slice(&control, BACKSTOP));
        if sys::ready_now(fd, events) || left == Some(None) {
            unregister(&self.name);
            return None;
        }
        if !told {
            self.say(EventKind::SockWait {
                sock: name,
                op: op.to_string(),
            });
            self.net.pending = Some((deadline, true));
        }
        register(&self.name, fd, events);
        // `left` is real time: the task's await is in scenario time.
        let real = left.flatten().unwrap_or(BACKSTOP);
        Some(
            real.mul_f64(
                control
                    .real_time(Duration::from_secs(1))
                    .as_secs_f64()
                    .recip(),
            ),
        )
    }
}

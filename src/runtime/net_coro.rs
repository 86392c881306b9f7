//! A coroutine's socket calls: like asyncio's `sock_accept` / `sock_recv` /
//! `sock_sendall`, a call that cannot go on yet gives the loop back (its
//! other tasks run) and is tried again after a short await, instead of
//! blocking the loop's thread. Once the socket is ready the step is taken as
//! a thread takes it. (A connect to loopback is answered at once, except past
//! a full backlog, where it holds the loop; a framed recv may hold it for the
//! rest of a message whose first bytes came.)

use std::os::fd::AsRawFd;
use std::time::Duration;

use super::actor::Actor;
use super::deadline::Deadline;
use super::net_sys as sys;
use crate::event::EventKind;
use crate::scenario::plan_net::NetStep;

/// How long a task awaits before trying a socket again.
const RETRY: Duration = Duration::from_millis(2);

impl Actor {
    /// Some(await this long, then take the step again) when the step would
    /// block now; None: take it now (ready, timed out, or not a waiting call).
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
        if sys::ready_now(sock.fd.as_raw_fd(), events) {
            return None;
        }
        if deadline.is_some_and(|d| d.slice(&control, RETRY).is_none()) {
            return None;
        }
        if !told {
            self.say(EventKind::SockWait {
                sock: name,
                op: op.to_string(),
            });
            self.net.pending = Some((deadline, true));
        }
        Some(RETRY)
    }
}

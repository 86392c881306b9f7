//! `select`, `poll` and `epoll` over this process's sockets: the real
//! system call each names (sock_mux.rs), in slices so a pause, the run's
//! abort and the step's timeout are seen; then the step's body once per
//! ready socket, with its name in the step's local.

use std::os::fd::{AsRawFd, RawFd};
use std::sync::Arc;
use std::time::Duration;

use super::actor::{Actor, Flow};
use super::control::Aborted;
use super::deadline::Deadline;
use super::fifo::{wait_for, Waited};
use super::net_table::Sock;
use super::sock_mux::{self, Epoll, How};
use crate::event::EventKind;
use crate::scenario::plan::Step;

impl Actor {
    pub(super) fn select(
        &mut self,
        how: How,
        watch: &[String],
        timeout: Option<Duration>,
        name: &str,
        body: &[Step],
        into: &Option<String>,
    ) -> Flow {
        let socks = self.watched(watch);
        let names: Vec<String> = socks.iter().map(|(n, _)| n.clone()).collect();
        let fds: Vec<RawFd> = socks.iter().map(|(_, s)| s.fd.as_raw_fd()).collect();
        let ready = match self.wait_ready(how, &names, &fds, timeout) {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => {
                self.sock_error(&names.join(","), how.name(), e);
                self.keep(into, None);
                return Flow::Next;
            }
            Err(Aborted) => return Flow::Stop(Aborted),
        };
        let ready: Vec<String> = ready.into_iter().map(|i| names[i].clone()).collect();
        self.say(EventKind::SockReady {
            how: how.name().into(),
            watched: names,
            ready: ready.clone(),
        });
        self.keep(into, Some(ready.len() as i64));
        let var = Some(name.to_string());
        for (i, sock) in ready.into_iter().enumerate() {
            self.keep_text(&var, i as i64, sock);
            match self.branch(body) {
                Flow::Next => {}
                other => return other,
            }
        }
        Flow::Next
    }

    /// The open sockets of this process a watch list names: names as they
    /// are, `prefix*` every name that starts so (numbers in order).
    fn watched(&self, watch: &[String]) -> Vec<(String, Arc<Sock>)> {
        let mut out: Vec<(String, Arc<Sock>)> = Vec::new();
        for w in watch {
            let Some(name) = self.sock_name(w) else {
                continue;
            };
            let names = match name.strip_suffix('*') {
                Some(prefix) => {
                    let mut all: Vec<String> = self
                        .proc
                        .net
                        .names()
                        .into_iter()
                        .filter(|n| n.starts_with(prefix))
                        .collect();
                    all.sort_by_key(|n| natural(n));
                    all
                }
                None => vec![name],
            };
            for n in names {
                if out.iter().any(|(o, _)| *o == n) {
                    continue;
                }
                match self.proc.net.get(&n) {
                    Some(s) => out.push((n, s)),
                    // Python: a closed socket in the list is an error.
                    None if !w.ends_with('*') => self.sock_error(&n, "select", libc::EBADF),
                    None => {}
                }
            }
        }
        out
    }

    /// The indexes of the ready descriptors, or the call's errno.
    fn wait_ready(
        &mut self,
        how: How,
        names: &[String],
        fds: &[RawFd],
        timeout: Option<Duration>,
    ) -> Result<Result<Vec<usize>, i32>, Aborted> {
        let errno = |e: std::io::Error| e.raw_os_error().unwrap_or(libc::EINVAL);
        let epoll = match how {
            How::Epoll => match Epoll::new(fds) {
                Ok(e) => Some(e),
                Err(e) => return Ok(Err(errno(e))),
            },
            _ => None,
        };
        let call = |slice: Duration| match &epoll {
            Some(e) => e.wait(slice),
            None => sock_mux::ready(how, fds, slice),
        };
        let now = match call(Duration::ZERO) {
            Ok(r) => r,
            Err(e) => return Ok(Err(errno(e))),
        };
        if !now.is_empty() || timeout == Some(Duration::ZERO) {
            return Ok(Ok(now));
        }
        self.say(EventKind::SockWait {
            sock: names.join(","),
            op: "select".into(),
        });
        let deadline = timeout.map(|t| Deadline::after(&self.proc.control, t));
        let control = self.proc.control.clone();
        let waited = wait_for(&control, deadline, |slice| match call(slice) {
            Ok(r) if r.is_empty() => Ok(None),
            Ok(r) => Ok(Some(Ok(r))),
            Err(e) => Ok(Some(Err(errno(e)))),
        });
        match waited {
            Ok(Waited::Got(r)) => Ok(r),
            Ok(Waited::TimedOut) => Ok(Ok(Vec::new())),
            Ok(Waited::Aborted) | Err(_) => Err(Aborted),
        }
    }
}

/// A name's sort key: its text, then its trailing number as a number
/// (conn2 before conn10, as they were made).
fn natural(name: &str) -> (String, u64) {
    let digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (text, num) = name.split_at(name.len() - digits);
    (text.to_string(), num.parse().unwrap_or(0))
}

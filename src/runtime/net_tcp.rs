//! The socket steps that may wait: accept, connect, send, recv. Each waits
//! in poll(2) for slices (fifo::wait_for), so a timeout, a pause and the
//! run's abort are seen; `sock_wait` is told only when the call must wait.

use std::os::fd::{AsRawFd, RawFd};
use std::time::Duration;

use super::actor::Actor;
use super::control::Aborted;
use super::deadline::Deadline;
use super::fifo::{poll_fd, wait_for, Waited};
use super::net_sys as sys;
use super::net_table::{Kind, Sock};
use crate::event::EventKind;
use crate::scenario::plan_net::Proto;

/// How a wait for a socket ended.
pub(super) enum Ready {
    Yes,
    TimedOut,
}

impl Actor {
    /// This step's deadline: a coroutine's wait already under way keeps its own.
    pub(super) fn net_deadline(&self, timeout: Option<Duration>) -> Option<Deadline> {
        match self.net.pending {
            Some((d, _)) => d,
            None => timeout.map(|t| Deadline::after(&self.proc.control, t)),
        }
    }

    /// Wait until `fd` is ready for `events`, telling `sock_wait` (once) if it is not yet.
    pub(super) fn ready(
        &mut self,
        sock: &str,
        op: &str,
        fd: RawFd,
        events: libc::c_short,
        deadline: Option<Deadline>,
    ) -> Result<Ready, Aborted> {
        if sys::ready_now(fd, events) {
            return Ok(Ready::Yes);
        }
        let told = self.net.pending.is_some_and(|(_, told)| told);
        if !told {
            self.say(EventKind::SockWait {
                sock: sock.to_string(),
                op: op.to_string(),
            });
            if let Some(p) = self.net.pending.as_mut() {
                p.1 = true;
            }
        }
        let control = self.proc.control.clone();
        let waited = wait_for(&control, deadline, |slice| {
            Ok(poll_fd(fd, events, slice).then_some(()))
        });
        match waited {
            Ok(Waited::Got(())) => Ok(Ready::Yes),
            Ok(Waited::TimedOut) => Ok(Ready::TimedOut),
            Ok(Waited::Aborted) | Err(_) => Err(Aborted),
        }
    }

    /// Give a new socket its name; the socket the name held is closed (told).
    fn name_sock(&self, name: &str, sock: Sock) {
        if let Some(old) = self.proc.net.put(name, sock) {
            self.say(EventKind::SockClosed {
                sock: name.to_string(),
                conn: old.conn.clone(),
                how: "close".into(),
            });
        }
    }

    pub(super) fn accept(
        &mut self,
        written: &str,
        name: &str,
        timeout: Option<Duration>,
        into: &Option<String>,
    ) -> Result<(), Aborted> {
        let (Some(sock), Some(name)) = (self.sock_name(written), self.sock_name(name)) else {
            return Ok(());
        };
        let Some(listener) = self.open_sock(&sock, "accept") else {
            self.keep(into, Some(0));
            return Ok(());
        };
        let deadline = self.net_deadline(timeout);
        let fd = listener.fd.as_raw_fd();
        let got = loop {
            if let Ready::TimedOut = self.ready(&sock, "accept", fd, libc::POLLIN, deadline)? {
                break Err(libc::ETIMEDOUT);
            }
            // Another process (a pool's worker) may have taken it: wait again.
            match sys::accept(fd) {
                Ok(Some(new)) => break Ok(new),
                Ok(None) => continue,
                Err(e) => break Err(e),
            }
        };
        let new = match got {
            Ok(new) => new,
            Err(e) => {
                self.sock_error(&sock, "accept", e);
                self.keep(into, Some(0));
                return Ok(());
            }
        };
        let local = sys::port(new.as_raw_fd(), false).unwrap_or(0);
        let peer = sys::port(new.as_raw_fd(), true).unwrap_or(0);
        let conn = format!("{peer}>{local}");
        let sock_new = Sock {
            fd: new,
            kind: Kind::Stream,
            conn: Some(conn.clone()),
        };
        self.name_sock(&name, sock_new);
        self.say(EventKind::SockConnected {
            sock: name,
            conn,
            side: "server".into(),
            local_port: local,
            peer_port: peer,
            listener: Some(sock),
        });
        self.keep(into, Some(1));
        Ok(())
    }

    pub(super) fn connect(
        &mut self,
        server: &str,
        name: &str,
        timeout: Option<Duration>,
        into: &Option<String>,
    ) -> Result<(), Aborted> {
        let Some(name) = self.sock_name(name) else {
            return Ok(());
        };
        let plan = self.proc.plan.clone();
        let spec = plan.sockets.iter().find(|s| s.name == server);
        let port = self.proc.net.port(server);
        let Some(addr) = spec.zip(port).and_then(|(s, p)| sys::loopback(&s.host, p)) else {
            self.error(format!("connect: no loopback address for socket {server}"));
            self.keep(into, Some(0));
            return Ok(());
        };
        let deadline = self.net_deadline(timeout);
        let ended = match sys::socket(&addr, Proto::Tcp, true) {
            Ok(fd) => {
                let raw = fd.as_raw_fd();
                let r = self.finish_connect(&name, raw, &addr, deadline)?;
                let conn = r.is_ok().then(|| {
                    let (l, p) = (sys::port(raw, false), sys::port(raw, true));
                    (l.unwrap_or(0), p.unwrap_or(0))
                });
                let conn_id = conn.map(|(l, p)| format!("{l}>{p}"));
                let kind = Kind::Stream;
                let sock = Sock {
                    fd,
                    kind,
                    conn: conn_id,
                };
                self.name_sock(&name, sock);
                r.map(|()| conn.unwrap_or_default())
            }
            Err(e) => Err(e),
        };
        match ended {
            Ok((local, peer)) => {
                self.say(EventKind::SockConnected {
                    sock: name,
                    conn: format!("{local}>{peer}"),
                    side: "client".into(),
                    local_port: local,
                    peer_port: peer,
                    listener: None,
                });
                self.keep(into, Some(1));
            }
            Err(e) => {
                self.sock_error(&name, "connect", e);
                self.keep(into, Some(0));
            }
        }
        Ok(())
    }

    /// A non-blocking connect, waited for: Ok(Err(errno)) when it failed.
    fn finish_connect(
        &mut self,
        name: &str,
        fd: RawFd,
        addr: &std::net::SocketAddr,
        deadline: Option<Deadline>,
    ) -> Result<Result<(), i32>, Aborted> {
        match sys::connect(fd, addr) {
            Ok(true) => return Ok(Ok(())),
            Ok(false) => {}
            Err(e) => return Ok(Err(e)),
        }
        if let Ready::TimedOut = self.ready(name, "connect", fd, libc::POLLOUT, deadline)? {
            return Ok(Err(libc::ETIMEDOUT));
        }
        Ok(match sys::pending_error(fd) {
            0 => Ok(()),
            e => Err(e),
        })
    }

    pub(super) fn send_text(
        &mut self,
        written: &str,
        text: &str,
        all: bool,
        framed: bool,
        into: &Option<String>,
    ) -> Result<(), Aborted> {
        let Some(sock) = self.sock_name(written) else {
            return Ok(());
        };
        let Some(s) = self.open_sock(&sock, "send") else {
            self.keep(into, None);
            return Ok(());
        };
        let body = self.fill(text).into_bytes();
        let mut bytes = Vec::with_capacity(body.len() + 4);
        if framed {
            bytes.extend_from_slice(&(body.len() as u32).to_be_bytes());
        }
        bytes.extend_from_slice(&body);
        let mut sent = 0;
        while sent < bytes.len() {
            let fd = s.fd.as_raw_fd();
            // Without a deadline the wait only ends when the socket is ready.
            self.ready(&sock, "send", fd, libc::POLLOUT, None)?;
            match sys::send(fd, &bytes[sent..]) {
                Ok(Some(n)) if !all => {
                    sent += n;
                    break;
                }
                Ok(Some(n)) => sent += n,
                Ok(None) => continue,
                Err(e) => {
                    self.sock_error(&sock, "send", e);
                    self.keep(into, None);
                    return Ok(());
                }
            }
        }
        let (data, more) = super::net::shown(&bytes[..sent]);
        self.say(EventKind::SockSent {
            sock,
            conn: s.conn.clone(),
            n: sent as u32,
            data,
            more,
            peer_port: None,
        });
        self.keep(into, Some(sent as i64));
        Ok(())
    }
}

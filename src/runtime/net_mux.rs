//! The interpreter's UDP and multiplexing steps (scenario/plan_mux.rs):
//! bind, sendto, recvfrom, setblocking, select / poll / epoll and
//! if_listener, on this process's socket table (net_table.rs).

use std::os::fd::{AsRawFd, RawFd};
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::actor::{Actor, Ended, Flow};
use super::control::Aborted;
use super::deadline::Deadline;
use super::fifo::{poll_fd, wait_for, Waited};
use super::net_sys as sys;
use super::net_table::{Kind, Sock};
use super::sock_mux;
use crate::event::EventKind;
use crate::scenario::plan_mux::MuxStep;
use crate::scenario::plan_net::Proto;

impl Actor {
    /// Take a UDP or multiplexing step.
    pub(super) fn exec_mux(&mut self, step: &MuxStep) -> Flow {
        let done = match step {
            MuxStep::Bind { sock } => {
                self.bind_udp(sock);
                Ok(())
            }
            MuxStep::SendTo { sock, to, text } => self.sendto(sock, to, text),
            MuxStep::RecvFrom {
                sock,
                size,
                timeout,
                into,
            } => self.recvfrom(sock, *size as usize, *timeout, into),
            MuxStep::SetBlocking { sock, blocking } => {
                self.setblocking(sock, *blocking);
                Ok(())
            }
            MuxStep::Select {
                how,
                watch,
                timeout,
                name,
                body,
                into,
            } => return self.select(*how, watch, *timeout, name, body, into),
            MuxStep::IfListener {
                sock,
                then,
                otherwise,
            } => {
                let listening = self
                    .sock_name(sock)
                    .and_then(|n| self.proc.net.get(&n))
                    .is_some_and(|s| s.kind == Kind::Listener);
                return self.branch(if listening { then } else { otherwise });
            }
        };
        match done {
            Ok(()) => Flow::Next,
            Err(Aborted) => Flow::Stop(Aborted),
        }
    }

    pub(super) fn branch(&mut self, steps: &[crate::scenario::plan::Step]) -> Flow {
        match self.run_steps(steps) {
            Some(Ended::Exit(code)) => Flow::Exit(code),
            Some(Ended::Break) => Flow::Break,
            None => Flow::Next,
        }
    }

    /// A declared UDP socket's address: its host and the reserved port.
    fn udp_addr(&self, name: &str) -> Option<(String, std::net::SocketAddr)> {
        let spec = self.proc.plan.sockets.iter().find(|s| s.name == name)?;
        let port = self.proc.net.port(name)?;
        Some((spec.host.clone(), sys::loopback(&spec.host, port)?))
    }

    fn bind_udp(&mut self, written: &str) {
        let Some(sock) = self.sock_name(written) else {
            return;
        };
        let Some((host, addr)) = self.udp_addr(&sock) else {
            return self.sock_error(&sock, "bind", libc::EINVAL);
        };
        if self.proc.net.get(&sock).is_some() {
            // Python: bind() on a socket that is already bound.
            return self.sock_error(&sock, "bind", libc::EINVAL);
        }
        let made = sys::socket(&addr, Proto::Udp, true).and_then(|fd| {
            sys::bind(&fd, &addr)?;
            Ok(fd)
        });
        match made {
            Ok(fd) => {
                self.proc
                    .net
                    .put(&sock, Sock::new(fd, Kind::Datagram, None));
                self.say(EventKind::SockListen {
                    sock,
                    proto: "udp".into(),
                    host,
                    port: addr.port(),
                    backlog: 0,
                });
            }
            Err(e) => self.sock_error(&sock, "bind", e),
        }
    }

    /// This process's socket `name`, made fresh (unbound) for a sendto.
    fn udp_sender(
        &self,
        name: &str,
        to: &std::net::SocketAddr,
    ) -> Result<std::sync::Arc<Sock>, i32> {
        if let Some(s) = self.proc.net.get(name) {
            return Ok(s);
        }
        let fd = sys::socket(to, Proto::Udp, true)?;
        // The kernel's autobind at the first sendto would pick 0.0.0.0 (as
        // Python's does); the lab never leaves loopback: bind (to's ip, 0).
        let mut local = *to;
        local.set_port(0);
        sys::bind(&fd, &local)?;
        self.proc.net.put(name, Sock::new(fd, Kind::Datagram, None));
        self.proc.net.get(name).ok_or(libc::EBADF)
    }

    fn sendto(&mut self, written: &str, to: &str, text: &str) -> Result<(), Aborted> {
        let Some(sock) = self.sock_name(written) else {
            return Ok(());
        };
        let Some((_, addr)) = self.udp_addr(to) else {
            self.sock_error(&sock, "sendto", libc::EINVAL);
            return Ok(());
        };
        let s = match self.udp_sender(&sock, &addr) {
            Ok(s) => s,
            Err(e) => {
                self.sock_error(&sock, "sendto", e);
                return Ok(());
            }
        };
        let bytes = self.fill(text).into_bytes();
        let fd = s.fd.as_raw_fd();
        let sent = loop {
            match super::sock_udp::send_to(fd, &bytes, &addr) {
                Err(libc::EAGAIN) if !s.nonblocking.load(Ordering::Relaxed) => {
                    if self
                        .wait_fd(&sock, "send", fd, libc::POLLOUT, None)?
                        .is_none()
                    {
                        break Err(libc::ETIMEDOUT);
                    }
                }
                other => break other,
            }
        };
        match sent {
            Ok(n) => {
                let (data, more) = super::net::shown(&bytes[..n]);
                self.say(EventKind::SockSent {
                    sock,
                    conn: None,
                    n: n as u32,
                    data,
                    more,
                    peer_port: Some(addr.port()),
                });
            }
            Err(e) => self.sock_error(&sock, "sendto", e),
        }
        Ok(())
    }

    fn recvfrom(
        &mut self,
        written: &str,
        size: usize,
        timeout: Option<Duration>,
        into: &Option<String>,
    ) -> Result<(), Aborted> {
        let Some(sock) = self.sock_name(written) else {
            return Ok(());
        };
        let Some(s) = self.open_sock(&sock, "recvfrom") else {
            self.keep(into, None);
            return Ok(());
        };
        let fd = s.fd.as_raw_fd();
        let deadline = timeout.map(|t| Deadline::after(&self.proc.control, t));
        let mut buf = vec![0u8; size];
        let got = loop {
            match super::sock_udp::recv_from(fd, &mut buf) {
                Err(libc::EAGAIN) if !s.nonblocking.load(Ordering::Relaxed) => {
                    if self
                        .wait_fd(&sock, "recvfrom", fd, libc::POLLIN, deadline)?
                        .is_none()
                    {
                        break Err(libc::ETIMEDOUT);
                    }
                }
                other => break other,
            }
        };
        match got {
            Ok((n, peer)) => {
                let (data, more) = super::net::shown(&buf[..n]);
                self.say(EventKind::SockRecv {
                    sock,
                    conn: None,
                    n: n as u32,
                    data,
                    more,
                    peer_port: Some(peer),
                });
                let text = String::from_utf8_lossy(&buf[..n]).into_owned();
                self.keep_text(into, n as i64, text);
            }
            Err(e) => {
                self.sock_error(&sock, "recvfrom", e);
                self.keep(into, None);
            }
        }
        Ok(())
    }

    /// Whether `sock` was set non-blocking: a call that would wait raises
    /// BlockingIOError at once.
    pub(super) fn would_block(&self, sock: &str) -> bool {
        self.proc
            .net
            .get(sock)
            .is_some_and(|s| s.nonblocking.load(Ordering::Relaxed))
    }

    /// The errno of a wait that ended without the socket ready: EAGAIN for
    /// a non-blocking socket, ETIMEDOUT for a timeout.
    pub(super) fn timed_out(&self, sock: &str) -> i32 {
        if self.would_block(sock) {
            libc::EAGAIN
        } else {
            libc::ETIMEDOUT
        }
    }

    /// Wait until `fd` is ready, telling `sock_wait` first; None: timed out.
    fn wait_fd(
        &mut self,
        sock: &str,
        op: &str,
        fd: RawFd,
        events: libc::c_short,
        deadline: Option<Deadline>,
    ) -> Result<Option<()>, Aborted> {
        self.say(EventKind::SockWait {
            sock: sock.to_string(),
            op: op.to_string(),
        });
        let control = self.proc.control.clone();
        match wait_for(&control, deadline, |slice| {
            Ok(poll_fd(fd, events, slice).then_some(()))
        }) {
            Ok(Waited::Got(())) => Ok(Some(())),
            Ok(Waited::TimedOut) => Ok(None),
            Ok(Waited::Aborted) | Err(_) => Err(Aborted),
        }
    }

    fn setblocking(&mut self, written: &str, blocking: bool) {
        let Some(sock) = self.sock_name(written) else {
            return;
        };
        let Some(s) = self.open_sock(&sock, "setblocking") else {
            return;
        };
        // The lab's own waits never block in the kernel (they poll in
        // slices), so O_NONBLOCK is only ever turned on, as Python does.
        if !blocking {
            if let Err(e) = sock_mux::set_blocking(s.fd.as_raw_fd(), false) {
                return self.sock_error(&sock, "setblocking", e.raw_os_error().unwrap_or(0));
            }
        }
        s.nonblocking.store(!blocking, Ordering::Relaxed);
    }
}

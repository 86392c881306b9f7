//! recv, plain and framed: one recv(size) call told as it returned, or a
//! 4-byte length header and then exactly that many bytes, each call told.

use std::os::fd::AsRawFd;
use std::time::Duration;

use super::actor::Actor;
use super::control::Aborted;
use super::deadline::Deadline;
use super::net_sys as sys;
use super::net_table::Sock;
use super::net_tcp::Ready;
use crate::event::EventKind;

/// The longest message a framed recv accepts (its header may say more).
const MAX_FRAME: usize = 1 << 20;

impl Actor {
    pub(super) fn recv_step(
        &mut self,
        written: &str,
        size: u32,
        framed: bool,
        timeout: Option<Duration>,
        into: &Option<String>,
    ) -> Result<(), Aborted> {
        let Some(sock) = self.sock_name(written) else {
            return Ok(());
        };
        let Some(s) = self.open_sock(&sock, "recv") else {
            self.keep(into, None);
            return Ok(());
        };
        let deadline = self.net_deadline(timeout);
        let got = if framed {
            self.recv_framed(&sock, &s, deadline)?
        } else {
            self.recv_once(&sock, &s, size as usize, deadline)?
        };
        match got {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                self.keep_text(into, bytes.len() as i64, text);
            }
            Err(e) => {
                self.sock_error(&sock, "recv", e);
                self.keep(into, None);
            }
        }
        Ok(())
    }

    /// One recv(size): its bytes (empty at end of file), each told.
    fn recv_once(
        &mut self,
        sock: &str,
        s: &Sock,
        size: usize,
        deadline: Option<Deadline>,
    ) -> Result<Result<Vec<u8>, i32>, Aborted> {
        let fd = s.fd.as_raw_fd();
        let mut buf = vec![0u8; size];
        loop {
            if let Ready::TimedOut = self.ready(sock, "recv", fd, libc::POLLIN, deadline)? {
                return Ok(Err(libc::ETIMEDOUT));
            }
            match sys::recv(fd, &mut buf) {
                Ok(Some(0)) => {
                    let conn = s.conn.clone();
                    self.say(EventKind::SockEof {
                        sock: sock.to_string(),
                        conn,
                    });
                    return Ok(Ok(Vec::new()));
                }
                Ok(Some(n)) => {
                    buf.truncate(n);
                    let (data, more) = super::net::shown(&buf);
                    self.say(EventKind::SockRecv {
                        sock: sock.to_string(),
                        conn: s.conn.clone(),
                        n: n as u32,
                        data,
                        more,
                        peer_port: None,
                    });
                    return Ok(Ok(buf));
                }
                Ok(None) => continue,
                Err(e) => return Ok(Err(e)),
            }
        }
    }

    /// Exactly `n` bytes, by as many recv calls as it takes; fewer at end of file.
    fn recv_exact(
        &mut self,
        sock: &str,
        s: &Sock,
        n: usize,
        deadline: Option<Deadline>,
    ) -> Result<Result<Vec<u8>, i32>, Aborted> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            match self.recv_once(sock, s, n - out.len(), deadline)? {
                Ok(b) if b.is_empty() => break,
                Ok(b) => out.extend_from_slice(&b),
                Err(e) => return Ok(Err(e)),
            }
        }
        Ok(Ok(out))
    }

    /// A framed message: the 4-byte length, then that many bytes (empty at
    /// end of file, before or inside the message).
    fn recv_framed(
        &mut self,
        sock: &str,
        s: &Sock,
        deadline: Option<Deadline>,
    ) -> Result<Result<Vec<u8>, i32>, Aborted> {
        let head = match self.recv_exact(sock, s, 4, deadline)? {
            Ok(h) if h.len() == 4 => h,
            other => return Ok(other.map(|_| Vec::new())),
        };
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        if len > MAX_FRAME {
            return Ok(Err(libc::EMSGSIZE));
        }
        let body = self.recv_exact(sock, s, len, deadline)?;
        Ok(body.map(|b| if b.len() == len { b } else { Vec::new() }))
    }
}

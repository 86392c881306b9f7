//! The interpreter's socket steps (scenario/plan_net.rs): names filled in,
//! the step taken on this process's table (net_table.rs), told as `sock_*`
//! events (docs/events.md). A failed call is a `sock_error` and the actor
//! goes on, as after `except OSError`; only the run's abort stops it.

use std::collections::BTreeMap;
use std::os::fd::AsRawFd;

use super::actor::{Actor, Flow};
use super::control::Aborted;
use super::deadline::Deadline;
use super::net_sys as sys;
use super::net_table::Sock;
use crate::event::EventKind;
use crate::scenario::plan_net::{NetStep, ShutHow};

/// An actor's socket state beside its locals.
#[derive(Default)]
pub(super) struct NetState {
    /// What `recv ... into = "x"` received, with the count it kept in `x`:
    /// `{x}` prints the text while `x` still holds that count.
    texts: BTreeMap<String, (i64, String)>,
    /// A coroutine's socket wait in progress (net_coro.rs): its deadline,
    /// and whether `sock_wait` was told.
    pub(super) pending: Option<(Option<Deadline>, bool)>,
}

impl Actor {
    /// Take a socket step.
    pub(super) fn exec_net(&mut self, step: &NetStep) -> Flow {
        let done = self.net_step(step);
        self.net.pending = None;
        super::net_coro::unregister(&self.name);
        match done {
            Ok(()) => Flow::Next,
            Err(Aborted) => Flow::Stop(Aborted),
        }
    }

    fn net_step(&mut self, step: &NetStep) -> Result<(), Aborted> {
        match step {
            NetStep::Listen { sock } => self.listen(sock),
            NetStep::Accept {
                sock,
                name,
                timeout,
                into,
            } => return self.accept(sock, name, *timeout, into),
            NetStep::Connect {
                server,
                name,
                timeout,
                into,
            } => return self.connect(server, name, *timeout, into),
            NetStep::Send {
                sock,
                text,
                all,
                framed,
                into,
            } => return self.send_text(sock, text, *all, *framed, into),
            NetStep::Recv {
                sock,
                size,
                framed,
                timeout,
                into,
            } => return self.recv_step(sock, *size, *framed, *timeout, into),
            NetStep::Close { sock } => self.close_sock(sock),
            NetStep::Shutdown { sock, how } => self.shutdown_sock(sock, *how),
        }
        Ok(())
    }

    /// A socket's name with its placeholders filled; None (told) when some
    /// placeholder has no value.
    pub(super) fn sock_name(&self, written: &str) -> Option<String> {
        let name = self.fill(written);
        if name.contains('{') || name.is_empty() {
            self.error(format!(
                "socket name {written:?}: {name:?} has no value yet"
            ));
            return None;
        }
        Some(name)
    }

    /// The named socket of this process, or a `sock_error` (EBADF: closed
    /// or never made here).
    pub(super) fn open_sock(&self, name: &str, op: &str) -> Option<std::sync::Arc<Sock>> {
        let found = self.proc.net.get(name);
        if found.is_none() {
            self.sock_error(name, op, libc::EBADF);
        }
        found
    }

    pub(super) fn sock_error(&self, sock: &str, op: &str, errno: i32) {
        let (error, errno) = sys::python_error(errno);
        self.say(EventKind::SockError {
            sock: sock.to_string(),
            op: op.to_string(),
            error: error.to_string(),
            errno,
        });
    }

    fn listen(&mut self, written: &str) {
        let Some(sock) = self.sock_name(written) else {
            return;
        };
        let Some(s) = self.open_sock(&sock, "listen") else {
            return;
        };
        let plan = self.proc.plan.clone();
        let Some(spec) = plan.sockets.iter().find(|d| d.name == sock) else {
            return self.sock_error(&sock, "listen", libc::EOPNOTSUPP);
        };
        match sys::listen(s.fd.as_raw_fd(), spec.backlog) {
            Ok(()) => self.say(EventKind::SockListen {
                sock,
                proto: spec.proto.name().to_string(),
                host: spec.host.clone(),
                port: self.proc.net.port(&spec.name).unwrap_or(0),
                backlog: spec.backlog,
            }),
            Err(e) => self.sock_error(&sock, "listen", e),
        }
    }

    fn close_sock(&mut self, written: &str) {
        let Some(sock) = self.sock_name(written) else {
            return;
        };
        // Closing a closed socket does nothing, as in Python.
        if let Some(s) = self.proc.net.remove(&sock) {
            self.say(EventKind::SockClosed {
                sock,
                conn: s.conn.clone(),
                how: "close".into(),
            });
        }
    }

    fn shutdown_sock(&mut self, written: &str, how: ShutHow) {
        let Some(sock) = self.sock_name(written) else {
            return;
        };
        let Some(s) = self.open_sock(&sock, "shutdown") else {
            return;
        };
        let flag = match how {
            ShutHow::Read => libc::SHUT_RD,
            ShutHow::Write => libc::SHUT_WR,
            ShutHow::Both => libc::SHUT_RDWR,
        };
        match sys::shutdown(s.fd.as_raw_fd(), flag) {
            Ok(()) => self.say(EventKind::SockClosed {
                sock,
                conn: s.conn.clone(),
                how: how.word().into(),
            }),
            Err(e) => self.sock_error(&sock, "shutdown", e),
        }
    }

    /// Keep a received text in `into` (its count in the local).
    pub(super) fn keep_text(&mut self, into: &Option<String>, n: i64, text: String) {
        if let Some(var) = into {
            self.locals.insert(var.clone(), n);
            self.net.texts.insert(var.clone(), (n, text));
        }
    }

    /// `{port.NAME}` and the texts of locals that still hold their count.
    pub(super) fn fill_net(&self, mut out: String) -> String {
        if !out.contains('{') {
            return out;
        }
        for s in &self.proc.plan.sockets {
            let key = format!("{{port.{}}}", s.name);
            if out.contains(&key) {
                let port = self.proc.net.port(&s.name).unwrap_or(0);
                out = out.replace(&key, &port.to_string());
            }
        }
        for (var, (n, text)) in &self.net.texts {
            if self.locals.get(var) == Some(n) {
                out = out.replace(&format!("{{{var}}}"), text);
            }
        }
        out
    }
}

/// Python's repr of bytes without the b'' around it, at most `MAX_SHOWN`
/// bytes; true when cut.
pub(super) fn shown(bytes: &[u8]) -> (String, bool) {
    const MAX_SHOWN: usize = 64;
    let cut = bytes.len() > MAX_SHOWN;
    let bytes = &bytes[..bytes.len().min(MAX_SHOWN)];
    // Python quotes with " when the bytes hold ' and no ": then ' stays bare.
    let bare_quote = bytes.contains(&b'\'') && !bytes.contains(&b'"');
    let mut out = String::new();
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\'' if !bare_quote => out.push_str("\\'"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    (out, cut)
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn bytes_are_shown_as_python_reprs_them() {
        assert_eq!(shown(b"hello\x00"), ("hello\\x00".into(), false));
        assert_eq!(shown(b"a\tb\n\\"), ("a\\tb\\n\\\\".into(), false));
        assert_eq!(shown(b"it's"), ("it's".into(), false));
        assert_eq!(shown(b"it's \"x\""), ("it\\'s \"x\"".into(), false));
        assert_eq!(shown("é".as_bytes()), ("\\xc3\\xa9".into(), false));
        let long = vec![b'x'; 70];
        assert_eq!(shown(&long), ("x".repeat(64), true));
    }
}

//! The sockets of a run: the declared ones, made and bound to (host, 0) by
//! the host before the root actor starts and inherited by every process
//! started afterwards (as pipes are), and each process's table of the sockets
//! its actors named (threads share it, as they share descriptors).
//!
//! Which descriptor is which declared socket travels in the CONLAB_SOCKETS
//! environment variable (`name=port:fd,...`; fd -1 when the parent closed its
//! copy, so the port is still known). A listed descriptor is trusted only if
//! it is a socket bound to that very port (a forked child sees its parent's
//! list, whose numbers may have been closed since).
//!
//! Every descriptor here is used without blocking (O_NONBLOCK or
//! MSG_DONTWAIT), after a poll in slices that sees the run's abort.

use std::collections::HashMap;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::{Arc, Mutex};

use super::net_sys as sys;
use crate::scenario::plan_net::{Proto, SocketSpec};

pub const ENV: &str = "CONLAB_SOCKETS";

/// What a socket of the table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A declared TCP socket: bound, listening once someone ran `listen`.
    Listener,
    /// One end of a TCP connection (accept, connect).
    Stream,
    /// A UDP socket.
    Datagram,
}

/// One socket of this process.
#[derive(Debug)]
pub struct Sock {
    pub fd: OwnedFd,
    pub kind: Kind,
    /// "CLIENTPORT>SERVERPORT" for a connection.
    pub conn: Option<String>,
    /// sock.setblocking(False) was called: a call that would wait raises
    /// BlockingIOError at once (net_mux.rs).
    pub nonblocking: std::sync::atomic::AtomicBool,
}

impl Sock {
    pub fn new(fd: OwnedFd, kind: Kind, conn: Option<String>) -> Sock {
        Sock {
            fd,
            kind,
            conn,
            nonblocking: Default::default(),
        }
    }
}

/// This process's sockets, by the names the scenario gives them.
pub struct Sockets {
    /// Every declared socket's port (known even once closed here).
    ports: HashMap<String, u16>,
    open: Mutex<HashMap<String, Arc<Sock>>>,
}

/// Make the declared sockets (the host, before the root starts): (name,
/// port, fd), inheritable. The caller closes its copies once the root has started.
/// A UDP socket only has its port reserved, no descriptor (sock_udp.rs).
pub fn make(specs: &[SocketSpec]) -> Result<Vec<(String, u16, Option<OwnedFd>)>, String> {
    let mut out = Vec::new();
    for s in specs {
        if s.proto == Proto::Udp {
            let port = super::sock_udp::reserve_port(&s.host)
                .map_err(|e| format!("socket {} on {}: {e}", s.name, s.host))?;
            out.push((s.name.clone(), port, None));
            continue;
        }
        let what = |e: i32| {
            let (_, errno) = sys::python_error(e);
            format!("socket {} on {}: {errno}", s.name, s.host)
        };
        // The format checked it; the runtime will not bind anything else either.
        let addr = sys::loopback(&s.host, 0)
            .ok_or_else(|| format!("socket {}: {:?} is not loopback", s.name, s.host))?;
        // Non-blocking: every process that inherits it waits in poll and
        // then tries, so an accept another process won never blocks.
        let fd = sys::socket(&addr, s.proto, true).map_err(what)?;
        sys::bind(&fd, &addr).map_err(what)?;
        let port = sys::port(fd.as_raw_fd(), false).ok_or_else(|| what(libc::EINVAL))?;
        sys::inheritable(fd.as_raw_fd());
        out.push((s.name.clone(), port, Some(fd)));
    }
    Ok(out)
}

/// The CONLAB_SOCKETS value for (name, port, fd or -1).
pub fn describe<'a>(items: impl Iterator<Item = (&'a str, u16, RawFd)>) -> String {
    items
        .map(|(n, port, fd)| format!("{n}={port}:{fd}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn parse(listed: &str) -> Vec<(String, u16, RawFd)> {
    listed
        .split(',')
        .filter_map(|item| {
            let (name, rest) = item.split_once('=')?;
            let (port, fd) = rest.split_once(':')?;
            Some((name.to_string(), port.parse().ok()?, fd.parse().ok()?))
        })
        .collect()
}

impl Sockets {
    /// The declared sockets this process inherited, as listed (CONLAB_SOCKETS's
    /// form: what an exec'd child finds there, or a forked child's parent listed).
    pub fn inherited(plan: &crate::scenario::plan::Plan, listed: &str) -> Sockets {
        let mut ports = HashMap::new();
        let mut open = HashMap::new();
        for (name, port, fd) in parse(listed) {
            let Some(spec) = plan.sockets.iter().find(|s| s.name == name) else {
                continue;
            };
            ports.insert(name.clone(), port);
            if fd < 0 || sys::port(fd, false) != Some(port) {
                continue;
            }
            let kind = match spec.proto {
                Proto::Tcp => Kind::Listener,
                Proto::Udp => Kind::Datagram,
            };
            // SAFETY: the descriptor is open, bound to this socket's port, and
            // listed once; nothing else in this process owns it.
            let fd = unsafe { OwnedFd::from_raw_fd(fd) };
            open.insert(name, Arc::new(Sock::new(fd, kind, None)));
        }
        Sockets {
            ports,
            open: Mutex::new(open),
        }
    }

    /// CONLAB_SOCKETS for a child started now: the declared sockets still
    /// open here (a connection is never inherited: close-on-exec).
    pub fn for_child(&self) -> String {
        let open = self.open.lock().unwrap();
        let mut names: Vec<&String> = self.ports.keys().collect();
        names.sort();
        describe(names.into_iter().map(|n| {
            let fd = open
                .get(n)
                .filter(|s| s.kind != Kind::Stream)
                .map_or(-1, |s| s.fd.as_raw_fd());
            (n.as_str(), self.ports[n], fd)
        }))
    }

    /// A declared socket's port.
    pub fn port(&self, name: &str) -> Option<u16> {
        self.ports.get(name).copied()
    }

    /// The names of this process's open sockets.
    pub fn names(&self) -> Vec<String> {
        self.open.lock().unwrap().keys().cloned().collect()
    }

    pub fn get(&self, name: &str) -> Option<Arc<Sock>> {
        self.open.lock().unwrap().get(name).cloned()
    }

    /// Name a new socket; the one the name held before, if any, is given
    /// back (rebinding a Python variable drops, and so closes, the old socket).
    pub fn put(&self, name: &str, sock: Sock) -> Option<Arc<Sock>> {
        self.open
            .lock()
            .unwrap()
            .insert(name.to_string(), Arc::new(sock))
    }

    /// Forget a name: its descriptor closes once no call is using it.
    pub fn remove(&self, name: &str) -> Option<Arc<Sock>> {
        self.open.lock().unwrap().remove(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_list_round_trips() {
        let text = describe([("server", 40000, 7), ("u", 40001, -1)].into_iter());
        assert_eq!(text, "server=40000:7,u=40001:-1");
        assert_eq!(
            parse(&text),
            vec![("server".into(), 40000, 7), ("u".into(), 40001, -1)]
        );
        assert!(parse("").is_empty());
    }

    #[test]
    fn declared_sockets_are_bound_on_loopback_to_a_port_of_the_kernels() {
        let spec = SocketSpec {
            name: "server".into(),
            proto: Proto::Tcp,
            host: "127.0.0.1".into(),
            backlog: 5,
        };
        let made = make(std::slice::from_ref(&spec)).unwrap();
        let (_, port, fd) = &made[0];
        let fd = fd.as_ref().expect("a tcp socket is bound by the host");
        assert!(*port > 0);
        assert_eq!(sys::port(fd.as_raw_fd(), false), Some(*port));
        let far = SocketSpec {
            host: "0.0.0.0".into(),
            ..spec
        };
        assert!(make(&[far]).unwrap_err().contains("not loopback"));
    }

    #[test]
    fn a_declared_udp_socket_only_has_its_port_reserved() {
        let spec = SocketSpec {
            name: "u".into(),
            proto: Proto::Udp,
            host: "127.0.0.1".into(),
            backlog: 0,
        };
        let made = make(&[spec]).unwrap();
        let (_, port, fd) = &made[0];
        assert!(fd.is_none(), "no socket is bound there before `bind`");
        // Nobody holds the port: binding it now works.
        assert!(std::net::UdpSocket::bind(("127.0.0.1", *port)).is_ok());
    }
}

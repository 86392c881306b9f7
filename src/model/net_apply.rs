//! The `sock_*` events folded into `Model::net`, and a socket wait on the
//! actor's lane (blocked until its next socket event).

use super::lanes::LaneState;
use super::net::{Chunk, End, Side, SockErr};
use super::Model;
use crate::event::{Event, EventKind};

impl Model {
    /// One socket event: the wait it ends, then what it tells.
    pub(super) fn on_sock(&mut self, e: &Event) {
        let (t, actor, pid) = (e.t_us, e.actor.as_str(), e.pid);
        if !matches!(e.kind, EventKind::SockWait { .. }) && self.net.unblock(actor) {
            if let Some(l) = self.lane_mut(actor) {
                if l.current() == LaneState::Blocked {
                    l.set_state(t, LaneState::Running);
                }
            }
        }
        let chunk = |sent: bool, n: u32, data: &str, more: bool| Chunk {
            t_us: t,
            sent,
            up: false,
            n,
            data: data.to_string(),
            more,
        };
        match &e.kind {
            EventKind::SockListen {
                sock,
                proto,
                port,
                backlog,
                ..
            } => self.net.listen(actor, pid, (sock, proto, *port, *backlog)),
            EventKind::SockWait { sock, op } => {
                self.net.wait(t, actor, sock, op);
                if let Some(l) = self.lane_mut(actor) {
                    l.set_state(t, LaneState::Blocked);
                }
            }
            EventKind::SockConnected {
                sock,
                conn,
                side,
                local_port,
                peer_port,
                ..
            } => {
                let end = End {
                    actor: actor.to_string(),
                    pid,
                    sock: sock.clone(),
                    local_port: *local_port,
                    peer_port: *peer_port,
                };
                self.net.connected(t, end, conn, Side::of(side));
            }
            EventKind::SockSent {
                sock,
                conn,
                n,
                data,
                more,
                peer_port,
            } => match (conn, peer_port) {
                (None, Some(to)) => {
                    let k = chunk(true, *n, data, *more);
                    self.net.udp_sent((actor, pid, sock), *to, k)
                }
                _ => {
                    let k = chunk(true, *n, data, *more);
                    self.net.chunk(pid, sock, conn.as_deref(), k)
                }
            },
            EventKind::SockRecv {
                sock,
                conn,
                n,
                data,
                more,
                peer_port,
            } => match (conn, peer_port) {
                (None, Some(from)) => {
                    let k = chunk(false, *n, data, *more);
                    self.net.udp_received((actor, pid, sock), *from, k)
                }
                _ => {
                    let k = chunk(false, *n, data, *more);
                    self.net.chunk(pid, sock, conn.as_deref(), k)
                }
            },
            EventKind::SockEof { sock, conn } => self.net.eof(pid, sock, conn.as_deref()),
            EventKind::SockClosed { sock, conn, how } => {
                self.net.closed(pid, sock, conn.as_deref(), how)
            }
            EventKind::SockError {
                sock,
                op,
                error,
                errno,
            } => {
                let err = SockErr {
                    t_us: t,
                    actor: actor.to_string(),
                    sock: sock.clone(),
                    op: op.clone(),
                    error: error.clone(),
                    errno: errno.clone(),
                };
                self.net.error(err, pid);
            }
            EventKind::SockReady {
                how,
                watched,
                ready,
            } => self.net.last_ready = Some((how.clone(), watched.clone(), ready.clone())),
            _ => {}
        }
    }
}

//! Sockets as the connections panel shows them, built from the `sock_*`
//! events only: listening sockets and their backlog, connections with both
//! ends, bytes each way and the chunks of each send and recv, who is blocked
//! in a socket call, errors, and request → reply latencies.
//!
//! Memory stays bounded with thousands of clients: a connection keeps its
//! last `MAX_CHUNKS` chunks, finished connections beyond `MAX_FINISHED` are
//! only counted, and latencies are a ring of `LATENCY_RING` samples.

use std::collections::{BTreeMap, HashMap, VecDeque};

pub use super::net_conn::{Chunk, Conn, ConnState, End, Side, CONN_STATES};
use super::net_latency::Latency;
use super::net_udp::Datagrams;

/// Chunks kept per connection (the newest).
pub const MAX_CHUNKS: usize = 32;
/// Finished (closed or reset) connections kept whole; older ones are counted.
pub const MAX_FINISHED: usize = 64;
/// Errors kept whole (the newest); all are counted by name.
const MAX_ERRORS: usize = 16;

/// A listening (TCP) or bound (UDP) socket.
#[derive(Debug, Clone, PartialEq)]
pub struct Listener {
    pub name: String,
    pub owner: String,
    pub pid: i32,
    pub proto: String,
    pub port: u16,
    pub backlog: u32,
    /// Connections the client has made whose server side is not accepted yet.
    pub waiting: u32,
    pub accepted: u64,
    pub closed: bool,
}

/// An actor blocked in a socket call, until its next socket event.
#[derive(Debug, Clone, PartialEq)]
pub struct Blocked {
    pub op: String,
    pub sock: String,
    pub since_us: u64,
}

/// A failed socket call.
#[derive(Debug, Clone, PartialEq)]
pub struct SockErr {
    pub t_us: u64,
    pub actor: String,
    pub sock: String,
    pub op: String,
    pub error: String,
    pub errno: String,
}

/// A socket of one process: threads of a process share socket names, as fds.
type SockKey = (i32, String);

/// Everything about the run's sockets.
#[derive(Debug, Clone, Default)]
pub struct Net {
    pub listeners: Vec<Listener>,
    /// Connections by the order they were first seen (`seq`).
    conns: BTreeMap<u64, Conn>,
    by_id: HashMap<String, u64>,
    by_sock: HashMap<SockKey, u64>,
    next_seq: u64,
    /// Finished connections kept whole, oldest first.
    finished: VecDeque<u64>,
    /// Finished connections dropped for memory, by their last state.
    forgotten: [u64; CONN_STATES.len()],
    pub blocked: BTreeMap<String, Blocked>,
    pub errors: VecDeque<SockErr>,
    /// Every error seen, by exception name.
    pub error_counts: BTreeMap<String, u64>,
    pub latency: Latency,
    /// UDP datagrams by the port they went to.
    pub udp: Datagrams,
    /// The last select / poll / epoll answer: (how, watched, ready).
    pub last_ready: Option<(String, Vec<String>, Vec<String>)>,
    /// The scenario declares sockets: the panel is there before the first
    /// socket event, so a page can point at it from the start.
    pub declared: bool,
}

impl Net {
    pub fn is_empty(&self) -> bool {
        !self.declared
            && self.listeners.is_empty()
            && self.conns.is_empty()
            && self.errors.is_empty()
            && self.blocked.is_empty()
            && self.udp.is_empty()
    }

    /// The connections kept whole, first seen first.
    pub fn conns(&self) -> impl DoubleEndedIterator<Item = &Conn> + '_ {
        self.conns.values()
    }

    pub fn conn(&self, id: &str) -> Option<&Conn> {
        self.by_id.get(id).and_then(|s| self.conns.get(s))
    }

    /// How many connections are in each state (`CONN_STATES` order), the
    /// forgotten ones included.
    pub fn counts(&self) -> [u64; CONN_STATES.len()] {
        let mut out = self.forgotten;
        for c in self.conns.values() {
            out[c.state().index()] += 1;
        }
        out
    }

    /// How many errors named `error` (e.g. ConnectionRefusedError) were seen.
    pub fn errors_named(&self, error: &str) -> u64 {
        self.error_counts.get(error).copied().unwrap_or(0)
    }

    /// The actor blocked in a socket call, if it is.
    pub fn blocked_in(&self, actor: &str) -> Option<&Blocked> {
        self.blocked.get(actor)
    }

    /// Any socket event but a wait ends the actor's wait; returns whether it did.
    pub fn unblock(&mut self, actor: &str) -> bool {
        self.blocked.remove(actor).is_some()
    }

    pub fn wait(&mut self, t_us: u64, actor: &str, sock: &str, op: &str) {
        let b = Blocked {
            op: op.to_string(),
            sock: sock.to_string(),
            since_us: t_us,
        };
        self.blocked.insert(actor.to_string(), b);
    }

    pub fn listen(&mut self, actor: &str, pid: i32, l: (&str, &str, u16, u32)) {
        let (name, proto, port, backlog) = l;
        self.listeners.retain(|x| x.port != port || port == 0);
        self.listeners.push(Listener {
            name: name.to_string(),
            owner: actor.to_string(),
            pid,
            proto: proto.to_string(),
            port,
            backlog,
            waiting: 0,
            accepted: 0,
            closed: false,
        });
    }

    fn listener_at(&mut self, port: u16) -> Option<&mut Listener> {
        self.listeners.iter_mut().find(|l| l.port == port)
    }

    /// One end of `conn` says it is connected (`side` client or server).
    pub fn connected(&mut self, t_us: u64, end: End, conn: &str, side: Side) {
        let key = (end.pid, end.sock.clone());
        let server_port = end.server_port(side);
        let seq = self.conn_seq(t_us, conn);
        self.by_sock.insert(key, seq);
        let c = self.conns.get_mut(&seq).expect("just made");
        let was_waiting = c.in_backlog();
        match side {
            Side::Client => c.client = Some(end),
            Side::Server => c.server = Some(end),
        }
        let now_waiting = c.in_backlog();
        let Some(l) = self.listener_at(server_port) else {
            return;
        };
        match (was_waiting, now_waiting) {
            (false, true) => l.waiting += 1,
            (true, false) => l.waiting = l.waiting.saturating_sub(1),
            _ => {}
        }
        if side == Side::Server {
            l.accepted += 1;
        }
    }

    fn conn_seq(&mut self, t_us: u64, conn: &str) -> u64 {
        if let Some(&s) = self.by_id.get(conn) {
            return s;
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.conns.insert(seq, Conn::new(conn, t_us));
        self.by_id.insert(conn.to_string(), seq);
        seq
    }

    /// The connection an event is about: its `conn`, else the socket's.
    fn seq_of(&self, pid: i32, sock: &str, conn: Option<&str>) -> Option<u64> {
        match conn {
            Some(id) => self.by_id.get(id).copied(),
            None => self.by_sock.get(&(pid, sock.to_string())).copied(),
        }
    }

    /// A send or recv of `n` bytes on a socket of `pid`.
    pub fn chunk(&mut self, pid: i32, sock: &str, conn: Option<&str>, chunk: Chunk) {
        let t = chunk.t_us;
        let key = (pid, sock.to_string());
        if self.is_client_sock(&key) {
            self.latency.note(key, chunk.sent, t);
        }
        let Some(seq) = self.seq_of(pid, sock, conn) else {
            return;
        };
        if let Some(c) = self.conns.get_mut(&seq) {
            c.push(pid, sock, chunk);
        }
    }

    fn is_client_sock(&self, key: &SockKey) -> bool {
        let conn = self.by_sock.get(key).and_then(|s| self.conns.get(s));
        conn.and_then(|c| c.client.as_ref())
            .is_some_and(|e| e.pid == key.0 && e.sock == key.1)
    }

    /// recv returned b'' on this socket: the peer will send no more.
    pub fn eof(&mut self, pid: i32, sock: &str, conn: Option<&str>) {
        let seq = self.seq_of(pid, sock, conn);
        self.change(seq, |c| c.eof_at(pid, sock));
    }

    /// A close or shutdown (`how`) of a socket: a listener or a connection's end.
    pub fn closed(&mut self, pid: i32, sock: &str, conn: Option<&str>, how: &str) {
        let seq = self.seq_of(pid, sock, conn);
        if seq.is_some() {
            self.change(seq, |c| c.shut(pid, sock, how));
        } else if how == "close" {
            let mut l = self.listeners.iter_mut();
            if let Some(l) = l.rfind(|l| l.pid == pid && l.name == sock) {
                l.closed = true;
            }
        }
    }

    pub fn error(&mut self, err: SockErr, pid: i32) {
        *self.error_counts.entry(err.error.clone()).or_default() += 1;
        if matches!(
            err.error.as_str(),
            "ConnectionResetError" | "BrokenPipeError"
        ) {
            let seq = self.by_sock.get(&(pid, err.sock.clone())).copied();
            self.change(seq, |c| c.reset = true);
        }
        if self.errors.len() == MAX_ERRORS {
            self.errors.pop_front();
        }
        self.errors.push_back(err);
    }

    /// Change a connection; once it is over, the oldest finished beyond
    /// `MAX_FINISHED` are forgotten (counted by their state).
    fn change(&mut self, seq: Option<u64>, f: impl FnOnce(&mut Conn)) {
        let Some((seq, c)) = seq.and_then(|s| Some(s).zip(self.conns.get_mut(&s))) else {
            return;
        };
        let was_final = c.state().is_final();
        f(c);
        if was_final || !c.state().is_final() {
            return;
        }
        self.finished.push_back(seq);
        while self.finished.len() > MAX_FINISHED {
            let old = self.finished.pop_front().expect("not empty");
            self.forget(old);
        }
    }

    fn forget(&mut self, seq: u64) {
        let Some(c) = self.conns.remove(&seq) else {
            return;
        };
        self.forgotten[c.state().index()] += 1;
        self.by_id.remove(&c.id);
        for e in [&c.client, &c.server].into_iter().flatten() {
            let key = (e.pid, e.sock.clone());
            if self.by_sock.get(&key) == Some(&seq) {
                self.by_sock.remove(&key);
            }
        }
    }
}

//! One TCP connection as both its ends tell it: who is at each end, the
//! bytes each way, the chunks of each send and recv, and how it ended.

use std::collections::VecDeque;

use super::net::MAX_CHUNKS;

/// Which end of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Client,
    Server,
}

impl Side {
    /// `side` of `sock_connected`: anything but "server" is the client.
    pub fn of(side: &str) -> Side {
        if side == "server" {
            Side::Server
        } else {
            Side::Client
        }
    }
}

/// Where a connection is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnState {
    /// The client's connect returned; the server has not accepted it yet.
    Backlog,
    Open,
    /// One way is shut (shutdown, close, or an EOF read): the other still flows.
    HalfClosed,
    Closed,
    /// Reset by the peer (ConnectionResetError, BrokenPipeError).
    Reset,
}

/// Every state, in the order counts are kept and shown.
pub const CONN_STATES: [ConnState; 5] = [
    ConnState::Open,
    ConnState::Backlog,
    ConnState::HalfClosed,
    ConnState::Closed,
    ConnState::Reset,
];

impl ConnState {
    pub fn index(self) -> usize {
        CONN_STATES.iter().position(|&s| s == self).unwrap_or(0)
    }

    /// Nothing more will happen on it.
    pub fn is_final(self) -> bool {
        matches!(self, ConnState::Closed | ConnState::Reset)
    }
}

/// One end: the actor that made or accepted it, its socket's name, its ports.
#[derive(Debug, Clone, PartialEq)]
pub struct End {
    pub actor: String,
    pub pid: i32,
    pub sock: String,
    pub local_port: u16,
    pub peer_port: u16,
}

impl End {
    /// The listening port, seen from this end.
    pub fn server_port(&self, side: Side) -> u16 {
        match side {
            Side::Client => self.peer_port,
            Side::Server => self.local_port,
        }
    }

    fn is(&self, pid: i32, sock: &str) -> bool {
        self.pid == pid && self.sock == sock
    }
}

/// One send or one recv call's bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    pub t_us: u64,
    /// A send (else a recv).
    pub sent: bool,
    /// The bytes go client → server (set when the chunk joins its connection).
    pub up: bool,
    pub n: u32,
    /// Python's repr of the first bytes, without b''.
    pub data: String,
    /// `data` is cut.
    pub more: bool,
}

/// What one end has done to its side.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Shut {
    /// No more writes (shutdown write / both, or close).
    pub write: bool,
    pub closed: bool,
    /// A recv returned b''.
    pub eof: bool,
}

/// A TCP connection, tied by `id` ("CLIENTPORT>SERVERPORT").
#[derive(Debug, Clone, PartialEq)]
pub struct Conn {
    pub id: String,
    pub opened_us: u64,
    pub client: Option<End>,
    pub server: Option<End>,
    /// Bytes sent client → server, and server → client.
    pub up: u64,
    pub down: u64,
    /// The newest `MAX_CHUNKS` chunks, oldest first.
    pub chunks: VecDeque<Chunk>,
    /// Chunks dropped off the front.
    pub dropped: u64,
    pub client_shut: Shut,
    pub server_shut: Shut,
    pub reset: bool,
    pub last_us: u64,
    /// UDP datagrams to one port, not a connection (net_udp.rs).
    pub udp: bool,
}

impl Conn {
    pub fn new(id: &str, t_us: u64) -> Conn {
        Conn {
            id: id.to_string(),
            opened_us: t_us,
            client: None,
            server: None,
            up: 0,
            down: 0,
            chunks: VecDeque::new(),
            dropped: 0,
            client_shut: Shut::default(),
            server_shut: Shut::default(),
            reset: false,
            last_us: t_us,
            udp: false,
        }
    }

    /// Connected by the client, not yet accepted.
    pub fn in_backlog(&self) -> bool {
        self.client.is_some() && self.server.is_none()
    }

    pub fn state(&self) -> ConnState {
        let (c, s) = (self.client_shut, self.server_shut);
        if self.reset {
            ConnState::Reset
        } else if self.server.is_none() {
            // Even closed by the client, it waits there until accepted.
            ConnState::Backlog
        } else if (c.closed || self.client.is_none()) && s.closed {
            ConnState::Closed
        } else if [c.write, c.closed, c.eof, s.write, s.closed, s.eof].contains(&true) {
            ConnState::HalfClosed
        } else {
            ConnState::Open
        }
    }

    /// Which end the socket `sock` of `pid` is (by name, else by process).
    fn side_of(&self, pid: i32, sock: &str) -> Side {
        let is = |e: &Option<End>| e.as_ref().is_some_and(|e| e.is(pid, sock));
        let in_pid = |e: &Option<End>| e.as_ref().is_some_and(|e| e.pid == pid);
        if is(&self.client) {
            Side::Client
        } else if is(&self.server) || in_pid(&self.server) {
            Side::Server
        } else {
            Side::Client
        }
    }

    /// A chunk from the socket `sock` of `pid`: counted, kept among the newest.
    pub fn push(&mut self, pid: i32, sock: &str, mut chunk: Chunk) {
        let client = self.side_of(pid, sock) == Side::Client;
        chunk.up = client == chunk.sent;
        if chunk.sent && chunk.up {
            self.up += u64::from(chunk.n);
        } else if chunk.sent {
            self.down += u64::from(chunk.n);
        }
        self.last_us = self.last_us.max(chunk.t_us);
        if self.chunks.len() == MAX_CHUNKS {
            self.chunks.pop_front();
            self.dropped += 1;
        }
        self.chunks.push_back(chunk);
    }

    fn shut_of(&mut self, pid: i32, sock: &str) -> &mut Shut {
        match self.side_of(pid, sock) {
            Side::Client => &mut self.client_shut,
            Side::Server => &mut self.server_shut,
        }
    }

    pub fn eof_at(&mut self, pid: i32, sock: &str) {
        self.shut_of(pid, sock).eof = true;
    }

    /// `how`: close, read, write or both (shutdown).
    pub fn shut(&mut self, pid: i32, sock: &str, how: &str) {
        let s = self.shut_of(pid, sock);
        s.write |= matches!(how, "write" | "both" | "close");
        s.closed |= how == "close";
    }

    /// The chunks one way (`up`: client → server), sends and recvs.
    pub fn way(&self, up: bool) -> impl Iterator<Item = &Chunk> + '_ {
        self.chunks.iter().filter(move |c| c.up == up)
    }
}

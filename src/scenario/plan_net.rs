//! The plan's sockets (`[sockets.*]`) and socket steps (`listen`, `accept`,
//! `connect`, `send`, `sendall`, `recv`, `close`, `shutdown`).

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::event::Activity;

/// A socket's protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Proto {
    Tcp,
    Udp,
}

impl Proto {
    pub fn name(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
        }
    }
}

/// A declared socket (`[sockets.NAME]`): the host makes it and binds it to
/// (host, 0) before the root actor starts; every process inherits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocketSpec {
    pub name: String,
    pub proto: Proto,
    /// A loopback address only: "127.0.0.1", "::1" or "localhost".
    pub host: String,
    /// listen(backlog) for TCP.
    pub backlog: u32,
}

/// What `shutdown` shuts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShutHow {
    Read,
    Write,
    Both,
}

impl ShutHow {
    /// The word of the `sock_closed` event's `how`.
    pub fn word(self) -> &'static str {
        match self {
            ShutHow::Read => "read",
            ShutHow::Write => "write",
            ShutHow::Both => "both",
        }
    }

    fn python(self) -> &'static str {
        match self {
            ShutHow::Read => "SHUT_RD",
            ShutHow::Write => "SHUT_WR",
            ShutHow::Both => "SHUT_RDWR",
        }
    }
}

/// One socket step. Socket names (`sock`, `name`) may still hold `{local}`
/// placeholders, filled at run time like a print's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NetStep {
    /// listen(backlog) on a declared TCP socket.
    Listen { sock: String },
    /// accept(): the new connection is named `name` in this process; `into`
    /// keeps 1 (a connection) or 0 (timed out, or an error).
    Accept {
        sock: String,
        name: String,
        timeout: Option<Duration>,
        into: Option<String>,
    },
    /// A new TCP socket named `name`, connected to the declared socket
    /// `server`; `into` keeps 1 (connected) or 0 (refused, timed out).
    Connect {
        server: String,
        name: String,
        timeout: Option<Duration>,
        into: Option<String>,
    },
    /// One send() (`all`: sendall()) of `text` (placeholders filled at run
    /// time); `framed`: a 4-byte big-endian length first.
    Send {
        sock: String,
        text: String,
        all: bool,
        framed: bool,
        into: Option<String>,
    },
    /// One recv(size) (`framed`: the header, then exactly that many bytes);
    /// `into` keeps the byte count (0 at EOF, None on an error) and `{into}`
    /// the text received.
    Recv {
        sock: String,
        size: u32,
        framed: bool,
        timeout: Option<Duration>,
        into: Option<String>,
    },
    /// close() this process's socket.
    Close { sock: String },
    /// shutdown(how).
    Shutdown { sock: String, how: ShutHow },
}

impl NetStep {
    /// The verb, its kind of activity and the step in words.
    pub(super) fn info(&self) -> (&'static str, Activity, String) {
        match self {
            NetStep::Listen { sock } => ("listen", Activity::Running, format!("{sock}.listen()")),
            NetStep::Accept { sock, .. } => {
                ("accept", Activity::Waiting, format!("{sock}.accept()"))
            }
            NetStep::Connect { server, .. } => {
                ("connect", Activity::Waiting, format!("connect to {server}"))
            }
            NetStep::Send { sock, all, .. } => {
                let verb = if *all { "sendall" } else { "send" };
                (verb, Activity::Running, format!("{sock}.{verb}()"))
            }
            NetStep::Recv { sock, size, .. } => {
                ("recv", Activity::Waiting, format!("{sock}.recv({size})"))
            }
            NetStep::Close { sock } => ("close", Activity::Running, format!("{sock}.close()")),
            NetStep::Shutdown { sock, how } => (
                "shutdown",
                Activity::Running,
                format!("{sock}.shutdown({})", how.python()),
            ),
        }
    }
}

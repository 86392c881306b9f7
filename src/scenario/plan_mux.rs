//! The steps of UDP sockets and of multiplexing: `bind`, `sendto`,
//! `recvfrom`, `setblocking`, `select` (with `how` select, poll or epoll)
//! and `if_listener`. Socket names may still hold `{local}` placeholders,
//! filled at run time.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::plan::Step;
use crate::event::Activity;
pub use crate::runtime::sock_mux::How;

/// One UDP or multiplexing step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MuxStep {
    /// bind() a declared UDP socket to the port the host reserved for it.
    Bind { sock: String },
    /// One sendto() of `text` from `sock` (a fresh socket in this process if
    /// it has none by that name) to the declared UDP socket `to`'s port.
    SendTo {
        sock: String,
        to: String,
        text: String,
    },
    /// One recvfrom(size): `into` keeps the byte count (None on an error or
    /// a timeout) and `{into}` the text of the datagram.
    RecvFrom {
        sock: String,
        size: u32,
        timeout: Option<Duration>,
        into: Option<String>,
    },
    /// sock.setblocking(flag).
    SetBlocking { sock: String, blocking: bool },
    /// select / poll / epoll on this process's sockets named by `watch`
    /// (names, or `prefix*`), at most `timeout`; then `body` once per ready
    /// socket, with `{name}` its name. `into` keeps how many were ready.
    Select {
        how: How,
        watch: Vec<String>,
        timeout: Option<Duration>,
        name: String,
        body: Vec<Step>,
        into: Option<String>,
    },
    /// `then` when `sock` is a listening socket, else `otherwise`.
    IfListener {
        sock: String,
        then: Vec<Step>,
        otherwise: Vec<Step>,
    },
}

fn secs(t: &Option<Duration>) -> String {
    t.map(|d| format!("{:.2}", d.as_secs_f64()))
        .unwrap_or_else(|| "None".into())
}

impl MuxStep {
    /// The verb, its kind of activity and the step in words.
    pub(super) fn info(&self) -> (&'static str, Activity, String) {
        match self {
            MuxStep::Bind { sock } => ("bind", Activity::Running, format!("{sock}.bind()")),
            MuxStep::SendTo { sock, to, .. } => (
                "sendto",
                Activity::Running,
                format!("{sock}.sendto(..., {to})"),
            ),
            MuxStep::RecvFrom { sock, size, .. } => (
                "recvfrom",
                Activity::Waiting,
                format!("{sock}.recvfrom({size})"),
            ),
            MuxStep::SetBlocking { sock, blocking } => {
                let flag = if *blocking { "True" } else { "False" };
                (
                    "setblocking",
                    Activity::Running,
                    format!("{sock}.setblocking({flag})"),
                )
            }
            MuxStep::Select {
                how,
                watch,
                timeout,
                ..
            } => (
                how.name(),
                Activity::Waiting,
                format!("{}([{}], {})", how.name(), watch.join(", "), secs(timeout)),
            ),
            MuxStep::IfListener { sock, .. } => (
                "if_listener",
                Activity::Running,
                format!("if {sock} is a listener"),
            ),
        }
    }
}

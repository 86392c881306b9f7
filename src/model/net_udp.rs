//! UDP datagrams, gathered per port they were sent to: each sendto and each
//! recvfrom is a chunk, so the panel shows boundaries kept (one recvfrom, one
//! datagram) beside TCP's stream. Not connections: not in the state counts.

use std::collections::BTreeMap;

use super::net::{Chunk, Conn, End, Net};

/// Where the datagrams to each port went: sender (first seen) → receiver.
#[derive(Debug, Clone, Default)]
pub struct Datagrams {
    flows: BTreeMap<u16, Conn>,
}

impl Datagrams {
    pub fn is_empty(&self) -> bool {
        self.flows.is_empty()
    }

    /// The flows by port.
    pub fn flows(&self) -> impl Iterator<Item = (u16, &Conn)> + '_ {
        self.flows.iter().map(|(&p, c)| (p, c))
    }

    fn flow(&mut self, port: u16, t_us: u64) -> &mut Conn {
        self.flows.entry(port).or_insert_with(|| Conn {
            udp: true,
            ..Conn::new(&format!("udp :{port}"), t_us)
        })
    }
}

fn end(who: (&str, i32, &str), local_port: u16, peer_port: u16) -> End {
    let (actor, pid, sock) = who;
    End {
        actor: actor.to_string(),
        pid,
        sock: sock.to_string(),
        local_port,
        peer_port,
    }
}

impl Net {
    /// The port a bound UDP socket of `pid` listens on (by name if not in `pid`).
    fn udp_port(&self, pid: i32, sock: &str) -> Option<u16> {
        let udp = || {
            self.listeners
                .iter()
                .filter(|l| l.proto == "udp" && l.name == sock)
        };
        udp()
            .find(|l| l.pid == pid)
            .or_else(|| udp().next_back())
            .map(|l| l.port)
    }

    /// A sendto of `who` (actor, pid, socket) to `port`.
    pub fn udp_sent(&mut self, who: (&str, i32, &str), port: u16, chunk: Chunk) {
        let own = self.udp_port(who.1, who.2);
        if own.is_none() {
            self.latency
                .note((who.1, who.2.to_string()), true, chunk.t_us);
        }
        let flow = self.udp.flow(port, chunk.t_us);
        if flow.client.is_none() {
            flow.client = Some(end(who, own.unwrap_or(0), port));
        }
        flow.push(who.1, who.2, chunk);
    }

    /// A recvfrom of `who`: the datagram came to its socket's port.
    pub fn udp_received(&mut self, who: (&str, i32, &str), from: u16, chunk: Chunk) {
        let Some(port) = self.udp_port(who.1, who.2) else {
            // An unbound (client) socket: a reply, to a port it was never told.
            self.latency
                .note((who.1, who.2.to_string()), false, chunk.t_us);
            return;
        };
        let flow = self.udp.flow(port, chunk.t_us);
        if flow.server.is_none() {
            flow.server = Some(end(who, port, from));
        }
        flow.push(who.1, who.2, chunk);
    }
}

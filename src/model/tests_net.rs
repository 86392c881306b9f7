//! The sockets model from hand-written `sock_*` events: backlog, glued and
//! framed chunks, half close, refused, and the bounds on memory.

use super::net::{ConnState, MAX_CHUNKS, MAX_FINISHED};
use super::net_latency::LATENCY_RING;
use super::test_events::{ev, model};
use crate::event::{Event, EventKind};

pub(crate) const SERVER_PORT: u16 = 41235;

pub(crate) fn listen(t: u64, actor: &str, pid: i32, backlog: u32) -> Event {
    let kind = EventKind::SockListen {
        sock: "server".into(),
        proto: "tcp".into(),
        host: "127.0.0.1".into(),
        port: SERVER_PORT,
        backlog,
    };
    ev(t, actor, pid, kind)
}

fn conn_id(client_port: u16) -> String {
    format!("{client_port}>{SERVER_PORT}")
}

/// The client `actor` (in `pid`) connected from `port` with its socket "c".
pub(crate) fn connect(t: u64, actor: &str, pid: i32, port: u16) -> Event {
    connect_as(t, (actor, pid, "c"), port)
}

/// The client `actor` (in `pid`) connected from `port` with its socket `sock`.
pub(crate) fn connect_as(t: u64, who: (&str, i32, &str), port: u16) -> Event {
    let (actor, pid, sock) = who;
    let kind = EventKind::SockConnected {
        sock: sock.into(),
        conn: conn_id(port),
        side: "client".into(),
        local_port: port,
        peer_port: SERVER_PORT,
        listener: None,
    };
    ev(t, actor, pid, kind)
}

/// The server `actor` accepted the client at `port` as `sock`.
pub(crate) fn accept(t: u64, actor: &str, pid: i32, port: u16, sock: &str) -> Event {
    let kind = EventKind::SockConnected {
        sock: sock.into(),
        conn: conn_id(port),
        side: "server".into(),
        local_port: SERVER_PORT,
        peer_port: port,
        listener: Some("server".into()),
    };
    ev(t, actor, pid, kind)
}

/// A send (`sent`) or recv of `data` on `sock` of the connection at `port`.
pub(crate) fn bytes(t: u64, who: (&str, i32, &str), port: u16, sent: bool, data: &str) -> Event {
    let (actor, pid, sock) = who;
    let (sock, conn, data) = (sock.to_string(), Some(conn_id(port)), data.to_string());
    let n = repr_len(&data);
    let kind = if sent {
        EventKind::SockSent {
            sock,
            conn,
            n,
            data,
            more: false,
            peer_port: None,
        }
    } else {
        EventKind::SockRecv {
            sock,
            conn,
            n,
            data,
            more: false,
            peer_port: None,
        }
    };
    ev(t, actor, pid, kind)
}

/// Bytes a repr stands for (`\x00` is one).
fn repr_len(data: &str) -> u32 {
    crate::model::net_bytes::parse(data).len() as u32
}

fn wait(t: u64, actor: &str, pid: i32, sock: &str, op: &str) -> Event {
    let (sock, op) = (sock.into(), op.into());
    ev(t, actor, pid, EventKind::SockWait { sock, op })
}

fn closed(t: u64, who: (&str, i32, &str), port: u16, how: &str) -> Event {
    let (actor, pid, sock) = who;
    let kind = EventKind::SockClosed {
        sock: sock.into(),
        conn: Some(conn_id(port)),
        how: how.into(),
    };
    ev(t, actor, pid, kind)
}

const CLIENT: (&str, i32, &str) = ("client0", 20, "c");
const SERVER: (&str, i32, &str) = ("server", 10, "conn0");

#[test]
fn a_connection_waits_in_the_backlog_until_accepted() {
    let mut m = model(&[
        listen(1, "server", 10, 2),
        wait(2, "server", 10, "server", "accept"),
        connect(3, "client0", 20, 50001),
        connect(4, "client1", 21, 50002),
    ]);
    let l = &m.net.listeners[0];
    assert_eq!((l.port, l.backlog, l.waiting), (SERVER_PORT, 2, 2));
    assert_eq!(m.net.blocked_in("server").unwrap().op, "accept");
    let counts = m.net.counts();
    assert_eq!(counts[ConnState::Backlog.index()], 2);
    m.apply(&accept(5, "server", 10, 50001, "conn0"));
    assert!(m.net.blocked_in("server").is_none(), "accept returned");
    assert_eq!(m.net.listeners[0].waiting, 1);
    assert_eq!(m.net.listeners[0].accepted, 1);
    let c = m.net.conn("50001>41235").unwrap();
    assert_eq!(c.state(), ConnState::Open);
    assert_eq!(c.server.as_ref().unwrap().sock, "conn0");
    assert_eq!(c.client.as_ref().unwrap().actor, "client0");
}

#[test]
fn an_accept_told_before_the_connect_never_counts_as_waiting() {
    let m = model(&[
        listen(1, "server", 10, 5),
        accept(2, "server", 10, 50001, "conn0"),
        connect(3, "client0", 20, 50001),
    ]);
    assert_eq!(m.net.listeners[0].waiting, 0);
    assert_eq!(m.net.conns().next().unwrap().state(), ConnState::Open);
}

#[test]
fn one_recv_returns_three_sends_glued_together() {
    let m = model(&[
        listen(1, "server", 10, 5),
        connect(2, "client0", 20, 50001),
        accept(3, "server", 10, 50001, "conn0"),
        bytes(4, CLIENT, 50001, true, "hello"),
        bytes(5, CLIENT, 50001, true, "world"),
        bytes(6, CLIENT, 50001, true, "!!"),
        bytes(7, SERVER, 50001, false, "helloworld!!"),
        bytes(8, SERVER, 50001, true, "HELLOWORLD!!"),
    ]);
    let c = m.net.conns().next().unwrap();
    let up: Vec<(bool, &str)> = c.way(true).map(|k| (k.sent, k.data.as_str())).collect();
    let want = [
        (true, "hello"),
        (true, "world"),
        (true, "!!"),
        (false, "helloworld!!"),
    ];
    assert_eq!(up, want);
    assert_eq!((c.up, c.down), (12, 12));
    assert_eq!(c.way(false).count(), 1, "the reply goes down");
}

#[test]
fn a_framed_header_is_read_as_a_length() {
    use super::net_bytes::{frames, Piece};
    let pieces = frames("\\x00\\x00\\x00\\x05hello\\x00\\x00\\x00\\nhelloworld");
    assert_eq!(
        pieces,
        [
            Piece::Header(5),
            Piece::Body("hello".into()),
            Piece::Header(10),
            Piece::Body("helloworld".into()),
        ]
    );
    assert_eq!(frames("hello"), [Piece::Body("hello".into())]);
    assert_eq!(frames("\\x00\\x00\\x00\\x05"), [Piece::Header(5)]);
    assert_eq!(
        frames("\\x00\\x00\\x00\\x05hel"),
        [Piece::Header(5), Piece::Body("hel".into())],
        "a body cut short by the recv size"
    );
}

#[test]
fn half_close_then_close_from_both_ends() {
    let mut m = model(&[
        listen(1, "server", 10, 5),
        connect(2, "client0", 20, 50001),
        accept(3, "server", 10, 50001, "conn0"),
        closed(4, CLIENT, 50001, "write"),
    ]);
    let state = |m: &super::Model| m.net.conns().next().unwrap().state();
    assert_eq!(state(&m), ConnState::HalfClosed);
    m.apply(&ev(
        5,
        "server",
        10,
        EventKind::SockEof {
            sock: "conn0".into(),
            conn: None,
        },
    ));
    assert!(
        m.net.conns().next().unwrap().server_shut.eof,
        "found by sock"
    );
    m.apply(&closed(6, SERVER, 50001, "close"));
    assert_eq!(
        state(&m),
        ConnState::HalfClosed,
        "the client has not closed"
    );
    m.apply(&closed(7, CLIENT, 50001, "close"));
    assert_eq!(state(&m), ConnState::Closed);
}

#[test]
fn refused_and_reset_are_counted() {
    let refused = EventKind::SockError {
        sock: "c".into(),
        op: "connect".into(),
        error: "ConnectionRefusedError".into(),
        errno: "ECONNREFUSED".into(),
    };
    let reset = EventKind::SockError {
        sock: "c".into(),
        op: "recv".into(),
        error: "ConnectionResetError".into(),
        errno: "ECONNRESET".into(),
    };
    let m = model(&[
        ev(1, "client9", 29, refused),
        listen(2, "server", 10, 5),
        connect(3, "client0", 20, 50001),
        accept(4, "server", 10, 50001, "conn0"),
        ev(5, "client0", 20, reset),
    ]);
    assert_eq!(m.net.errors_named("ConnectionRefusedError"), 1);
    assert_eq!(m.net.errors.len(), 2);
    assert_eq!(
        m.net.conns().count(),
        1,
        "a refused connect makes no connection"
    );
    assert_eq!(m.net.conns().next().unwrap().state(), ConnState::Reset);
}

#[test]
fn latency_is_from_a_request_to_its_reply_and_its_ring_is_bounded() {
    let mut events = vec![
        listen(1, "server", 10, 5),
        connect(2, "client0", 20, 50001),
        accept(3, "server", 10, 50001, "conn0"),
    ];
    for i in 0..(LATENCY_RING as u64 + 100) {
        let t = 1_000 + i * 100;
        events.push(bytes(t, CLIENT, 50001, true, "ping"));
        events.push(bytes(t + 1, SERVER, 50001, false, "ping"));
        events.push(bytes(t + 2, SERVER, 50001, true, "pong"));
        events.push(bytes(t + 7 + i % 2, CLIENT, 50001, false, "pong"));
    }
    let m = model(&events);
    let lat = &m.net.latency;
    assert_eq!(lat.samples().len(), LATENCY_RING);
    assert_eq!(lat.total, LATENCY_RING as u64 + 100);
    assert_eq!(
        lat.quantile(0.5),
        Some(7),
        "the server's recv is not a reply"
    );
    assert_eq!(lat.quantile(0.99), Some(8));
    assert_eq!(lat.pending(), 0);
    let c = m.net.conns().next().unwrap();
    assert_eq!(c.chunks.len(), MAX_CHUNKS);
    assert_eq!(
        c.dropped,
        4 * (LATENCY_RING as u64 + 100) - MAX_CHUNKS as u64
    );
}

#[test]
fn four_hundred_connections_keep_memory_bounded_and_count_the_rest() {
    let mut events = vec![listen(1, "server", 10, 128)];
    for i in 0..400u16 {
        let (port, t) = (50_000 + i, 10 + u64::from(i) * 1_000);
        let actor = format!("client{i}");
        let conn = format!("conn{i}");
        let client = (actor.as_str(), 20 + i32::from(i), "c");
        let server = ("server", 10, conn.as_str());
        events.push(connect(t, &actor, client.1, port));
        events.push(accept(t + 1, "server", 10, port, &conn));
        for k in 0..50 {
            events.push(bytes(t + 2 + k, client, port, true, "hello"));
        }
        events.push(bytes(t + 60, server, port, false, "hello"));
        if i < 300 {
            events.push(closed(t + 70, client, port, "close"));
            events.push(closed(t + 71, server, port, "close"));
        }
    }
    let m = model(&events);
    let counts = m.net.counts();
    assert_eq!(counts[ConnState::Closed.index()], 300);
    assert_eq!(counts[ConnState::Open.index()], 100);
    assert_eq!(m.net.conns().count(), 100 + MAX_FINISHED);
    assert!(m.net.conns().all(|c| c.chunks.len() <= MAX_CHUNKS));
    assert!(m.net.conn("50000>41235").is_none(), "forgotten");
    assert!(m.net.conn("50399>41235").is_some());
    assert_eq!(m.net.listeners[0].accepted, 400);
    assert_eq!(m.net.listeners[0].waiting, 0);
}

#[test]
fn a_socket_wait_blocks_the_lane_until_the_next_socket_event() {
    use super::lanes::LaneState;
    use crate::event::ActorKind;
    let spawned = EventKind::Spawned {
        kind: ActorKind::Thread,
        parent: None,
        daemon: false,
    };
    let mut m = model(&[
        ev(0, "client0", 20, spawned),
        ev(1, "client0", 20, EventKind::Started {}),
        listen(2, "server", 10, 5),
        connect(3, "client0", 20, 50001),
        wait(4, "client0", 20, "c", "recv"),
    ]);
    assert_eq!(m.lane("client0").unwrap().current(), LaneState::Blocked);
    assert_eq!(m.net.blocked_in("client0").unwrap().sock, "c");
    m.apply(&bytes(9, CLIENT, 50001, false, "hi"));
    assert_eq!(m.lane("client0").unwrap().current(), LaneState::Running);
    assert!(m.net.blocked.is_empty());
    m.apply(&wait(10, "client0", 20, "c", "recv"));
    let exited = EventKind::Exited {
        code: Some(1),
        signal: None,
        cause: None,
    };
    m.apply(&ev(11, "client0", 20, exited));
    assert!(m.net.blocked.is_empty(), "a dead actor waits for nothing");
}

#[test]
fn udp_datagrams_keep_their_boundaries_per_port() {
    let bind = EventKind::SockListen {
        sock: "u".into(),
        proto: "udp".into(),
        host: "127.0.0.1".into(),
        port: 5000,
        backlog: 0,
    };
    let dgram = |t, actor: &str, pid, sent: bool, data: &str, port| {
        let (sock, data) = (if sent { "c" } else { "u" }.to_string(), data.to_string());
        let n = data.len() as u32;
        let peer_port = Some(port);
        let kind = if sent {
            EventKind::SockSent {
                sock,
                conn: None,
                n,
                data,
                more: false,
                peer_port,
            }
        } else {
            EventKind::SockRecv {
                sock,
                conn: None,
                n,
                data,
                more: false,
                peer_port,
            }
        };
        ev(t, actor, pid, kind)
    };
    let m = model(&[
        ev(1, "server", 10, bind),
        dgram(2, "client0", 20, true, "hello", 5000),
        dgram(3, "client0", 20, true, "world", 5000),
        dgram(4, "server", 10, false, "hello", 40001),
        dgram(5, "server", 10, false, "world", 40001),
        dgram(6, "client0", 20, true, "lost", 5999),
    ]);
    let flows: Vec<_> = m.net.udp.flows().collect();
    assert_eq!(flows.len(), 2, "to 5000, and to 5999 where nobody listens");
    let (port, c) = flows[0];
    assert_eq!(port, 5000);
    let up: Vec<(bool, &str)> = c.way(true).map(|k| (k.sent, k.data.as_str())).collect();
    assert_eq!(
        up,
        [
            (true, "hello"),
            (true, "world"),
            (false, "hello"),
            (false, "world")
        ]
    );
    assert_eq!(c.server.as_ref().unwrap().actor, "server");
    assert_eq!(
        m.net.counts().iter().sum::<u64>(),
        0,
        "datagrams are not connections"
    );
    assert!(m.net.errors.is_empty(), "sending to nobody is not an error");
}

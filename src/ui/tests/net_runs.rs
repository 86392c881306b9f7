//! Socket runs from hand-written events, for the connections panel:
//! - `sticky_run`: an echo server (process 7001) and three clients; client0's
//!   three sends come out of one recv glued, client1 waits in the backlog
//!   blocked in recv, client2 is refused.
//! - `framed_run`: the same with a 4-byte length header before each message.
//! - `many_run`: 400 client threads: 158 served and closed, 212 open (blocked
//!   in recv), 30 waiting in the backlog, with a latency each.

use super::fixture::step;
use super::queue_runs::{opening, state_of, MS};
use crate::event::{Activity, ActorKind, Event, EventKind};
use crate::model::tests_net::{accept, bytes, connect, connect_as, listen};
use crate::model::Declared;
use crate::ui::state::RunState;

const SCENARIO: &str = r#"
format = 1
id = "net-lab"
title = { en = "Sticky packets", zh = "粘包" }
summary = { en = "TCP is a byte stream.", zh = "TCP 是字节流。" }

[lesson]
en = "TCP keeps no message boundaries: one recv may return what several sends wrote."
zh = "TCP 不保留消息边界：一次 recv 可能返回好几次 send 写入的内容。"

[[actors]]
name = "main"
kind = "process"
script = [ { sleep = "1s" } ]
"#;

const SERVER: i32 = 7001;

fn ev(t: u64, actor: &str, pid: i32, kind: EventKind) -> Event {
    Event::new(t, actor, pid, kind)
}

pub(super) fn sock_wait(t: u64, actor: &str, pid: i32, sock: &str, op: &str) -> Event {
    let (sock, op) = (sock.into(), op.into());
    ev(t, actor, pid, EventKind::SockWait { sock, op })
}

fn refused(t: u64, actor: &str, pid: i32) -> Event {
    let kind = EventKind::SockError {
        sock: "c".into(),
        op: "connect".into(),
        error: "ConnectionRefusedError".into(),
        errno: "ECONNREFUSED".into(),
    };
    ev(t, actor, pid, kind)
}

fn closed(t: u64, who: (&str, i32, &str), port: u16) -> Event {
    let kind = EventKind::SockClosed {
        sock: who.2.into(),
        conn: Some(format!("{port}>41235")),
        how: "close".into(),
    };
    ev(t, who.0, who.1, kind)
}

fn actors3() -> Vec<Event> {
    opening(
        "net-lab",
        &[
            ("server", SERVER, ActorKind::Process, None),
            ("client0", 7010, ActorKind::Process, Some("server")),
            ("client1", 7011, ActorKind::Process, Some("server")),
            ("client2", 7012, ActorKind::Process, Some("server")),
        ],
    )
}

/// The three messages client0 sends; (sent, then what the server's recvs return).
fn story(framed: bool) -> (Vec<&'static str>, Vec<&'static str>) {
    if framed {
        let sends = vec![
            "\\x00\\x00\\x00\\x05hello",
            "\\x00\\x00\\x00\\x05world",
            "\\x00\\x00\\x00\\x02!!",
        ];
        let recvs = vec![
            "\\x00\\x00\\x00\\x05",
            "hello",
            "\\x00\\x00\\x00\\x05",
            "world",
            "\\x00\\x00\\x00\\x02",
            "!!",
        ];
        (sends, recvs)
    } else {
        (vec!["hello", "world", "!!"], vec!["helloworld!!"])
    }
}

fn echo_events(framed: bool) -> Vec<Event> {
    let mut e = actors3();
    let c0 = ("client0", 7010, "c");
    let s0 = ("server", SERVER, "conn0");
    e.push(listen(10 * MS, "server", SERVER, 5));
    e.push(connect(20 * MS, "client0", 7010, 50312));
    e.push(accept(21 * MS, "server", SERVER, 50312, "conn0"));
    let (sends, recvs) = story(framed);
    for (i, s) in sends.iter().enumerate() {
        e.push(bytes((30 + i as u64) * MS, c0, 50312, true, s));
    }
    for (i, r) in recvs.iter().enumerate() {
        e.push(bytes((40 + i as u64) * MS, s0, 50312, false, r));
    }
    e.push(bytes(50 * MS, s0, 50312, true, "HELLOWORLD!!"));
    e.push(bytes(51 * MS, c0, 50312, false, "HELLOWORLD!!"));
    e.push(connect(60 * MS, "client1", 7011, 50314));
    e.push(step(61 * MS, "client1", 7011, "recv c", Activity::Blocked));
    e.push(sock_wait(61 * MS, "client1", 7011, "c", "recv"));
    e.push(refused(70 * MS, "client2", 7012));
    e.push(step(
        80 * MS,
        "server",
        SERVER,
        "recv conn0",
        Activity::Blocked,
    ));
    e.push(sock_wait(80 * MS, "server", SERVER, "conn0", "recv"));
    e
}

fn run_of(events: &[Event]) -> RunState {
    let mut run = state_of(SCENARIO, events, &Declared::default());
    run.now_us = events.last().map_or(0, |e| e.t_us) + 20 * MS;
    run
}

pub fn sticky_run() -> RunState {
    run_of(&echo_events(false))
}

pub fn framed_run() -> RunState {
    run_of(&echo_events(true))
}

/// 400 client threads of the server's process (sockets `c0`…), at 2 s.
pub fn many_run() -> RunState {
    let mut e = opening("net-lab", &[("server", SERVER, ActorKind::Process, None)]);
    let clients: Vec<(String, i32)> = (0..400).map(|i| (format!("client{i}"), 8000 + i)).collect();
    for (name, tid) in &clients {
        let t = 3 * MS + *tid as u64;
        e.push(thread(*tid, ev(t, name, SERVER, spawned())));
        e.push(thread(*tid, ev(t + 1, name, SERVER, EventKind::Started {})));
    }
    e.push(listen(10 * MS, "server", SERVER, 128));
    for (i, (name, tid)) in clients.iter().enumerate() {
        let (port, t) = (50_000 + i as u16, 20 * MS + 4 * MS * i as u64);
        let (sock, conn) = (format!("c{i}"), format!("conn{i}"));
        let c = (name.as_str(), SERVER, sock.as_str());
        let s = ("server", SERVER, conn.as_str());
        let mine = |e: Event| thread(*tid, e);
        e.push(mine(connect_as(t, c, port)));
        if i >= 370 {
            e.push(mine(step(t + 1, name, SERVER, "recv", Activity::Blocked)));
            e.push(mine(sock_wait(t + 1, name, SERVER, &sock, "recv")));
            continue;
        }
        e.push(accept(t + 10, "server", SERVER, port, &conn));
        e.push(mine(bytes(t + 20, c, port, true, "ping")));
        e.push(bytes(t + 30, s, port, false, "ping"));
        if i >= 158 {
            e.push(mine(step(t + 40, name, SERVER, "recv", Activity::Blocked)));
            e.push(mine(sock_wait(t + 40, name, SERVER, &sock, "recv")));
            continue;
        }
        e.push(bytes(t + 40, s, port, true, "pong"));
        let back = t + 400 + 37 * (i as u64 % 23);
        e.push(mine(bytes(back, c, port, false, "pong")));
        e.push(mine(closed(t + 2 * MS, c, port)));
        e.push(closed(t + 2 * MS + 10, s, port));
    }
    let mut run = run_of(&e);
    run.now_us = 2_000 * MS;
    run
}

fn spawned() -> EventKind {
    EventKind::Spawned {
        kind: ActorKind::Thread,
        parent: Some("server".into()),
        daemon: false,
    }
}

/// The event as told by the thread `tid`.
fn thread(tid: i32, e: Event) -> Event {
    Event {
        tid: Some(tid),
        ..e
    }
}

/// Two datagrams from client0 to the UDP socket `u` (port 5000) of the
/// server, each read by one recvfrom: the boundaries are kept.
pub fn udp_run() -> RunState {
    let mut e = actors3();
    let bind = EventKind::SockListen {
        sock: "u".into(),
        proto: "udp".into(),
        host: "127.0.0.1".into(),
        port: 5000,
        backlog: 0,
    };
    e.push(ev(10 * MS, "server", SERVER, bind));
    let dgram = |t: u64, who: (&str, i32, &str), sent: bool, data: &str, port: u16| {
        let (sock, data, peer_port) = (who.2.to_string(), data.to_string(), Some(port));
        let n = data.len() as u32;
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
        ev(t, who.0, who.1, kind)
    };
    let (c, s) = (("client0", 7010, "c"), ("server", SERVER, "u"));
    e.push(dgram(20 * MS, c, true, "hello", 5000));
    e.push(dgram(21 * MS, c, true, "world", 5000));
    e.push(dgram(30 * MS, s, false, "hello", 40001));
    e.push(dgram(31 * MS, s, false, "world", 40001));
    run_of(&e)
}

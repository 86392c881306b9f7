//! UDP, non-blocking sockets and select / poll / epoll for real on
//! 127.0.0.1 (tests/net_mux.toml): datagram boundaries, a sendto nobody
//! receives, BlockingIOError at once, and only the ready socket returned.

mod common;

use common::{completed, Run};
use conlab::event::EventKind;

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/net_mux.toml");

fn run(variant: &str) -> Run {
    completed(FILE, variant)
}

/// (sock, op, error, errno) of every sock_error.
fn errors(run: &Run) -> Vec<(String, String, String, String)> {
    run.events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SockError {
                sock,
                op,
                error,
                errno,
            } => Some((sock.clone(), op.clone(), error.clone(), errno.clone())),
            _ => None,
        })
        .collect()
}

fn err(sock: &str, op: &str, error: &str, errno: &str) -> (String, String, String, String) {
    (sock.into(), op.into(), error.into(), errno.into())
}

#[test]
fn three_datagrams_stay_three_and_one_sent_before_bind_is_gone() {
    let run = run("udp");
    assert_eq!(
        run.all_prints(),
        ["got one", "got two", "got three", "then None"],
        "one recvfrom per sendto; 'before bind' never queued"
    );
    let sent: Vec<(String, u32, Option<u16>)> = run
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SockSent {
                data, n, peer_port, ..
            } => Some((data.clone(), *n, *peer_port)),
            _ => None,
        })
        .collect();
    assert_eq!(sent.len(), 4, "{sent:?}");
    assert_eq!(sent[0].0, "before bind");
    let port = run.events.iter().find_map(|e| match &e.kind {
        EventKind::SockListen {
            proto,
            port,
            backlog,
            ..
        } if proto == "udp" => Some((*port, *backlog)),
        _ => None,
    });
    let (port, backlog) = port.expect("bind tells sock_listen");
    assert_eq!(backlog, 0);
    assert!(sent.iter().all(|s| s.2 == Some(port)), "{sent:?} vs {port}");
    // The only error is the last recvfrom's timeout: sendto nobody raised nothing.
    assert_eq!(
        errors(&run),
        [err("u", "recvfrom", "TimeoutError", "ETIMEDOUT")]
    );
}

#[test]
fn a_sendto_after_the_receiver_closed_is_dropped_and_a_second_bind_fails() {
    let run = run("closed");
    assert_eq!(run.all_prints(), ["after close: None", "bound twice"]);
    assert_eq!(
        errors(&run),
        [
            err("u", "recvfrom", "TimeoutError", "ETIMEDOUT"),
            err("u", "bind", "OSError", "EINVAL"),
        ]
    );
}

#[test]
fn non_blocking_accept_and_recv_raise_blocking_io_error_without_waiting() {
    let run = run("nonblocking");
    assert_eq!(run.all_prints(), ["accept: 0", "recv: None", "recv: late"]);
    assert_eq!(
        errors(&run),
        [
            err("server", "accept", "BlockingIOError", "EAGAIN"),
            err("conn", "recv", "BlockingIOError", "EAGAIN"),
        ]
    );
    // Neither call waited: the only sock_wait is the blocking recv's, if any.
    let waits: Vec<String> = run
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SockWait { sock, op } => Some(format!("{sock} {op}")),
            _ => None,
        })
        .collect();
    assert!(
        waits
            .iter()
            .all(|w| w == "conn recv" || w == "server accept"),
        "{waits:?}"
    );
    let first_recv_wait = run
        .events
        .iter()
        .position(|e| matches!(&e.kind, EventKind::SockWait { sock, .. } if sock == "conn"));
    let would_block = run
        .events
        .iter()
        .position(|e| matches!(&e.kind, EventKind::SockError { sock, .. } if sock == "conn"));
    assert!(
        first_recv_wait.is_none_or(|w| w > would_block.unwrap()),
        "the non-blocking recv told no wait before raising"
    );
}

#[test]
fn each_call_returns_only_the_readable_socket_then_times_out_empty() {
    for how in ["select", "poll", "epoll"] {
        let run = run(how);
        let ready: Vec<(String, Vec<String>, Vec<String>)> = run
            .events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::SockReady {
                    how,
                    watched,
                    ready,
                } => Some((how.clone(), watched.clone(), ready.clone())),
                _ => None,
            })
            .collect();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            ready,
            [
                (how.into(), s(&["server", "conn0", "conn1"]), s(&["conn1"])),
                (how.into(), s(&["conn0", "conn1"]), vec![]),
            ],
            "{how}"
        );
        assert_eq!(
            run.all_prints(),
            ["conn1 says hi", "ready: 1", "then ready: 0"],
            "{how}"
        );
        assert!(errors(&run).is_empty(), "{how}: {:?}", errors(&run));
    }
}

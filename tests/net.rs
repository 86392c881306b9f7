//! Sockets for real on 127.0.0.1: an echo between processes, threads, a
//! forked child, a process pool's workers and coroutines; a refused
//! connect, a peer's close, framed messages, and an accept cut by max_seconds.

mod common;

use std::time::{Duration, Instant};

use common::{completed, conlab, Run};
use conlab::event::EventKind;

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/net_echo.toml");
const BLOCKED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/net_blocked.toml");

fn run(variant: &str) -> Run {
    completed(FILE, variant)
}

/// (actor, side, conn) of every sock_connected.
fn connections(run: &Run) -> Vec<(String, String, String)> {
    run.events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SockConnected { side, conn, .. } => {
                Some((e.actor.clone(), side.clone(), conn.clone()))
            }
            _ => None,
        })
        .collect()
}

fn errors(run: &Run) -> Vec<(String, String)> {
    run.events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SockError { op, error, .. } => Some((op.clone(), error.clone())),
            _ => None,
        })
        .collect()
}

/// Both ends told the same connection id, CLIENTPORT>SERVERPORT, and the
/// listener's port is the server end's.
fn assert_one_connection(run: &Run, server: &str, client: &str) {
    let conns = connections(run);
    let of = |actor: &str, side: &str| {
        let found = conns.iter().find(|(a, s, _)| a == actor && s == side);
        found
            .unwrap_or_else(|| panic!("no {side} end told by {actor}: {conns:?}"))
            .2
            .clone()
    };
    let (s, c) = (of(server, "server"), of(client, "client"));
    assert_eq!(s, c, "the two ends tie together");
    let port = run.events.iter().find_map(|e| match &e.kind {
        EventKind::SockListen { port, .. } => Some(*port),
        _ => None,
    });
    assert_eq!(c.split('>').nth(1), port.map(|p| p.to_string()).as_deref());
}

#[test]
fn an_echo_between_two_processes_goes_over_real_loopback_tcp() {
    let run = run("processes");
    assert_one_connection(&run, "server", "client");
    let prints = run.all_prints();
    let port = prints[0].trim_start_matches("listening on ");
    assert!(port.parse::<u16>().is_ok_and(|p| p > 0), "{prints:?}");
    assert!(
        prints.contains(&format!("client got echo hello from {port}")),
        "{prints:?}"
    );
    assert!(errors(&run).is_empty(), "{:?}", errors(&run));
    assert_ne!(run.pid_of("server"), run.pid_of("client"));
}

#[test]
fn an_echo_between_two_threads_of_one_process() {
    let run = run("threads");
    assert_one_connection(&run, "thserver", "thclient");
    assert!(run
        .all_prints()
        .iter()
        .any(|p| p.starts_with("thclient got echo hello from ")));
    assert!(errors(&run).is_empty(), "{:?}", errors(&run));
}

#[test]
fn a_forked_child_and_a_pools_workers_use_the_inherited_listener() {
    let run = run("fork");
    assert_one_connection(&run, "main", "forked");
    assert!(run
        .all_prints()
        .contains(&"forked got echo from a fork".to_string()));
    let run = self::run("pool");
    let prints = run.all_prints();
    for k in 0..2 {
        assert!(
            prints.contains(&format!("client got echo hello {k}")),
            "{prints:?}"
        );
    }
    let servers: Vec<String> = connections(&run)
        .into_iter()
        .filter(|(_, side, _)| side == "server")
        .map(|(actor, _, _)| actor)
        .collect();
    assert_eq!(servers.len(), 2, "{servers:?}");
    assert!(
        servers.iter().all(|a| a.starts_with("pool-w")),
        "{servers:?}"
    );
}

#[test]
fn a_refused_connect_is_an_error_event_and_the_run_goes_on() {
    let run = run("refused");
    let errs = errors(&run);
    assert_eq!(errs[0], ("connect".into(), "ConnectionRefusedError".into()));
    assert_eq!(
        run.all_prints(),
        vec!["connected: 0".to_string(), "sent: None".to_string()]
    );
    assert_eq!(
        errs.len(),
        2,
        "the send on the unconnected socket fails too: {errs:?}"
    );
}

#[test]
fn a_peer_that_closes_gives_end_of_file() {
    let run = run("peer-close");
    let eof = run
        .events
        .iter()
        .any(|e| e.actor == "client" && matches!(e.kind, EventKind::SockEof { .. }));
    assert!(eof, "the client's recv saw end of file");
    assert!(run.all_prints().contains(&"client got  bytes".to_string()));
    assert!(errors(&run).is_empty(), "{:?}", errors(&run));
}

#[test]
fn framed_messages_come_out_whole_one_recv_call_told_at_a_time() {
    let run = run("framed");
    assert!(run
        .all_prints()
        .contains(&"server got [one] [two two]".to_string()));
    let got: Vec<u32> = run
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SockRecv { n, .. } if e.actor == "server" => Some(*n),
            _ => None,
        })
        .collect();
    assert_eq!(got, vec![4, 3, 4, 7], "header and body, each its own recv");
    let sent: Vec<String> = run
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SockSent { data, .. } => Some(data.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(sent[0], "\\x00\\x00\\x00\\x03one");
}

#[test]
fn a_blocked_accept_does_not_outlive_max_seconds() {
    let began = Instant::now();
    let f = conlab(&["run", BLOCKED, "--headless"], Duration::from_secs(30));
    let took = began.elapsed();
    assert!(
        f.stdout.contains("\"outcome\":\"timed_out\""),
        "{}",
        f.stdout
    );
    assert!(
        f.stdout.contains("\"op\":\"accept\""),
        "the waiter told its wait"
    );
    assert!(!f.stdout.contains("never"), "nobody connected");
    // max_seconds is 1.5; the host's stop and reaping take a little more.
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn a_coroutines_socket_wait_gives_its_loop_to_the_other_tasks() {
    let run = run("coroutines");
    assert_one_connection(&run, "tserver", "tclient");
    assert!(run
        .all_prints()
        .contains(&"tclient got echo hi from a task".to_string()));
    let at = |actor: &str, want: fn(&EventKind) -> bool| {
        let found = run
            .events
            .iter()
            .position(|e| e.actor == actor && want(&e.kind));
        found.unwrap_or_else(|| panic!("no such event of {actor}"))
    };
    // While the server task waits in accept, the client task runs on the
    // same thread: it connects before the accept returns.
    let waits = at("tserver", |k| matches!(k, EventKind::SockWait { .. }));
    let connects = at("tclient", |k| matches!(k, EventKind::SockConnected { .. }));
    let accepts = at("tserver", |k| matches!(k, EventKind::SockConnected { .. }));
    assert!(waits < connects && connects < accepts);
    let tid = |a: &str| run.events.iter().find(|e| e.actor == a).and_then(|e| e.tid);
    assert_eq!(tid("tserver"), tid("tclient"), "one loop thread");
    let waits = run
        .events
        .iter()
        .filter(|e| e.actor == "tserver" && matches!(e.kind, EventKind::SockWait { .. }));
    assert_eq!(
        waits.count(),
        1,
        "a wait is told once, however often it is tried"
    );
}

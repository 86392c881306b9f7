//! Small programs per area: threading's primitives, timers, daemon threads,
//! threads that fail, threads of a child process.

use conlab::event::{Event, EventKind};

use super::run::{counts, names, need_python, program, run};
use super::LIMIT;

#[test]
fn threading_primitives_are_told() {
    if !need_python() {
        return;
    }
    let t = run(&program("sync_small.py"), &[], &[], None, LIMIT);
    assert_eq!(t.code, Some(0), "stderr: {}", t.stderr);
    let rl = counts(&t, "MainProcess", "rlock");
    let want = [("+", 1), ("+", 2), ("-", 1), ("-", 0)];
    assert_eq!(rl, want.map(|(s, n)| (s.to_string(), Some(n))).to_vec());
    let c = names(&t, "consumer");
    let wait = c.iter().position(|n| *n == "cond_wait").expect("cond_wait");
    assert_eq!(
        &c[wait..wait + 3],
        ["cond_wait", "lock_released", "cond_woken"].as_slice()
    );
    assert_eq!(c[wait + 1], "lock_released");
    assert!(
        c.contains(&"cond_woken") && c.contains(&"event_passed") && c.contains(&"barrier_passed")
    );
    let notify = t.kinds("cond_notify");
    assert_eq!(notify.len(), 1);
    assert!(
        matches!(&notify[0].kind, EventKind::CondNotify { lock, n: Some(1), woken: 1 } if lock == "cond")
    );
    let mut idx: Vec<u32> = t
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::BarrierPassed { index, .. } => Some(*index),
            _ => None,
        })
        .collect();
    idx.sort();
    assert_eq!(idx, vec![0, 1]);
    let arrived: Vec<u32> = t
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::BarrierWait {
                arrived,
                parties: 2,
                ..
            } => Some(*arrived),
            _ => None,
        })
        .collect();
    assert_eq!(arrived, vec![1, 2]);
    // A timed acquire is its own op, so the wait-for graph knows it ends.
    assert!(t
        .of("MainProcess")
        .any(|e| matches!(&e.kind, EventKind::Step { op, .. } if op == "acquire_timeout")));
}

#[test]
fn timers_daemons_failures_and_threads_of_a_child() {
    if !need_python() {
        return;
    }
    let t = run(&program("threads_small.py"), &[], &[], None, LIMIT);
    assert_eq!(t.code, Some(0), "stderr: {}", t.stderr);
    assert!(
        t.stderr.contains("Exception in thread bad:"),
        "Python's own report: {}",
        t.stderr
    );
    let main = names(&t, "MainProcess");
    assert!(
        main.contains(&"timer_started") && main.contains(&"timer_cancelled"),
        "{main:?}"
    );
    assert!(
        t.kinds("timer_fired").len() == 1,
        "only the first timer fires"
    );
    let cancelled = t.kinds("timer_cancelled");
    assert!(matches!(
        &cancelled[0].kind,
        EventKind::TimerCancelled { fired: false, .. }
    ));
    let bad = t.of("bad").last().unwrap();
    assert_eq!(
        bad.kind,
        EventKind::Exited {
            code: None,
            signal: None,
            cause: Some("KeyError".into())
        }
    );
    assert!(t.of("bad").any(|e| e.kind
        == EventKind::Error {
            text: "KeyError: 'missing'".into()
        }));
    let watcher = t.of("watcher").last().unwrap();
    assert!(
        matches!(
            &watcher.kind,
            EventKind::Exited {
                cause: Some(_),
                code: None,
                ..
            }
        ),
        "{watcher:?}"
    );
    assert!(matches!(
        &t.of("watcher").next().unwrap().kind,
        EventKind::Spawned { daemon: true, .. }
    ));
    assert!(t.of("MainProcess").any(|e| matches!(&e.kind, EventKind::TimedOut { op, object, .. } if op == "join" && object == "slow")));
    let kid_thread: Vec<&Event> = t
        .events
        .iter()
        .filter(|e| e.actor.starts_with("kid/Thread-"))
        .collect();
    assert!(
        matches!(&kid_thread[0].kind, EventKind::Spawned { parent: Some(p), .. } if p == "kid")
    );
    assert!(kid_thread.iter().any(
        |e| matches!(&e.kind, EventKind::Print { text } if text == "hello from a thread of a child")
    ));
}

#[test]
fn a_select_server_tells_what_it_watches_and_what_is_ready() {
    if !need_python() {
        return;
    }
    let t = run(&program("select_server.py"), &[], &[], None, LIMIT);
    assert_eq!(t.code, Some(0), "stderr: {}", t.stderr);
    assert!(t.stdout.ends_with("served 2\n"), "{}", t.stdout);
    let mut ready_conns = std::collections::BTreeSet::new();
    for e in t.of("MainProcess") {
        match &e.kind {
            EventKind::SockReady {
                how,
                watched,
                ready,
            } => {
                assert_eq!(how, "select");
                assert!(watched.iter().any(|w| w == "srv") || !watched.is_empty());
                assert!(
                    ready.iter().all(|r| watched.contains(r)),
                    "{watched:?} {ready:?}"
                );
                ready_conns.extend(ready.iter().filter(|r| r.starts_with("conn")).cloned());
            }
            EventKind::SockWait { sock, op } if op == "select" => {
                assert!(
                    sock.split(',').any(|s| s == "srv" || s.starts_with("conn")),
                    "{sock}"
                );
            }
            _ => {}
        }
    }
    assert_eq!(
        ready_conns.len(),
        2,
        "both accepted connections became readable: {ready_conns:?}"
    );
    // The module's own readiness checks are not told as the learner's select.
    assert!(t
        .kinds("sock_ready")
        .iter()
        .all(|e| e.actor == "MainProcess"));
}

#[test]
fn udp_datagrams_are_told_with_their_ports() {
    if !need_python() {
        return;
    }
    let t = run(&program("udp_small.py"), &[], &[], None, LIMIT);
    assert_eq!(t.code, Some(0), "stderr: {}", t.stderr);
    assert_eq!(t.stdout, "b'HELLO'\n");
    let port = t
        .events
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::SockListen {
                sock,
                proto,
                port,
                backlog: 0,
                ..
            } if sock == "server" && proto == "udp" => Some(*port),
            _ => None,
        })
        .expect("the bind is told");
    let sent: Vec<(String, Option<u16>)> = t
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SockSent {
                sock,
                peer_port,
                n: 5,
                ..
            } => Some((sock.clone(), *peer_port)),
            _ => None,
        })
        .collect();
    assert_eq!(sent[0], ("client".to_string(), Some(port)));
    assert_eq!(sent[1].0, "server");
    assert_eq!(t.kinds("sock_recv").len(), 2);
}

//! select.poll() and select.epoll() are told as select is: `sock_wait` while
//! the call blocks, `sock_ready` with the watched and the readable sockets.

use std::collections::BTreeSet;

use conlab::event::EventKind;

use super::run::{need_python, program, run};
use super::LIMIT;

fn served_with(how: &str) {
    let t = run(&program("poll_server.py"), &[how], &[], None, LIMIT);
    assert_eq!(t.code, Some(0), "{how}: stderr: {}", t.stderr);
    assert!(
        t.stdout.ends_with(&format!("served 2 with {how}\n")),
        "{}",
        t.stdout
    );
    let mut ready_all = BTreeSet::new();
    let mut calls = 0;
    for e in &t.events {
        match &e.kind {
            EventKind::SockReady {
                how: h,
                watched,
                ready,
            } => {
                assert_eq!((h.as_str(), e.actor.as_str()), (how, "MainProcess"));
                assert!(watched.iter().any(|w| w == "srv"), "{watched:?}");
                assert!(
                    ready.iter().all(|r| watched.contains(r)),
                    "{watched:?} {ready:?}"
                );
                ready_all.extend(ready.iter().cloned());
                calls += 1;
            }
            EventKind::SockWait { sock, op } if op == how => {
                assert_eq!(e.actor, "MainProcess");
                assert!(sock.split(',').any(|s| s == "srv"), "{sock}");
            }
            _ => {}
        }
    }
    assert!(calls >= 3, "{how}: one sock_ready per poll() call: {calls}");
    // The listener, and both accepted connections (named after `conn`,
    // registered by their file descriptor).
    let want: BTreeSet<String> = ["srv", "conn", "conn #2"].map(String::from).into();
    assert_eq!(ready_all, want, "{how}");
}

#[test]
fn a_poll_server_tells_what_it_watches_and_what_is_ready() {
    if need_python() {
        served_with("poll");
    }
}

#[test]
fn an_epoll_server_tells_what_it_watches_and_what_is_ready() {
    if need_python() {
        served_with("epoll");
    }
}

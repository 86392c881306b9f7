//! The real wire: each process of the program opens its own connection to
//! the host's Unix stream socket (CONLAB_PY_SOCK) and writes whole lines.

use std::io::{BufRead, BufReader};
use std::os::unix::net::UnixListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use conlab::event::Event;

use super::run::{need_python, program, root};

#[test]
fn every_process_has_its_own_connection_of_whole_lines() {
    if !need_python() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("conlab-pywire-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sock = dir.join("py.sock");
    let listener = UnixListener::bind(&sock).unwrap();
    listener.set_nonblocking(true).unwrap();
    let mut child = Command::new(super::run::python())
        .args(["-X", "utf8", "-m", "conlab_trace"])
        .arg(program("procs_small.py"))
        .arg("fork")
        .env("PYTHONPATH", root().join("assets/py"))
        .env("CONLAB_PY_SOCK", &sock)
        .env("CONLAB_PY_MAIN", "MainProcess")
        .env_remove("CONLAB_PY_EVENTS")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let began = Instant::now();
    let mut readers = Vec::new();
    let mut done = false;
    while !done {
        match listener.accept() {
            Ok((conn, _)) => {
                conn.set_nonblocking(false).unwrap();
                readers.push(std::thread::spawn(move || {
                    BufReader::new(conn)
                        .lines()
                        .map(|l| {
                            let l = l.unwrap();
                            assert!(l.len() <= 16 * 1024, "a line over 16 KiB");
                            serde_json::from_str::<Event>(&l)
                                .unwrap_or_else(|e| panic!("not an Event ({e}): {l}"))
                        })
                        .collect::<Vec<Event>>()
                }));
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                done = child.try_wait().unwrap().is_some();
                assert!(began.elapsed() < super::LIMIT, "the program did not end");
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => panic!("accept: {e}"),
        }
    }
    assert_eq!(child.wait().unwrap().code(), Some(0));
    let conns: Vec<Vec<Event>> = readers.into_iter().map(|r| r.join().unwrap()).collect();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(conns.len(), 4, "the root and its three children");
    let mut actors = Vec::new();
    for c in &conns {
        assert!(!c.is_empty());
        let me = c
            .iter()
            .find(|e| e.kind.name() == "started")
            .expect("each tells started");
        // Only a parent tells about another pid: its child's spawned/exited/reaped.
        let about_child = ["spawned", "exited", "reaped"];
        let stray = c
            .iter()
            .find(|e| e.pid != me.pid && !about_child.contains(&e.kind.name()));
        assert!(stray.is_none(), "one process a connection: {stray:?}");
        actors.push(me.actor.clone());
    }
    actors.sort();
    assert_eq!(actors, ["MainProcess", "Process-3", "counter", "sleeper"]);
}

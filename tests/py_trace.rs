//! The Python instrumentation (`assets/py/conlab_trace`) on its own, without
//! the Rust host: each learner-style program of issue 18 runs under
//! `python3 -m conlab_trace` with CONLAB_PY_EVENTS set, every line it writes
//! must parse as an `Event`, and each program's story must show in them.
//! Needs python3: skipped with a reason without it, required when CI is set.

#[path = "py_trace/aio.rs"]
mod aio;
#[path = "py_trace/areas.rs"]
mod areas;
#[path = "py_trace/fidfix.rs"]
mod fidfix;
#[path = "py_trace/managers.rs"]
mod managers;
#[path = "py_trace/maps.rs"]
mod maps;
#[path = "py_trace/polls.rs"]
mod polls;
#[path = "py_trace/processes.rs"]
mod processes;
#[path = "py_trace/run.rs"]
mod run;
#[path = "py_trace/same.rs"]
mod same;
#[path = "py_trace/stderr.rs"]
mod stderr;
#[path = "py_trace/values.rs"]
mod values;
#[path = "py_trace/wire.rs"]
mod wire;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use conlab::event::{ActorKind, Event, EventKind, QueueSide};
use run::{need_python, program, run};

const LIMIT: Duration = Duration::from_secs(30);

fn spawned_threads(t: &run::Traced) -> Vec<String> {
    t.events
        .iter()
        .filter(|e| {
            matches!(e.kind, EventKind::Spawned { kind: ActorKind::Thread, parent: Some(ref p), .. } if p == "MainProcess")
        })
        .map(|e| e.actor.clone())
        .collect()
}

#[test]
fn racy_counter_loses_updates_with_interleaved_threads() {
    if !need_python() {
        return;
    }
    let t = run(&program("racy_counter.py"), &[], &[], None, LIMIT);
    assert_eq!(t.code, Some(0), "stderr: {}", t.stderr);
    let workers = spawned_threads(&t);
    assert_eq!(workers.len(), 4, "four threads: {workers:?}");
    for w in &workers {
        let kinds: Vec<&str> = t.of(w).map(|e| e.kind.name()).collect();
        assert_eq!(kinds.first(), Some(&"spawned"), "{w}: {kinds:?}");
        assert_eq!(kinds.get(1), Some(&"started"), "{w}: {kinds:?}");
        let last = t.of(w).last().unwrap();
        assert!(
            matches!(last.kind, EventKind::Exited { code: Some(0), .. }),
            "{w}: {last:?}"
        );
        assert!(t
            .of(w)
            .filter(|e| e.kind.name() != "spawned")
            .all(|e| e.tid.is_some()));
    }
    // No lock anywhere: the increments are lock-free.
    assert!(t.kinds("lock_acquired").is_empty() && t.kinds("lock_wait").is_empty());
    // Interleaved: another worker steps between two steps of one worker
    // (while it holds its stale read across the sleep).
    let steps: Vec<&Event> = t
        .events
        .iter()
        .filter(|e| workers.contains(&e.actor) && e.kind.name() == "step")
        .collect();
    // Some worker steps while another is between its first and last step.
    let span = |w: &String| {
        let t: Vec<u64> = steps
            .iter()
            .filter(|e| &e.actor == w)
            .map(|e| e.t_us)
            .collect();
        (t[0], t[t.len() - 1])
    };
    let interleaved = workers.iter().any(|a| {
        let (first, last) = span(a);
        steps
            .iter()
            .any(|e| &e.actor != a && e.t_us > first && e.t_us < last)
    });
    assert!(interleaved, "the workers' steps never interleave");
    let sleep_line = steps.iter().find_map(|e| match &e.kind {
        EventKind::Step { op, line, text, .. } if op == "sleep" => Some((*line, text.clone())),
        _ => None,
    });
    assert_eq!(
        sleep_line,
        Some((
            Some(16),
            "time.sleep(0.005)  # let the others run (makes the race likely)".into()
        ))
    );
    let printed = t.prints("MainProcess");
    let counter: u64 = printed
        .iter()
        .find_map(|p| p.strip_prefix("counter"))
        .map(|n| n.trim().parse().unwrap())
        .expect("the counter is printed");
    assert!(counter < 200_000, "no update lost: {printed:?}");
}

#[test]
fn deadlock_shows_two_waits_for_the_lock_the_other_holds() {
    if !need_python() {
        return;
    }
    let both_wait = |ev: &[Event]| {
        let waiting: BTreeSet<&str> = ev
            .iter()
            .filter(|e| e.kind.name() == "lock_wait")
            .map(|e| e.actor.as_str())
            .collect();
        waiting.contains("alice") && waiting.contains("bob")
    };
    let t = run(&program("deadlock.py"), &[], &[], Some(&both_wait), LIMIT);
    assert_eq!(t.code, None, "it never ends by itself");
    let mut holds: BTreeMap<String, String> = BTreeMap::new();
    let mut waits: BTreeMap<String, String> = BTreeMap::new();
    for e in &t.events {
        match &e.kind {
            EventKind::LockAcquired { lock, count } => {
                assert_eq!(*count, Some(1));
                holds.insert(lock.clone(), e.actor.clone());
            }
            EventKind::LockReleased { lock, .. } => {
                holds.remove(lock);
            }
            EventKind::LockWait { lock } => {
                waits.insert(e.actor.clone(), lock.clone());
            }
            _ => {}
        }
    }
    assert_eq!(waits.get("alice").map(String::as_str), Some("lock_b"));
    assert_eq!(waits.get("bob").map(String::as_str), Some("lock_a"));
    assert_eq!(holds.get("lock_a").map(String::as_str), Some("alice"));
    assert_eq!(holds.get("lock_b").map(String::as_str), Some("bob"));
    let line = t
        .of("alice")
        .filter_map(|e| match &e.kind {
            EventKind::Step { line, text, .. } => Some((*line, text.clone())),
            _ => None,
        })
        .last();
    assert_eq!(line, Some((Some(14), "with second:".into())));
}

#[test]
fn zombies_exit_and_are_not_reaped_while_the_parent_sleeps() {
    if !need_python() {
        return;
    }
    let env = [("ZOMBIE_SECONDS", "1.5")];
    let t = run(&program("zombies.py"), &["fork"], &env, None, LIMIT);
    assert_eq!(t.code, Some(0), "stderr: {}", t.stderr);
    let done = t
        .of("MainProcess")
        .find(|e| matches!(&e.kind, EventKind::Print { text } if text == "parent done"))
        .expect("parent done is told")
        .t_us;
    for k in 1..=3 {
        let name = format!("Process-{k}");
        let spawned = t
            .of(&name)
            .find(|e| e.kind.name() == "spawned")
            .expect("spawned");
        assert_ne!(
            spawned.pid, t.events[0].pid,
            "spawned carries the child's pid"
        );
        let exited = t
            .of(&name)
            .find(|e| e.kind.name() == "exited")
            .expect("exited");
        assert_eq!(exited.pid, spawned.pid);
        assert!(matches!(
            exited.kind,
            EventKind::Exited { code: Some(0), .. }
        ));
        assert!(exited.t_us < done, "{name} exits while the parent sleeps");
        let reaped = t
            .of(&name)
            .find(|e| e.kind.name() == "reaped")
            .expect("reaped at exit");
        assert!(
            reaped.t_us > done,
            "{name} stays a zombie until the parent ends"
        );
        assert_eq!(
            reaped.kind,
            EventKind::Reaped {
                by: "MainProcess".into()
            }
        );
    }
}

#[test]
fn echo_server_both_ends_connect_and_bytes_match() {
    if !need_python() {
        return;
    }
    let t = run(&program("echo_server.py"), &[], &[], None, LIMIT);
    assert_eq!(t.code, Some(0), "stderr: {}", t.stderr);
    assert_eq!(
        t.stdout,
        "client got hello\nclient got world\nserver done\n"
    );
    let mut sides: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut sent: BTreeMap<(String, String), u32> = BTreeMap::new();
    let mut recv: BTreeMap<(String, String), u32> = BTreeMap::new();
    for e in &t.events {
        match &e.kind {
            EventKind::SockConnected { conn, side, .. } => {
                sides.entry(conn.clone()).or_default().insert(side.clone());
            }
            EventKind::SockSent {
                conn: Some(c),
                n,
                sock,
                ..
            } => *sent.entry((c.clone(), sock.clone())).or_default() += n,
            EventKind::SockRecv {
                conn: Some(c),
                n,
                sock,
                ..
            } => *recv.entry((c.clone(), sock.clone())).or_default() += n,
            _ => {}
        }
    }
    assert_eq!(sides.len(), 2, "two connections: {sides:?}");
    for (conn, s) in &sides {
        assert_eq!(s.len(), 2, "{conn}: both sides told: {s:?}");
        let out: u32 = sent
            .iter()
            .filter(|((c, _), _)| c == conn)
            .map(|(_, n)| n)
            .sum();
        let back: u32 = recv
            .iter()
            .filter(|((c, _), _)| c == conn)
            .map(|(_, n)| n)
            .sum();
        assert_eq!(out, 10, "{conn}: 5 bytes each way");
        assert_eq!(out, back, "{conn}: sent == received");
    }
    assert!(t.kinds("sock_listen").len() == 1 && t.kinds("sock_eof").len() == 2);
}

#[test]
fn hanging_producer_consumer_ends_waiting_on_an_empty_queue() {
    if !need_python() {
        return;
    }
    let stuck = |ev: &[Event]| {
        let producer_done = ev
            .iter()
            .any(|e| e.actor == "producer" && e.kind.name() == "exited");
        let last = ev
            .iter()
            .rev()
            .find(|e| e.actor == "consumer" && e.kind.name() != "step");
        producer_done
            && matches!(last, Some(e) if matches!(e.kind, EventKind::QueueWait { side: QueueSide::Empty, .. }))
            && ev.iter().filter(|e| e.kind.name() == "queue_get").count() == 5
    };
    let t = run(&program("hanging_pc.py"), &[], &[], Some(&stuck), LIMIT);
    assert_eq!(t.code, None, "it hangs");
    let last = t
        .of("consumer")
        .filter(|e| e.kind.name() != "step")
        .last()
        .unwrap();
    assert_eq!(
        last.kind,
        EventKind::QueueWait {
            queue: "orders".into(),
            side: QueueSide::Empty,
            len: 0,
            cap: 2
        }
    );
    let gets: Vec<(Option<i64>, String)> = t
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::QueueGet { item, from, .. } => Some((*item, from.clone())),
            _ => None,
        })
        .collect();
    let want: Vec<(Option<i64>, String)> = (0..5).map(|i| (Some(i), "producer".into())).collect();
    assert_eq!(gets, want);
    assert!(
        t.kinds("queue_wait").iter().any(|e| e.actor == "producer"),
        "the producer waits on the full queue"
    );
    assert!(t
        .of("MainProcess")
        .last()
        .is_some_and(|e| matches!(&e.kind, EventKind::Step { op, .. } if op == "join")));
}

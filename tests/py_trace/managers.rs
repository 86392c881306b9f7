//! multiprocessing.Manager() proxies: its dict and list items as values,
//! its locks, semaphore, event and queue as their process twins, named
//! after the learner's variables in every process.

use std::collections::BTreeMap;

use conlab::event::{ActorKind, EventKind};

use super::run::{need_python, plain, program, run, Traced};
use super::LIMIT;

const WORKERS: [&str; 2] = ["Process-2", "Process-3"];

fn tally(t: &Traced) -> BTreeMap<(&'static str, String, String), usize> {
    let mut n = BTreeMap::new();
    for e in &t.events {
        let key = match &e.kind {
            EventKind::Value { name, .. } => ("value", name.clone()),
            EventKind::ValueRead { name, .. } => ("value_read", name.clone()),
            EventKind::LockAcquired { lock, .. } => ("lock_acquired", lock.clone()),
            EventKind::LockReleased { lock, .. } => ("lock_released", lock.clone()),
            EventKind::EventPassed { lock } => ("event_passed", lock.clone()),
            EventKind::EventSet { lock, .. } => ("event_set", lock.clone()),
            EventKind::QueuePut { queue, .. } => ("queue_put", queue.clone()),
            EventKind::QueueGet { queue, from, .. } => ("queue_get", format!("{queue}<{from}")),
            _ => continue,
        };
        *n.entry((key.0, key.1, e.actor.clone())).or_insert(0) += 1;
    }
    n
}

fn manager(method: &str) {
    let path = program("manager_small.py");
    let t = run(&path, &[method], &[], None, LIMIT);
    let (out, _, code) = plain(&path, &[method]);
    assert_eq!(t.code, Some(code), "{method}: {}", t.stderr);
    assert_eq!(t.stdout, out, "{method}: prints as without the module");
    let n = tally(&t);
    let get = |ev: &'static str, name: &str, actor: &str| {
        n.get(&(ev, name.to_string(), actor.to_string()))
            .copied()
            .unwrap_or(0)
    };
    for (i, w) in WORKERS.iter().enumerate() {
        // dic["count"] = dic["count"] - 1: a read and a write of `count`.
        assert_eq!(get("value_read", "count", w), 1, "{method} {w}: {n:?}");
        assert_eq!(get("value", "count", w), 1, "{method} {w}");
        // total.value += 1 on a manager Value.
        assert_eq!(get("value_read", "total", w), 1, "{method} {w}");
        assert_eq!(get("value", "total", w), 1, "{method} {w}");
        assert_eq!(get("value", &format!("lst[{i}]"), w), 1, "{method} {w}");
        for (lock, times) in [("lock", 1), ("rlock", 2), ("sem", 1)] {
            assert_eq!(get("lock_acquired", lock, w), times, "{method} {w} {lock}");
            assert_eq!(get("lock_released", lock, w), times, "{method} {w} {lock}");
        }
        assert_eq!(get("event_passed", "ready", w), 1, "{method} {w}");
        assert_eq!(get("queue_put", "q", w), 1, "{method} {w}");
        assert_eq!(
            get("queue_get", &format!("q<{w}"), "MainProcess"),
            1,
            "{method}: the item's path from {w}: {n:?}"
        );
    }
    assert_eq!(get("event_set", "ready", "MainProcess"), 1, "{method}");
    // The manager is a process of main's, reaped when the with block ends.
    let manager: Vec<&str> = t.of("SyncManager-1").map(|e| e.kind.name()).collect();
    assert!(
        t.of("SyncManager-1").any(|e| matches!(
            &e.kind,
            EventKind::Spawned { kind: ActorKind::Process, parent: Some(p), .. } if p == "MainProcess"
        )),
        "{method}: {manager:?}"
    );
    assert!(manager.contains(&"reaped"), "{method}: {manager:?}");
}

#[test]
fn manager_proxies_fork() {
    if need_python() {
        manager("fork");
    }
}

#[test]
fn manager_proxies_spawn() {
    if need_python() {
        manager("spawn");
    }
}

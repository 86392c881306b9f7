//! multiprocessing.Value and Array: reads and writes told as the lessons'
//! shared values (`value_read`, `value`), get_lock() as a lock.

use std::collections::BTreeMap;

use conlab::event::EventKind;

use super::run::{need_python, plain, program, run};
use super::LIMIT;

/// (event, name, actor) -> how many.
fn tally(t: &super::run::Traced) -> BTreeMap<(String, String, String), usize> {
    let mut n = BTreeMap::new();
    for e in &t.events {
        let key = match &e.kind {
            EventKind::Value { name, .. } => ("value", name.clone()),
            EventKind::ValueRead { name, .. } => ("value_read", name.clone()),
            EventKind::LockAcquired { lock, .. } => ("lock_acquired", lock.clone()),
            EventKind::LockReleased { lock, .. } => ("lock_released", lock.clone()),
            _ => continue,
        };
        *n.entry((key.0.to_string(), key.1, e.actor.clone()))
            .or_insert(0) += 1;
    }
    n
}

/// Every read of `name` saw the value of the latest write told before it:
/// the told order of the accesses of all processes is the order they
/// happened in (accesses told in the same microsecond may be either way).
fn reads_see_the_latest_write(t: &super::run::Traced, name: &str) {
    let mut told: Vec<(u64, bool, i64)> = t
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Value { name: n, value } if n == name => {
                Some((e.t_us, true, value.as_i64()?))
            }
            EventKind::ValueRead { name: n, value } if n == name => {
                Some((e.t_us, false, value.as_i64()?))
            }
            _ => None,
        })
        .collect();
    told.sort_by_key(|x| x.0);
    let mut now = 0;
    for (i, &(t_us, write, value)) in told.iter().enumerate() {
        if write {
            now = value;
            continue;
        }
        let same_us = told
            .iter()
            .any(|&(t2, w2, v2)| t2 == t_us && w2 && v2 == value);
        assert!(
            value == now || same_us,
            "{name}: read {value} at {t_us} µs (#{i}) after the write of {now}"
        );
    }
}

fn values(method: &str) {
    let path = program("shared_values.py");
    let t = run(&path, &[method], &[], None, LIMIT);
    let (out, _, code) = plain(&path, &[method]);
    assert_eq!(t.code, Some(code), "{method}: {}", t.stderr);
    assert_eq!(t.stdout, out, "{method}: prints as without the module");
    let n = tally(&t);
    let get = |ev: &str, name: &str, actor: &str| {
        n.get(&(ev.to_string(), name.to_string(), actor.to_string()))
            .copied()
            .unwrap_or(0)
    };
    for (name, workers) in [
        ("counter", ["Process-1", "Process-2"]),
        ("safe", ["Process-3", "Process-4"]),
    ] {
        for w in workers {
            assert_eq!(get("value_read", name, w), 50, "{method} {name} {w}: {n:?}");
            assert_eq!(get("value", name, w), 50, "{method} {name} {w}");
        }
        assert_eq!(get("value_read", name, "MainProcess"), 1, "{method} {name}");
    }
    for w in ["Process-3", "Process-4"] {
        assert_eq!(get("lock_acquired", "safe.lock", w), 50, "{method} {w}");
        assert_eq!(get("lock_released", "safe.lock", w), 50, "{method} {w}");
    }
    // The lock each access takes for itself is not told.
    assert!(
        !n.keys()
            .any(|(_, name, _)| name == "counter.lock" || name == "arr.lock"),
        "{method}: {n:?}"
    );
    reads_see_the_latest_write(&t, "counter");
    reads_see_the_latest_write(&t, "safe");
    let written: Vec<(String, serde_json::Value)> = t
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Value { name, value } if name.starts_with("arr[") => {
                Some((name.clone(), value.clone()))
            }
            _ => None,
        })
        .collect();
    let mut written = written;
    written.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        written,
        (0..3)
            .map(|i| (format!("arr[{i}]"), serde_json::json!(i * 10)))
            .collect::<Vec<_>>(),
        "{method}"
    );
}

#[test]
fn shared_values_fork() {
    if need_python() {
        values("fork");
    }
}

#[test]
fn shared_values_spawn() {
    if need_python() {
        values("spawn");
    }
}

//! Pool.imap, imap_unordered, starmap, map_async and starmap_async are told
//! as the pool's tasks (process pools with fork and spawn, and a ThreadPool).

use std::collections::BTreeMap;

use conlab::event::EventKind;

use super::run::{need_python, plain, program, run};
use super::LIMIT;

/// (how, [(arg, result)]) the program hands each method.
const WANT: [(&str, &[(i64, i64)]); 5] = [
    ("imap", &[(2, 4), (3, 9)]),
    ("imap_unordered", &[(4, 16), (5, 25)]),
    ("starmap", &[(1, 3), (3, 7)]),
    ("map_async", &[(6, 36), (7, 49)]),
    ("starmap_async", &[(5, 11)]),
];

fn maps(how: &str) {
    let path = program("pool_maps.py");
    let t = run(&path, &[how], &[], None, LIMIT);
    let (out, _, code) = plain(&path, &[how]);
    assert_eq!(t.code, Some(code), "{how}: {}", t.stderr);
    assert_eq!(t.stdout, out, "{how}: prints as without the module");
    // task -> (how, arg) as submitted by the learner's process.
    let mut submitted: BTreeMap<u32, (String, Option<i64>)> = BTreeMap::new();
    let mut started = BTreeMap::new();
    let mut results = BTreeMap::new();
    let mut callbacks = vec![];
    for e in &t.events {
        match &e.kind {
            EventKind::TaskSubmitted { task, arg, how, .. } => {
                assert_eq!(e.actor, "MainProcess", "{how}");
                submitted.insert(*task, (how.clone(), *arg));
            }
            EventKind::TaskStarted { task, arg, .. } => {
                assert_ne!(e.actor, "MainProcess", "{how}: a worker runs it");
                started.insert(*task, *arg);
            }
            EventKind::TaskResult { task, result, .. } => {
                results.insert(*task, *result);
            }
            EventKind::Callback { task, .. } => callbacks.push(*task),
            _ => {}
        }
    }
    for (method, pairs) in WANT {
        let tasks: Vec<u32> = submitted
            .iter()
            .filter(|(_, (h, _))| h == method)
            .map(|(t, _)| *t)
            .collect();
        assert_eq!(tasks.len(), pairs.len(), "{how} {method}: {submitted:?}");
        for (task, (arg, result)) in tasks.iter().zip(pairs.iter()) {
            assert_eq!(submitted[task].1, Some(*arg), "{how} {method} task {task}");
            assert_eq!(started.get(task), Some(&Some(*arg)), "{how} {method}");
            assert_eq!(results.get(task), Some(&Some(*result)), "{how} {method}");
        }
        if method == "map_async" {
            assert_eq!(
                callbacks,
                vec![tasks[0]],
                "{how}: one callback, the batch's"
            );
        }
    }
}

#[test]
fn pool_maps_fork() {
    if need_python() {
        maps("fork");
    }
}

#[test]
fn pool_maps_spawn() {
    if need_python() {
        maps("spawn");
    }
}

#[test]
fn pool_maps_thread_pool() {
    if need_python() {
        maps("thread");
    }
}

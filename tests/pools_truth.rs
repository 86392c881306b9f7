//! Pools as Python's: who runs a callback (a ThreadPoolExecutor's finishing
//! worker, Pool's and ProcessPoolExecutor's result thread), whether get() or
//! result() returns before or after the callback, Pool.map's chunks, and a
//! finished result answering without a poll interval.

mod common;

use std::collections::BTreeMap;

use common::{conlab, headless, Run};
use conlab::event::{Event, EventKind};

fn by_time(run: &Run) -> Vec<&Event> {
    let mut v: Vec<&Event> = run.events.iter().collect();
    v.sort_by_key(|e| e.t_us);
    v
}

/// (actor, pid, tid) of the worker that finished each task.
fn finishers(run: &Run) -> BTreeMap<u32, (String, i32, Option<i32>)> {
    run.events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::TaskFinished { task, .. } => Some((*task, (e.actor.clone(), e.pid, e.tid))),
            _ => None,
        })
        .collect()
}

#[test]
fn a_thread_executor_calls_back_on_the_worker_that_finished_the_task() {
    for seed in ["1", "2"] {
        let run = headless(
            "executor",
            &["--variant", "threads", "--seed", seed, "--speed", "4"],
        );
        run.assert_ok();
        let done = finishers(&run);
        let mut called = 0;
        for e in &run.events {
            if let EventKind::Callback { task, .. } = &e.kind {
                called += 1;
                let (actor, pid, tid) = &done[task];
                assert_eq!(&e.actor, actor, "task {task}: called back by its worker");
                assert_eq!((e.pid, e.tid), (*pid, *tid), "task {task}: same thread");
                assert!(tid.is_some(), "a worker thread");
            }
        }
        assert_eq!(called, done.len(), "one callback per future");
        assert!(
            run.of("pool-results").next().is_none(),
            "ThreadPoolExecutor has no result thread"
        );
    }
}

#[test]
fn a_process_executor_calls_back_in_main_on_its_management_thread() {
    let run = headless("executor", &["--variant", "processes", "--speed", "4"]);
    run.assert_ok();
    let main = run.pid_of("main");
    let workers: Vec<i32> = finishers(&run).values().map(|w| w.1).collect();
    let callbacks: Vec<&Event> = run
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Callback { .. }))
        .collect();
    assert_eq!(callbacks.len(), workers.len());
    for e in callbacks {
        assert_eq!(e.actor, "pool-results");
        assert_eq!(e.pid, main, "in the submitting process");
        assert!(!workers.contains(&e.pid), "not in a worker");
    }
}

/// For every result()/get() of main whose task's callback was told before the
/// wait began (so the result was set), how long main's wait took, in µs;
/// waits during which another task finished are left out (that wakes main too).
fn waits_on_finished(run: &Run) -> Vec<u64> {
    let mut called_back: BTreeMap<u32, u64> = BTreeMap::new();
    let mut waiting_since = None;
    let mut out = Vec::new();
    for e in by_time(run) {
        match &e.kind {
            EventKind::Callback { task, .. } => {
                called_back.insert(*task, e.t_us);
            }
            EventKind::TaskFinished { .. } => waiting_since = None,
            EventKind::Step { op, .. } if e.actor == "main" && op == "result" => {
                waiting_since = Some(e.t_us);
            }
            EventKind::TaskResult { task, .. } if e.actor == "main" => {
                if let Some(since) = waiting_since.take() {
                    if called_back.get(task).is_some_and(|t| *t < since) {
                        out.push(e.t_us - since);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn a_finished_future_answers_without_a_poll_interval() {
    // Six workers for six futures: every task starts at once, so all but the
    // slowest have finished by the time main asks for them in turn.
    let mut waits = Vec::new();
    for variant in ["threads", "processes"] {
        let run = headless(
            "executor",
            &["--variant", variant, "--set", "workers=6", "--seed", "3"],
        );
        run.assert_ok();
        waits.extend(waits_on_finished(&run));
    }
    assert!(!waits.is_empty(), "some futures were done before result()");
    // A poll interval made every such wait at least 25 ms; the fastest of
    // them is now the time to take a lock, whatever the load.
    let fastest = *waits.iter().min().unwrap();
    assert!(fastest < 20_000, "fastest wait {fastest} µs: {waits:?}");
}

/// Each worker's tasks in the order it started them.
fn runs_per_worker(run: &Run) -> (Vec<u32>, BTreeMap<String, Vec<u32>>) {
    let mut order = Vec::new();
    let mut per: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for e in by_time(run) {
        if let EventKind::TaskStarted { task, .. } = &e.kind {
            order.push(*task);
            per.entry(e.actor.clone()).or_default().push(*task);
        }
    }
    (order, per)
}

#[test]
fn pool_map_hands_each_worker_whole_chunks() {
    // (workers, tasks, chunksize = ceil(tasks / (4 * workers)))
    for (size, tasks, chunk) in [(2, 10, 2), (1, 7, 2), (2, 20, 3)] {
        let (s, t) = (format!("size={size}"), format!("tasks={tasks}"));
        let run = headless(
            "pool",
            &["--variant", "map", "--set", &s, "--set", &t, "--speed", "2"],
        );
        run.assert_ok();
        let (order, per) = runs_per_worker(&run);
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, (0..tasks).collect::<Vec<u32>>(), "each task once");
        for (worker, got) in &per {
            // A worker's tasks come chunk by chunk: a chunk's start, then the
            // rest of that chunk in a row.
            let mut i = 0;
            while i < got.len() {
                let first = got[i];
                assert_eq!(
                    first % chunk,
                    0,
                    "{worker} {got:?}: a chunk starts at a multiple of {chunk}"
                );
                let len = chunk.min(tasks - first) as usize;
                let want: Vec<u32> = (first..first + len as u32).collect();
                assert_eq!(got[i..i + len], want[..], "{worker} {got:?}: chunk {first}");
                i += len;
            }
        }
        let main_results: Vec<u32> = run
            .of("main")
            .filter_map(|e| match &e.kind {
                EventKind::TaskResult { task, .. } => Some(*task),
                _ => None,
            })
            .collect();
        assert_eq!(main_results, (0..tasks).collect::<Vec<u32>>(), "in order");
    }
}

fn callbacks_test_run(variant: &str) -> Run {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pool_callbacks.toml");
    let f = conlab(
        &["run", path, "--variant", variant, "--headless"],
        std::time::Duration::from_secs(60),
    );
    let events = f
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    Run {
        code: f.code,
        stderr: f.stderr,
        events,
    }
}

#[test]
fn pool_get_returns_after_the_callback_and_executor_result_before_it() {
    // (variant, who calls back, main's result comes after the callback's end)
    let cases = [
        ("pool-processes", "pool-results", true),
        ("pool-threads", "pool-results", true),
        ("executor-processes", "pool-results", false),
        ("executor-threads", "pool-w", false),
    ];
    for (variant, caller, after) in cases {
        let run = callbacks_test_run(variant);
        run.assert_ok();
        let cb = run
            .find(|e| matches!(e.kind, EventKind::Callback { .. }))
            .expect("a callback")
            .1;
        assert!(
            cb.actor.starts_with(caller),
            "{variant}: {} called back",
            cb.actor
        );
        let callback_end = run.t(
            &cb.actor,
            |k| matches!(k, EventKind::Print { text } if text.starts_with("callback done")),
        );
        let got = run.t("main", |k| matches!(k, EventKind::TaskResult { .. }));
        // The callback sleeps 300 ms between its start and its print.
        assert_eq!(
            got > callback_end,
            after,
            "{variant}: result at {got}, callback ended {callback_end}"
        );
    }
}

/// For each worker actor of `pool`, in spawn order: how many tasks had been
/// submitted when it was spawned, and whether it was a daemon.
fn worker_spawns(run: &Run, pool: &str) -> Vec<(String, usize, bool)> {
    let prefix = format!("{pool}-");
    let mut submitted = 0;
    let mut out = Vec::new();
    for e in by_time(run) {
        match &e.kind {
            EventKind::TaskSubmitted { .. } => submitted += 1,
            EventKind::Spawned { daemon, .. } if e.actor.starts_with(&prefix) => {
                out.push((e.actor.clone(), submitted, *daemon));
            }
            _ => {}
        }
    }
    out
}

#[test]
fn a_thread_executor_starts_a_worker_per_submit_and_not_as_daemons() {
    let run = headless("executor", &["--variant", "threads", "--speed", "4"]);
    run.assert_ok();
    let spawns = worker_spawns(&run, "pool");
    let names: Vec<&str> = spawns.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(names, ["pool-w0", "pool-w1", "pool-w2"], "{spawns:?}");
    for (k, (name, submitted, daemon)) in spawns.iter().enumerate() {
        // Tasks sleep, so no worker is idle yet: submit k+1 starts worker k.
        assert_eq!(*submitted, k + 1, "{name} started by submit {}", k + 1);
        assert!(
            !daemon,
            "{name}: ThreadPoolExecutor's threads are not daemons"
        );
    }
}

#[test]
fn a_process_executor_forks_its_workers_at_the_first_submit() {
    let run = headless("executor", &["--variant", "processes", "--speed", "4"]);
    run.assert_ok();
    let spawns = worker_spawns(&run, "pool");
    assert_eq!(
        spawns.len(),
        4,
        "3 workers and the management thread: {spawns:?}"
    );
    for (name, submitted, daemon) in &spawns {
        assert_eq!(
            *submitted, 1,
            "{name}: started by the first submit, not before"
        );
        assert!(!daemon, "{name}: an executor's workers are not daemons");
    }
}

#[test]
fn a_pool_starts_its_daemon_workers_when_it_is_made() {
    let run = headless("pool", &["--speed", "4"]);
    run.assert_ok();
    let spawns = worker_spawns(&run, "pool");
    assert!(spawns.len() >= 2, "{spawns:?}");
    for (name, submitted, daemon) in &spawns {
        assert_eq!(*submitted, 0, "{name}: Pool() starts its workers at once");
        assert!(daemon, "{name}: Pool's workers are daemons");
    }
}

//! Queues, pipes and pools, run headless on real processes and threads and
//! checked on their invariants: capacity never exceeded, every item delivered
//! once, end-of-file seen, a few pids serving many tasks, one callback per task.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{headless, Run};
use conlab::event::{Event, EventKind, QueueSide};

/// Events sorted by time: different processes reach the log by different sockets.
fn by_time(run: &Run) -> Vec<&Event> {
    let mut v: Vec<&Event> = run.events.iter().collect();
    v.sort_by_key(|e| e.t_us);
    v
}

/// How many times each (producer, item) was seen.
type Tally = BTreeMap<(String, Option<i64>), u32>;

/// (from, item) of every put and every get, as multisets.
fn deliveries(run: &Run) -> (Tally, Tally) {
    let (mut put, mut got) = (BTreeMap::new(), BTreeMap::new());
    for e in &run.events {
        match &e.kind {
            EventKind::QueuePut { item, .. } => {
                *put.entry((e.actor.clone(), *item)).or_insert(0) += 1
            }
            EventKind::QueueGet { item, from, .. } => {
                *got.entry((from.clone(), *item)).or_insert(0) += 1
            }
            _ => {}
        }
    }
    (put, got)
}

/// No queue event ever reports more items than the capacity.
fn assert_never_over_capacity(run: &Run) {
    for e in &run.events {
        let (len, cap) = match &e.kind {
            EventKind::QueuePut { len, cap, .. }
            | EventKind::QueueGet { len, cap, .. }
            | EventKind::QueueWait { len, cap, .. } => (*len, *cap),
            _ => continue,
        };
        assert!(cap == 0 || len <= cap, "len {len} above cap {cap}: {e:?}");
    }
}

fn errors(run: &Run) -> Vec<String> {
    run.events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Error { text } => Some(format!("{}: {text}", e.actor)),
            _ => None,
        })
        .collect()
}

fn count(run: &Run, pred: impl Fn(&EventKind) -> bool) -> usize {
    run.events.iter().filter(|e| pred(&e.kind)).count()
}

#[test]
fn producer_consumer_delivers_every_item_exactly_once_in_every_variant() {
    for variant in ["sentinel", "joinable", "bounded"] {
        let run = headless("producer-consumer", &["--variant", variant, "--speed", "4"]);
        run.assert_ok();
        assert!(errors(&run).is_empty(), "{variant}: {:?}", errors(&run));
        assert_never_over_capacity(&run);
        let (put, got) = deliveries(&run);
        assert!(put.len() >= 4, "{variant}: items were produced");
        assert_eq!(put, got, "{variant}: every item put is taken exactly once");
        let waited_full = count(&run, |k| {
            matches!(
                k,
                EventKind::QueueWait {
                    side: QueueSide::Full,
                    ..
                }
            )
        });
        if variant == "bounded" {
            assert!(
                waited_full > 0,
                "bounded: a producer blocks on the full queue"
            );
        }
        if variant == "joinable" {
            assert_eq!(
                count(&run, |k| matches!(k, EventKind::QueueJoined { .. })),
                1
            );
            let killed = count(
                &run,
                |k| matches!(k, EventKind::Exited { signal: Some(s), .. } if s == "SIGTERM"),
            );
            assert!(killed >= 2, "joinable: the daemon consumers end with main");
        }
    }
}

#[test]
fn queue_basics_full_loses_the_item_and_empty_raises() {
    let run = headless("queue-basics", &["--speed", "4"]);
    run.assert_ok();
    assert_never_over_capacity(&run);
    let lost: Vec<Option<i64>> = run
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::QueueFull { item, .. } => Some(*item),
            _ => None,
        })
        .collect();
    assert!(!lost.is_empty(), "put_nowait on a full queue raises Full");
    // A lost item was never put: whatever was put came out, and only that.
    let (put, got) = deliveries(&run);
    assert_eq!(put, got, "everything that went in came out");
    assert!(count(&run, |k| matches!(k, EventKind::QueueEmpty { .. })) > 0);
}

#[test]
fn the_pipe_reader_gets_every_item_then_end_of_file() {
    let run = headless("pipe", &["--speed", "4"]);
    run.assert_ok();
    let events = by_time(&run);
    let sent: Vec<Option<i64>> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::PipeSend { item, .. } => Some(*item),
            _ => None,
        })
        .collect();
    let received: Vec<Option<i64>> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::PipeRecv { item, .. } => Some(*item),
            _ => None,
        })
        .collect();
    assert!(!sent.is_empty());
    assert_eq!(sent, received, "a pipe keeps order and loses nothing");
    let eof = events
        .iter()
        .position(|e| matches!(e.kind, EventKind::PipeEof { .. }))
        .expect("the reader sees end-of-file");
    let last_recv = events
        .iter()
        .rposition(|e| matches!(e.kind, EventKind::PipeRecv { .. }))
        .unwrap();
    assert!(eof > last_recv, "end-of-file comes after the last item");

    let forgot = headless("pipe", &["--variant", "forgot-close", "--speed", "4"]);
    assert_eq!(forgot.code, 0, "{}", forgot.stderr);
    assert_eq!(
        count(&forgot, |k| matches!(k, EventKind::PipeEof { .. })),
        0,
        "with a copy of the writing end still open, end-of-file never comes"
    );
}

/// The items each queue handed out, in order.
fn gets_per_queue(run: &Run) -> BTreeMap<String, Vec<Option<i64>>> {
    let mut out: BTreeMap<String, Vec<Option<i64>>> = BTreeMap::new();
    for e in by_time(run) {
        if let EventKind::QueueGet { queue, item, .. } = &e.kind {
            out.entry(queue.clone()).or_default().push(*item);
        }
    }
    out
}

fn puts_per_queue(run: &Run) -> BTreeMap<String, Vec<Option<i64>>> {
    let mut out: BTreeMap<String, Vec<Option<i64>>> = BTreeMap::new();
    for e in by_time(run) {
        if let EventKind::QueuePut { queue, item, .. } = &e.kind {
            out.entry(queue.clone()).or_default().push(*item);
        }
    }
    out
}

#[test]
fn thread_queues_hand_items_out_fifo_lifo_and_by_priority() {
    let run = headless("thread-queues", &["--speed", "4"]);
    run.assert_ok();
    let plan_orders: BTreeMap<String, String> = conlab::scenario::load("thread-queues")
        .unwrap()
        .plan(None, &[])
        .unwrap()
        .queues
        .iter()
        .map(|q| (q.name.clone(), format!("{:?}", q.order)))
        .collect();
    let (puts, gets) = (puts_per_queue(&run), gets_per_queue(&run));
    assert_eq!(plan_orders.len(), 3, "three queues: {plan_orders:?}");
    for (queue, order) in &plan_orders {
        let put = puts[queue].clone();
        let expected: Vec<Option<i64>> = match order.as_str() {
            "Fifo" => put.clone(),
            "Lifo" => put.iter().rev().copied().collect(),
            _ => {
                let mut p = put.clone();
                p.sort();
                p
            }
        };
        assert_eq!(gets[queue], expected, "{queue} ({order}) order");
        assert_ne!(
            put,
            put.iter().rev().copied().collect::<Vec<_>>(),
            "the items are not a palindrome"
        );
    }
}

/// Pids of the processes that ran each task, and the tasks' (start, end) times.
fn task_runs(run: &Run) -> (BTreeSet<i32>, Vec<(u64, u64)>) {
    let mut pids = BTreeSet::new();
    let mut started = BTreeMap::new();
    let mut spans = Vec::new();
    for e in by_time(run) {
        match &e.kind {
            EventKind::TaskStarted { task, .. } => {
                pids.insert(e.pid);
                started.insert(*task, e.t_us);
            }
            EventKind::TaskFinished { task, .. } => {
                spans.push((started[task], e.t_us));
            }
            _ => {}
        }
    }
    (pids, spans)
}

fn pool_size(run: &Run) -> u32 {
    run.events
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::PoolCreated { size, .. } => Some(*size),
            _ => None,
        })
        .expect("pool_created")
}

fn overlapping(spans: &[(u64, u64)]) -> bool {
    spans
        .iter()
        .enumerate()
        .any(|(i, a)| spans[i + 1..].iter().any(|b| a.0 < b.1 && b.0 < a.1))
}

#[test]
fn a_pool_serves_many_tasks_with_as_many_pids_as_its_size() {
    for variant in ["apply", "apply_async", "map"] {
        let run = headless(
            "pool",
            &["--variant", variant, "--set", "size=3", "--speed", "4"],
        );
        run.assert_ok();
        assert!(errors(&run).is_empty(), "{variant}: {:?}", errors(&run));
        let (pids, spans) = task_runs(&run);
        assert_eq!(pool_size(&run), 3);
        assert!(spans.len() > 3, "{variant}: more tasks than workers");
        let main = run.pid_of("main");
        assert!(
            !pids.contains(&main),
            "tasks run in the workers, not in main"
        );
        match variant {
            "apply" => {
                assert!(pids.len() <= 3, "apply: at most the pool's pids");
                assert!(
                    !overlapping(&spans),
                    "apply waits for each task: no two overlap"
                );
            }
            _ => {
                assert_eq!(
                    pids.len(),
                    3,
                    "{variant}: every worker pid serves tasks, no more"
                );
                assert!(overlapping(&spans), "{variant}: tasks run at the same time");
            }
        }
        if variant == "map" {
            let order: Vec<u32> = run
                .of("main")
                .filter_map(|e| match &e.kind {
                    EventKind::TaskResult { task, .. } => Some(*task),
                    _ => None,
                })
                .collect();
            let mut sorted = order.clone();
            sorted.sort();
            assert_eq!(order, sorted, "map hands results back in order");
        }
    }
}

/// Task numbers of callbacks in the order they ran, and of completions by time.
fn callbacks_and_completions(run: &Run) -> (Vec<u32>, Vec<(u64, u32)>) {
    let events = by_time(run);
    let callbacks = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Callback { task, .. } => Some(*task),
            _ => None,
        })
        .collect();
    let finished = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::TaskFinished { task, .. } => Some((e.t_us, *task)),
            _ => None,
        })
        .collect();
    (callbacks, finished)
}

#[test]
fn callbacks_run_once_per_task_in_completion_order_in_the_submitting_process() {
    for seed in ["1", "2", "3"] {
        let run = headless("callback", &["--seed", seed, "--speed", "2"]);
        run.assert_ok();
        let (callbacks, finished) = callbacks_and_completions(&run);
        let submitted = count(&run, |k| matches!(k, EventKind::TaskSubmitted { .. }));
        assert_eq!(callbacks.len(), submitted, "one callback per task");
        let distinct: BTreeSet<u32> = callbacks.iter().copied().collect();
        assert_eq!(distinct.len(), submitted, "no task called back twice");
        // Completion order, except for tasks that ended within 2 ms of each other.
        for pair in finished.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if b.0 - a.0 > 2_000 {
                let pa = callbacks.iter().position(|t| *t == a.1).unwrap();
                let pb = callbacks.iter().position(|t| *t == b.1).unwrap();
                assert!(
                    pa < pb,
                    "seed {seed}: task {} finished before {} but was called back later",
                    a.1,
                    b.1
                );
            }
        }
        let main = run.pid_of("main");
        for e in run
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Callback { .. }))
        {
            assert_eq!(e.pid, main, "callbacks run in the submitting process");
            assert!(e.tid.is_some(), "on its result thread");
        }
    }
}

#[test]
fn the_executor_calls_back_each_future_with_processes_and_threads() {
    for variant in ["processes", "threads"] {
        let run = headless("executor", &["--variant", variant, "--speed", "4"]);
        run.assert_ok();
        assert!(errors(&run).is_empty(), "{variant}: {:?}", errors(&run));
        let submitted = count(&run, |k| matches!(k, EventKind::TaskSubmitted { .. }));
        let (callbacks, _) = callbacks_and_completions(&run);
        assert!(submitted > 0);
        assert_eq!(
            callbacks.len(),
            submitted,
            "{variant}: a callback per future"
        );
        let (pids, _) = task_runs(&run);
        let main = run.pid_of("main");
        if variant == "threads" {
            assert_eq!(
                pids,
                BTreeSet::from([main]),
                "thread workers share main's pid"
            );
        } else {
            assert!(!pids.contains(&main), "process workers have their own pids");
        }
    }
}

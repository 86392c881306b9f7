//! Coroutine actors: tasks that their parent's one OS thread runs on an event
//! loop, switching only where they await a sleep.

mod common;

use common::{headless, Run};
use conlab::event::{Event, EventKind};

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/coroutines_loop.toml");

fn is_task(e: &Event) -> bool {
    e.actor.starts_with("task")
}

fn first(run: &Run, actor: &str, want: fn(&EventKind) -> bool) -> u64 {
    let e = run
        .events
        .iter()
        .find(|e| e.actor == actor && want(&e.kind));
    e.unwrap_or_else(|| panic!("no such event of {actor}")).t_us
}

fn started(k: &EventKind) -> bool {
    matches!(k, EventKind::Started {})
}

fn exited(k: &EventKind) -> bool {
    matches!(k, EventKind::Exited { .. })
}

/// From the first task's start to the last task's end, in seconds.
fn span_of_tasks(run: &Run) -> f64 {
    let names: Vec<String> = (0..5).map(|i| format!("task{i}")).collect();
    let begin = names.iter().map(|n| first(run, n, started)).min().unwrap();
    let end = names.iter().map(|n| first(run, n, exited)).max().unwrap();
    (end - begin) as f64 / 1e6
}

/// The thread id of every event the tasks told, and the loop thread's.
fn tids(run: &Run) -> (Vec<Option<i32>>, Option<i32>) {
    let tasks = run.events.iter().filter(|e| is_task(e)).map(|e| e.tid);
    let looper = run
        .events
        .iter()
        .find(|e| e.actor == "looper" && started(&e.kind));
    (tasks.collect(), looper.and_then(|e| e.tid))
}

#[test]
fn five_tasks_awaiting_overlap_on_their_parents_one_thread() {
    let run = headless(FILE, &["--variant", "await"]);
    run.assert_ok();
    let took = span_of_tasks(&run);
    // Five waits of 0.2 s one after another would take 1 s.
    assert!(
        took < 0.6,
        "the tasks took {took:.2}s: they did not overlap"
    );
    let (tids, looper) = tids(&run);
    assert!(looper.is_some(), "the loop thread tells its tid");
    assert!(tids.len() >= 5 * 6, "each task tells spawned..reaped");
    assert!(
        tids.iter().all(|t| *t == looper),
        "one tid: {tids:?} vs {looper:?}"
    );
    let pid = run.events.iter().find(|e| e.actor == "main").unwrap().pid;
    assert!(run
        .events
        .iter()
        .filter(|e| is_task(e))
        .all(|e| e.pid == pid));
    assert_ne!(
        looper,
        Some(pid),
        "the loop runs on the thread actor, not main's"
    );
}

/// A task gives the thread away only where it awaits: between two events of
/// different tasks, the earlier task's last event is its sleep step, its end,
/// or its collection by the parent.
#[test]
fn a_task_gives_the_thread_away_only_where_it_awaits() {
    let run = headless(FILE, &["--variant", "await"]);
    run.assert_ok();
    let mut order: Vec<&Event> = run.events.iter().filter(|e| is_task(e)).collect();
    order.sort_by_key(|e| e.t_us);
    let mut switches = 0;
    for pair in order.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.actor == b.actor {
            continue;
        }
        switches += 1;
        let yielded = match &a.kind {
            EventKind::Step { op, .. } => op == "sleep",
            EventKind::Spawned { .. } | EventKind::Exited { .. } | EventKind::Reaped { .. } => true,
            _ => false,
        };
        assert!(
            yielded,
            "{} gave the thread to {} after {:?}",
            a.actor, b.actor, a.kind
        );
    }
    assert!(switches >= 8, "only {switches} switches between five tasks");
}

#[test]
fn a_blocking_sleep_stops_every_task_of_the_loop() {
    let run = headless(FILE, &["--variant", "blocking"]);
    run.assert_ok();
    let took = span_of_tasks(&run);
    assert!(took >= 0.95, "five blocking 0.2 s sleeps took {took:.2}s");
    // Each task starts only once the one before it has ended.
    for i in 1..5 {
        let before = first(&run, &format!("task{}", i - 1), exited);
        let now = first(&run, &format!("task{i}"), started);
        assert!(
            before <= now,
            "task{i} started while task{} held the loop",
            i - 1
        );
    }
    let (tids, looper) = tids(&run);
    assert!(tids.iter().all(|t| *t == looper));
}

#[test]
fn loops_survive_awaits_and_a_task_never_awaited_is_cancelled() {
    let run = headless(FILE, &["--variant", "await"]);
    run.assert_ok();
    let prints: Vec<&str> = (run.events.iter())
        .filter_map(|e| match &e.kind {
            EventKind::Print { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let counter: Vec<&&str> = prints.iter().filter(|p| p.starts_with("counter")).collect();
    assert_eq!(
        counter,
        [
            "counter 1",
            "counter 2",
            "counter 3",
            "counter stopped at 4"
        ]
        .iter()
        .collect::<Vec<_>>()
    );
    assert!(!prints.contains(&"late never prints this"));
    let late: Vec<&EventKind> = (run.events.iter())
        .filter(|e| e.actor == "late")
        .map(|e| &e.kind)
        .collect();
    assert!(
        late.iter().any(
            |k| matches!(k, EventKind::Exited { cause: Some(c), .. } if c.contains("cancelled"))
        ),
        "{late:?}"
    );
    assert!(late
        .iter()
        .any(|k| matches!(k, EventKind::Reaped { by } if by == "looper")));
    // The looper ends at once: the cancelled task's 5 s sleep is not waited for.
    let end = first(&run, "looper", exited);
    let begin = first(&run, "looper", started);
    assert!(
        (end - begin) < 2_000_000,
        "the looper waited for a task it never awaited"
    );
}

//! asyncio in a learner's program: each Task is a `coroutine` actor on the
//! loop's one thread, its awaits are steps at the learner's line, and
//! asyncio's Lock, Event and Queue are told as threading's are. The program
//! prints what it prints without the module (the loop's order is unchanged).

#[path = "aio_more.rs"]
mod more;

use conlab::event::{Activity, ActorKind, Event, EventKind, QueueSide};

use super::run::{need_python, plain, program, run, Traced};
use super::LIMIT;

/// Run one program traced and plain: same stdout, stderr and exit code.
pub(super) fn traced(file: &str) -> Traced {
    let path = program(file);
    let t = run(&path, &[], &[], None, LIMIT);
    let (out, err, code) = plain(&path, &[]);
    assert_eq!(
        t.code,
        Some(code),
        "{file}: exit code; stderr: {}",
        t.stderr
    );
    assert_eq!(t.stdout, out, "{file}: stdout differs");
    assert_eq!(t.stderr, err, "{file}: stderr differs");
    t
}

/// The coroutine actors in the order they were spawned, with their parents.
pub(super) fn tasks(t: &Traced) -> Vec<(String, String)> {
    t.events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Spawned {
                kind: ActorKind::Coroutine,
                parent: Some(p),
                ..
            } => Some((e.actor.clone(), p.clone())),
            _ => None,
        })
        .collect()
}

/// Every event of every task carries the tid of the one thread running the
/// loop: here the main thread, whose tid is the process's pid.
pub(super) fn one_thread(t: &Traced, names: &[(String, String)]) {
    let main_pid = t.of("MainProcess").next().expect("MainProcess tells").pid;
    for (name, _) in names {
        for e in t.of(name) {
            assert_eq!(e.tid, Some(main_pid), "{name}: {e:?}");
            assert_eq!(e.pid, main_pid, "{name}: {e:?}");
        }
    }
}

/// (actor, op, line) of the steps of the given op.
pub(super) fn steps<'a>(t: &'a Traced, want: &str) -> Vec<(&'a str, Option<u32>, Activity)> {
    t.events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Step {
                op, line, activity, ..
            } if op == want => Some((e.actor.as_str(), *line, *activity)),
            _ => None,
        })
        .collect()
}

fn lifecycle(t: &Traced, actor: &str) -> Vec<&'static str> {
    super::run::names(t, actor)
        .into_iter()
        .filter(|n| matches!(*n, "spawned" | "started" | "exited" | "reaped"))
        .collect()
}

#[test]
fn sleepers_take_turns_on_one_thread_and_the_shortest_sleep_wakes_first() {
    if !need_python() {
        return;
    }
    let t = traced("async_sleepers.py");
    let names = tasks(&t);
    let expect = [
        ("main", "MainProcess"),
        ("sleeper", "main"),
        ("sleeper #2", "main"),
        ("sleeper #3", "main"),
    ];
    let got: Vec<(&str, &str)> = names
        .iter()
        .map(|(a, p)| (a.as_str(), p.as_str()))
        .collect();
    assert_eq!(got, expect);
    one_thread(&t, &names);
    for (name, _) in &names {
        assert_eq!(
            lifecycle(&t, name),
            ["spawned", "started", "exited", "reaped"]
        );
    }
    // Each sleeper awaits once at line 8, sleeping, and resumes there.
    let sleeps = steps(&t, "sleep");
    assert_eq!(sleeps.len(), 3, "{sleeps:?}");
    assert!(sleeps
        .iter()
        .all(|s| s.1 == Some(8) && s.2 == Activity::Sleeping));
    // They sleep at the same time: all three are asleep before one resumes.
    let at = |name: &str, op: &str| {
        t.events
            .iter()
            .position(|e| {
                matches!(&e.kind, EventKind::Step { op: o, .. } if o == op) && e.actor == name
            })
            .unwrap()
    };
    assert!(["sleeper", "sleeper #2", "sleeper #3"]
        .iter()
        .all(|s| at(s, "sleep") < at("sleeper #2", "resume")));
    // 0.1 s (the 2nd) resumes before 0.2 s (the 3rd) before 0.3 s (the 1st),
    // then main, whose gather they end.
    let resumed: Vec<&str> = steps(&t, "resume").iter().map(|s| s.0).collect();
    assert_eq!(resumed, ["sleeper #2", "sleeper #3", "sleeper", "main"]);
    assert_eq!(
        t.prints("sleeper #2"),
        ["fast: sleeps 0.1 s on MainThread", "fast: woke up"]
    );
    // main waits at gather (line 14) while they sleep; asyncio.run is at 22.
    assert!(steps(&t, "join").contains(&("main", Some(14), Activity::Waiting)));
    assert!(steps(&t, "run_loop").contains(&("MainProcess", Some(22), Activity::Waiting)));
    let reaped_by: Vec<&str> = t
        .kinds("reaped")
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Reaped { by } => Some(by.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(reaped_by, ["main", "main", "main", "MainProcess"]);
    assert_eq!(t.prints("main"), ["main: results [0.3, 0.1, 0.2]"]);
}

#[test]
fn producer_and_consumer_over_an_asyncio_queue() {
    if !need_python() {
        return;
    }
    let t = traced("async_pc.py");
    let names = tasks(&t);
    let actors: Vec<&str> = names.iter().map(|(a, _)| a.as_str()).collect();
    // A task's name= names its actor; else its coroutine function does.
    assert_eq!(actors, ["main", "producer", "eater"]);
    one_thread(&t, &names);
    let puts: Vec<Option<i64>> = t
        .of("producer")
        .filter_map(|e| match &e.kind {
            EventKind::QueuePut {
                queue, item, cap, ..
            } if queue == "q" && *cap == 2 => Some(*item),
            _ => None,
        })
        .collect();
    assert_eq!(
        puts,
        [Some(0), Some(1), Some(2), Some(3), Some(4), Some(-1)]
    );
    let gets: Vec<(Option<i64>, &str)> = t
        .of("eater")
        .filter_map(|e| match &e.kind {
            EventKind::QueueGet { item, from, .. } => Some((*item, from.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(gets.len(), 6);
    assert!(gets.iter().all(|g| g.1 == "producer"), "{gets:?}");
    // The queue holds 2: the producer waits on a full queue, never on an empty one.
    let full = |e: &&Event| {
        matches!(
            e.kind,
            EventKind::QueueWait {
                side: QueueSide::Full,
                ..
            }
        )
    };
    assert!(t.of("producer").filter(full).count() >= 3);
    assert!(steps(&t, "get")
        .iter()
        .all(|s| s.0 == "eater" && s.1 == Some(15)));
    assert_eq!(t.prints("main"), ["main: total 10"]);
}

#[test]
fn two_tasks_take_turns_on_an_asyncio_lock_after_an_event() {
    if !need_python() {
        return;
    }
    let t = traced("async_lock.py");
    let names = tasks(&t);
    one_thread(&t, &names);
    let holders: Vec<&str> = t
        .kinds("lock_acquired")
        .iter()
        .map(|e| e.actor.as_str())
        .collect();
    assert_eq!(holders, ["ann", "bob", "ann", "bob"]);
    // bob waits for the lock ann holds across her await (and later ann for bob's).
    let waiters: Vec<&str> = t
        .kinds("lock_wait")
        .iter()
        .map(|e| e.actor.as_str())
        .collect();
    assert_eq!(waiters, ["bob", "ann", "bob"]);
    let first = |name: &str| t.events.iter().position(|e| e.kind.name() == name).unwrap();
    let set_at = t
        .events
        .iter()
        .position(|e| matches!(&e.kind, EventKind::EventSet { lock, set: true } if lock == "go"))
        .expect("main sets go");
    assert!(first("event_wait") < set_at && set_at < first("event_passed"));
    assert_eq!(t.kinds("event_wait").len(), 2);
    assert_eq!(t.prints("main"), ["order: ann bob ann bob"]);
}

#[test]
fn failed_cancelled_and_forgotten_tasks_end_as_python_says() {
    if !need_python() {
        return;
    }
    let t = traced("async_errors.py");
    // asyncio is patched when the program imports it, not before.
    assert_eq!(t.prints("MainProcess"), ["asyncio imported before: False"]);
    let exit = |actor: &str| {
        t.of(actor).find_map(|e| match &e.kind {
            EventKind::Exited { code, cause, .. } => Some((*code, cause.clone())),
            _ => None,
        })
    };
    assert_eq!(exit("fails"), Some((None, Some("ValueError".into()))));
    assert!(t
        .of("fails")
        .any(|e| matches!(&e.kind, EventKind::Error { text } if text == "ValueError: bad input")));
    assert_eq!(exit("forever"), Some((None, Some("cancelled".into()))));
    assert_eq!(exit("forgotten"), Some((Some(0), None)));
    // Nobody awaited `forgotten`: it is collected when asyncio.run ends.
    for name in ["fails", "forever", "forgotten", "main"] {
        assert_eq!(lifecycle(&t, name).last(), Some(&"reaped"), "{name}");
    }
}

//! asyncio over the network and hanging: an echo server with its clients,
//! and two tasks deadlocked on asyncio locks.

use conlab::event::{Activity, ActorKind, Event, EventKind};

use super::super::run::{need_python, program, run};
use super::super::LIMIT;
use super::{one_thread, steps, tasks, traced};

#[test]
fn an_asyncio_echo_server_and_its_clients_wait_at_their_stream_lines() {
    if !need_python() {
        return;
    }
    let t = traced("async_echo.py");
    let names = tasks(&t);
    one_thread(&t, &names);
    let parent = |actor: &str| names.iter().find(|n| n.0 == actor).map(|n| n.1.as_str());
    assert_eq!(parent("client"), Some("main"));
    assert_eq!(parent("client #2"), Some("main"));
    // The server's handlers are made by the loop's protocol callback, on the
    // thread (no task is running then).
    assert_eq!(parent("handle"), Some("MainProcess"));
    assert_eq!(parent("handle #2"), Some("MainProcess"));
    let recvs = steps(&t, "recv");
    for (actor, line) in [
        ("handle", 8),
        ("handle #2", 8),
        ("client", 18),
        ("client #2", 18),
    ] {
        assert!(
            recvs.contains(&(actor, Some(line), Activity::Waiting)),
            "{actor} reads at {line}: {recvs:?}"
        );
    }
    assert!(steps(&t, "connect")
        .iter()
        .any(|s| s.0 == "client" && s.1 == Some(15)));
    // The executor's thread is a thread actor, started by the task that used it.
    let worker = t.events.iter().find_map(|e| match &e.kind {
        EventKind::Spawned {
            kind: ActorKind::Thread,
            parent: Some(p),
            ..
        } => Some(p.as_str()),
        _ => None,
    });
    // (`asyncio_0` since 3.9, `ThreadPoolExecutor-0_0` before.)
    assert_eq!(worker, Some("main"));
    assert_eq!(
        t.prints("main"),
        ["answers: ['HELLO', 'WORLD']", "from a thread: 42"]
    );
}

#[test]
fn two_tasks_deadlock_on_asyncio_locks_each_holding_what_the_other_awaits() {
    if !need_python() {
        return;
    }
    let both_wait = |ev: &[Event]| ev.iter().filter(|e| e.kind.name() == "lock_wait").count() == 2;
    let t = run(
        &program("async_deadlock.py"),
        &[],
        &[],
        Some(&both_wait),
        LIMIT,
    );
    assert_eq!(t.code, None, "it never ends by itself");
    let held = |actor: &str| {
        t.of(actor).find_map(|e| match &e.kind {
            EventKind::LockAcquired { lock, .. } => Some(lock.clone()),
            _ => None,
        })
    };
    let awaits = |actor: &str| {
        t.of(actor).find_map(|e| match &e.kind {
            EventKind::LockWait { lock } => Some(lock.clone()),
            _ => None,
        })
    };
    assert_eq!(held("worker").as_deref(), Some("a"));
    assert_eq!(held("worker #2").as_deref(), Some("b"));
    assert_eq!(awaits("worker").as_deref(), Some("b"));
    assert_eq!(awaits("worker #2").as_deref(), Some("a"));
    // Both wait at the inner `async with` (line 9).
    let acquires = steps(&t, "acquire");
    assert!(acquires.contains(&("worker", Some(9), Activity::Blocked)));
    assert!(acquires.contains(&("worker #2", Some(9), Activity::Blocked)));
}

#[test]
fn odds_and_ends_of_asyncio_run_as_without_the_module() {
    if !need_python() {
        return;
    }
    let t = traced("async_odds.py");
    let names = tasks(&t);
    let got: Vec<(&str, &str)> = names
        .iter()
        .map(|(a, p)| (a.as_str(), p.as_str()))
        .collect();
    // `loop.run_until_complete(main())` makes main's task from the thread.
    assert_eq!(got, [("main", "MainProcess"), ("waiter", "main")]);
    one_thread(&t, &names);
    let exits: Vec<(&str, Option<i32>)> = t
        .kinds("exited")
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Exited { code, .. } if e.actor != "MainProcess" => {
                Some((e.actor.as_str(), *code))
            }
            _ => None,
        })
        .collect();
    assert_eq!(exits, [("waiter", Some(0)), ("main", Some(0))]);
    // The semaphore is told; the Condition's own lock (asyncio's) is not.
    let locks: Vec<String> = t
        .kinds("lock_acquired")
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::LockAcquired { lock, .. } => Some(lock.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(locks, ["sem"]);
    // wait_for's timeout ends in a resume at its line (36).
    assert!(steps(&t, "wait_for")
        .iter()
        .any(|s| s.0 == "main" && s.1 == Some(36)));
    assert!(steps(&t, "resume")
        .iter()
        .any(|s| s.0 == "main" && s.1 == Some(36)));
}

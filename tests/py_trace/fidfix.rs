//! What the event-for-event fidelity suite found (issue 18), one case of
//! tests/py/fidelity_faults.py each: every test fails without its fix.

use conlab::event::{Event, EventKind};

use super::run::{need_python, program, run, Traced};
use super::LIMIT;

fn case(name: &str) -> Traced {
    let t = run(&program("fidelity_faults.py"), &[name], &[], None, LIMIT);
    assert!(t.code.is_some(), "{name}: stopped; stderr: {}", t.stderr);
    t
}

fn exits<'a>(t: &'a Traced, actor: &'a str) -> Vec<&'a EventKind> {
    t.of(actor)
        .filter(|e| e.kind.name() == "exited")
        .map(|e| &e.kind)
        .collect()
}

fn code(n: i32) -> EventKind {
    EventKind::Exited {
        code: Some(n),
        signal: None,
        cause: None,
    }
}

fn index(t: &Traced, actor: &str, kind: &str) -> usize {
    let at = |e: &Event| e.actor == actor && e.kind.name() == kind;
    t.events
        .iter()
        .position(at)
        .unwrap_or_else(|| panic!("{actor}: no {kind} in {:?}", t.events))
}

#[test]
fn a_process_ending_with_os_exit_tells_its_exit_before_its_reaping() {
    if !need_python() {
        return;
    }
    let t = case("os_exit");
    assert_eq!(exits(&t, "quitter"), [&code(3)], "{:?}", t.events);
    assert!(index(&t, "quitter", "exited") < index(&t, "quitter", "reaped"));
}

#[test]
fn a_pools_result_thread_tells_its_exit_and_each_worker_exits_once() {
    if !need_python() {
        return;
    }
    let t = case("pool");
    assert_eq!(exits(&t, "pool-results"), [&code(0)], "{:?}", t.events);
    // Fifteen pools terminated while their workers end: never two exits.
    let t = case("pool_race");
    let workers: Vec<&str> = t
        .kinds("spawned")
        .iter()
        .map(|e| e.actor.as_str())
        .filter(|a| a.contains("PoolWorker"))
        .collect();
    assert_eq!(workers.len(), 30, "{:?}", t.events);
    for w in workers {
        assert_eq!(exits(&t, w).len(), 1, "{w}: {:?}", exits(&t, w));
    }
}

#[test]
fn a_daemon_terminated_at_exit_is_signalled_by_its_parent() {
    if !need_python() {
        return;
    }
    let t = case("daemon");
    let signalled = EventKind::Signalled {
        target: "watcher".into(),
        signal: "SIGTERM".into(),
        why: Some("daemon clean-up at exit".into()),
    };
    let told: Vec<_> = t
        .of("MainProcess")
        .filter(|e| e.kind == signalled)
        .collect();
    assert_eq!(told.len(), 1, "{:?}", t.events);
    assert!(index(&t, "MainProcess", "signalled") < index(&t, "watcher", "exited"));
}

#[test]
fn a_spawn_child_failing_in_its_bootstrapping_tells_exit_code_1() {
    if !need_python() {
        return;
    }
    let t = case("spawn_fail");
    assert_eq!(exits(&t, "booter"), [&code(1)], "{:?}", t.events);
    assert!(t.of("booter").any(|e| matches!(&e.kind,
        EventKind::Error { text } if text.starts_with("RuntimeError: An attempt"))));
    assert_eq!(t.prints("MainProcess"), ["exitcode 1"]);
}

/// The task's result is told by who called result(), never by the callback's.
fn results_told_by_main(name: &str) {
    let t = case(name);
    let told: Vec<&str> = t
        .kinds("task_result")
        .iter()
        .map(|e| e.actor.as_str())
        .collect();
    assert_eq!(told, ["MainProcess"], "{name}: {:?}", t.events);
    assert!(t.kinds("callback").len() == 1, "{name}: {:?}", t.events);
}

#[test]
fn an_executors_task_result_is_told_by_the_caller_of_result() {
    if !need_python() {
        return;
    }
    results_told_by_main("threads");
    results_told_by_main("executor");
}

#[test]
fn a_tuple_assignment_names_each_object() {
    if !need_python() {
        return;
    }
    let t = case("tuple");
    let locks: Vec<&str> = t
        .kinds("lock_acquired")
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::LockAcquired { lock, .. } => Some(lock.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(locks, ["A", "B"]);
}

#[test]
fn waiting_on_a_set_event_tells_the_wait_then_the_pass() {
    if !need_python() {
        return;
    }
    let t = case("event");
    let told: Vec<&str> = t
        .of("MainProcess")
        .map(|e| e.kind.name())
        .filter(|k| k.starts_with("event_"))
        .collect();
    assert_eq!(told, ["event_set", "event_wait", "event_passed"]);
}

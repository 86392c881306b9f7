//! Turns in a learner's Python program (gate_python): waits told only as a
//! step, and asyncio tasks that cannot move while their thread is held.

use super::super::gate_waits::tests::{born, ev, held, waits_of};
use super::super::gate_waits::Phase;
use crate::event::{Activity, ActorKind, EventKind};

#[test]
fn a_python_socket_wait_is_a_wait_a_scenario_one_is_not() {
    for python in [true, false] {
        let mut w = waits_of(python);
        born(&mut w, "server");
        let wait = EventKind::SockWait {
            sock: "srv".into(),
            op: "accept".into(),
        };
        w.note(&ev("server", wait));
        let want = if python {
            Phase::Waiting("sock:srv".into())
        } else {
            Phase::Running
        };
        assert_eq!(w.phase("server"), Some(&want));
    }
}

#[test]
fn a_python_step_told_as_waiting_is_a_wait_until_its_next_step() {
    for python in [true, false] {
        let mut w = waits_of(python);
        born(&mut w, "MainProcess");
        let step = |op: &str, activity| EventKind::Step {
            index: 0,
            op: op.into(),
            text: "asyncio.run(main())".into(),
            activity,
            line: Some(3),
            targets: None,
        };
        w.note(&ev("MainProcess", step("run_loop", Activity::Waiting)));
        let want = if python {
            Phase::Waiting("py:run_loop".into())
        } else {
            Phase::Running
        };
        assert_eq!(w.phase("MainProcess"), Some(&want));
        assert!(w.quiet(), "nothing is on its way to it");
        held(&mut w, "MainProcess");
        assert_eq!(w.phase("MainProcess"), Some(&Phase::Held));
        w.note(&ev("MainProcess", step("print", Activity::Running)));
        assert_eq!(w.phase("MainProcess"), Some(&Phase::Running));
    }
}

#[test]
fn a_python_task_waits_unless_it_runs_and_a_thread_sleeps_by_itself() {
    let mut w = waits_of(true);
    let step = |op: &str, activity| EventKind::Step {
        index: 0,
        op: op.into(),
        text: String::new(),
        activity,
        line: None,
        targets: None,
    };
    let spawned = |kind| EventKind::Spawned {
        kind,
        parent: Some("main".into()),
        daemon: false,
    };
    w.note(&ev("worker", spawned(ActorKind::Coroutine)));
    w.note(&ev("t1", spawned(ActorKind::Thread)));
    let waits = |op: &str| Some(Phase::Waiting(format!("py:{op}")));
    assert_eq!(
        w.phase("worker").cloned(),
        waits("start"),
        "its thread is busy"
    );
    w.note(&ev("worker", EventKind::Started {}));
    assert_eq!(w.phase("worker"), Some(&Phase::Running));
    w.note(&ev("worker", step("sleep", Activity::Sleeping)));
    assert_eq!(w.phase("worker").cloned(), waits("sleep"));
    w.note(&ev("worker", step("resume", Activity::Running)));
    assert_eq!(w.phase("worker"), Some(&Phase::Running));
    w.note(&ev("t1", step("sleep", Activity::Sleeping)));
    assert_eq!(
        w.phase("t1"),
        Some(&Phase::Running),
        "a thread wakes by itself"
    );
}

//! `RunRequest::then_step` and `gate`, as undo uses them: the schedule is
//! replayed, then the gated actors wait for the learner instead of running
//! on, and only they are held.

mod common;

use std::time::{Duration, Instant};

use conlab::event::{Event, EventKind};
use conlab::runtime::launch::{ControlMsg, RunHandle, RunRequest};

const LIMIT: Duration = Duration::from_secs(20);

fn next(run: &RunHandle, until: Instant) -> Event {
    let left = until.saturating_duration_since(Instant::now());
    run.events().recv_timeout(left).expect("an event in time")
}

#[test]
fn a_replayed_schedule_then_waits_for_the_learner() {
    let scenario = conlab::scenario::load("thread-race").unwrap();
    let sets = [("threads".to_string(), "2".to_string())];
    let plan = scenario.plan(Some("no-lock"), &sets).unwrap();
    let mut req = RunRequest::new(plan, 1, 4.0);
    req.schedule = vec!["thread0".into(), "thread1".into()];
    req.gate = Some(vec!["thread0".into(), "thread1".into()]);
    req.then_step = true;
    let run = RunHandle::start_with(std::path::Path::new(common::BIN), req).unwrap();
    let until = Instant::now() + LIMIT;
    let mut steps = Vec::new();
    let stepped = |e: &Event| matches!(e.kind, EventKind::Step { .. });
    let watch = |e: &Event| match &e.kind {
        EventKind::Held { .. } => assert_ne!(e.actor, "main", "main is not gated"),
        EventKind::RunEnded { .. } => panic!("ended before the learner's turn"),
        EventKind::Control { what } if what.starts_with("schedule done") => {
            panic!("not stepping on: {what}")
        }
        _ => {}
    };
    // Both threads read n: the two scheduled steps.
    while steps.len() < 2 {
        let e = next(&run, until);
        watch(&e);
        if stepped(&e) && e.actor.starts_with("thread") {
            steps.push(e.actor.clone());
        }
    }
    assert_eq!(steps, ["thread0", "thread1"]);
    // Then no thread moves without a turn (a bounded look), and a granted
    // turn moves exactly that thread.
    let quiet_until = Instant::now() + Duration::from_millis(400);
    let left = || quiet_until.saturating_duration_since(Instant::now());
    while let Ok(e) = run.events().recv_timeout(left()) {
        watch(&e);
        assert!(
            !(stepped(&e) && e.actor.starts_with("thread")),
            "{e:?} without a turn"
        );
    }
    run.send(ControlMsg::Grant("thread1".into()));
    loop {
        let e = next(&run, until);
        if stepped(&e) && e.actor.starts_with("thread") {
            assert_eq!(e.actor, "thread1");
            break;
        }
    }
}

//! Deadlocks found by the host on real threads and processes, and schedules
//! that choose the interleaving: checked on what the log says (the cycle, the
//! victim, the double sale), with detection latency bounded.

mod common;

use std::collections::HashMap;

use std::time::{Duration, Instant};

use common::{headless, Run};
use conlab::event::{Event, EventKind, Outcome};
use conlab::runtime::launch::{ControlMsg, RunHandle, RunRequest};
use conlab::scenario::plan::Step;

/// Each reported cycle, with how long after the wait that closed it.
fn deadlocks(run: &Run) -> Vec<(Vec<String>, u64)> {
    let mut last_wait: HashMap<&str, u64> = HashMap::new();
    let mut events: Vec<_> = run.events.iter().collect();
    events.sort_by_key(|e| e.t_us);
    let mut out = Vec::new();
    for e in events {
        match &e.kind {
            EventKind::LockWait { .. } => {
                last_wait.insert(e.actor.as_str(), e.t_us);
            }
            EventKind::Deadlock { cycle } => {
                let closed = cycle
                    .iter()
                    .step_by(2)
                    .filter_map(|a| last_wait.get(a.as_str()))
                    .max()
                    .copied()
                    .expect("the actors of a cycle waited");
                out.push((cycle.clone(), e.t_us - closed));
            }
            _ => {}
        }
    }
    out
}

fn victims(run: &Run) -> Vec<(String, String)> {
    run.events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::DeadlockBroken { victim, how } => Some((victim.clone(), how.clone())),
            _ => None,
        })
        .collect()
}

fn assert_cycle_of_a_and_b(cycle: &[String]) {
    assert_cycle_of(cycle, "A", "B");
}

fn assert_cycle_of(cycle: &[String], a: &str, b: &str) {
    assert_eq!(cycle.len(), 4, "two actors, two locks: {cycle:?}");
    let locks: Vec<&str> = cycle
        .iter()
        .skip(1)
        .step_by(2)
        .map(String::as_str)
        .collect();
    assert!(locks.contains(&a) && locks.contains(&b), "{cycle:?}");
}

/// How each of p0 and p1 ended: Some(code) or None when killed.
fn exits_of_p(run: &Run) -> Vec<(String, Option<i32>, Option<String>)> {
    run.events
        .iter()
        .filter(|e| e.actor.starts_with('p'))
        .filter_map(|e| match &e.kind {
            EventKind::Exited { code, signal, .. } => {
                Some((e.actor.clone(), *code, signal.clone()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn the_deadlock_of_opposite_orders_is_found_quickly_and_broken() {
    for i in 0..5 {
        let run = headless("deadlock", &["--speed", "2"]);
        run.assert_ok();
        let found = deadlocks(&run);
        assert!(
            !found.is_empty(),
            "run {i}: the deadlock forms and is found"
        );
        for (cycle, latency) in &found {
            assert_cycle_of_a_and_b(cycle);
            assert!(
                *latency < 200_000,
                "run {i}: found {latency} µs after it closed"
            );
        }
        let broken = victims(&run);
        assert_eq!(broken.len(), found.len(), "every deadlock is broken once");
        assert!(
            broken.iter().all(|(_, how)| how == "unwound"),
            "thread victims unwind"
        );
        for (victim, _) in &broken {
            let code = run.of(victim).find_map(|e| match e.kind {
                EventKind::Exited { code, .. } => code,
                _ => None,
            });
            assert_eq!(code, Some(1), "the victim {victim} unwinds and ends");
        }
    }
}

#[test]
fn one_recursive_lock_never_deadlocks() {
    for _ in 0..3 {
        let run = headless("deadlock-rlock", &["--speed", "2"]);
        run.assert_ok();
        assert!(deadlocks(&run).is_empty());
    }
}

#[test]
fn processes_deadlock_on_semaphore_locks_and_the_dead_victim_keeps_its_lock() {
    // multiprocessing.Lock is a semaphore: killing its holder frees nothing.
    let run = headless("deadlock-processes", &["--variant", "lock", "--speed", "2"]);
    run.assert_ok();
    let found = deadlocks(&run);
    assert_eq!(found.len(), 1, "one deadlock across the two processes");
    assert_cycle_of_a_and_b(&found[0].0);
    assert!(
        found[0].1 < 200_000,
        "found {} µs after it closed",
        found[0].1
    );
    let broken = victims(&run);
    assert_eq!(
        broken.len(),
        2,
        "the victim, then the survivor stuck for ever"
    );
    assert!(
        broken.iter().all(|(_, how)| how == "killed_holding"),
        "{broken:?}"
    );
    assert_ne!(broken[0].0, broken[1].0, "two different processes");
    let exits = exits_of_p(&run);
    assert_eq!(exits.len(), 2, "{exits:?}");
    for (actor, code, signal) in &exits {
        assert_eq!(*code, None, "{actor} never finished: its lock never came");
        assert_eq!(signal.as_deref(), Some("SIGKILL"), "{actor}");
    }
}

#[test]
fn with_flock_the_kernel_frees_the_victims_lock_and_the_survivor_finishes() {
    let run = headless(
        "deadlock-processes",
        &["--variant", "flock", "--speed", "2"],
    );
    run.assert_ok();
    let found = deadlocks(&run);
    assert_eq!(found.len(), 1, "one deadlock across the two processes");
    assert_cycle_of(&found[0].0, "A_file", "B_file");
    let broken = victims(&run);
    assert_eq!(broken.len(), 1, "{broken:?}");
    let (victim, how) = &broken[0];
    assert_eq!(how, "killed");
    for (actor, code, signal) in exits_of_p(&run) {
        if actor == *victim {
            assert_eq!(
                signal.as_deref(),
                Some("SIGKILL"),
                "the victim dies of SIGKILL"
            );
        } else {
            assert_eq!(code, Some(0), "{actor} takes the freed lock and finishes");
        }
    }
}

/// The events up to and including the first that `pred` accepts, 20 s at most.
fn until(run: &RunHandle, what: &str, pred: impl Fn(&Event) -> bool) -> Vec<Event> {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    loop {
        let e = run
            .events()
            .recv_deadline(deadline)
            .unwrap_or_else(|_| panic!("{what} in time: {seen:?}"));
        let done = pred(&e);
        seen.push(e);
        if done {
            return seen;
        }
    }
}

#[test]
fn without_auto_break_the_survivor_waits_for_ever_until_a_is_pressed() {
    // As the TUI starts it: the learner picks the victim, nobody else breaks.
    let plan = conlab::scenario::load("deadlock-processes")
        .unwrap()
        .plan(Some("lock"), &[])
        .unwrap();
    let mut run = RunHandle::start_with(common::BIN.as_ref(), RunRequest::new(plan, 1, 1.0))
        .expect("the run starts");
    let seen = until(&run, "the deadlock", |e| {
        matches!(e.kind, EventKind::Deadlock { .. })
    });
    let EventKind::Deadlock { cycle } = &seen.last().unwrap().kind else {
        unreachable!()
    };
    let (victim, survivor) = (cycle[0].clone(), cycle[2].clone());
    run.send(ControlMsg::Break(victim.clone()));
    until(&run, "the victim's death", |e| {
        e.actor == victim && matches!(e.kind, EventKind::Exited { .. })
    });
    // The survivor's second lock sleeps 0.3 s: were the lock freed, it would
    // be done well within 2 s. It is not: the dead victim still holds it.
    let deadline = Instant::now() + Duration::from_secs(2);
    while let Ok(e) = run.events().recv_deadline(deadline) {
        let moved = matches!(
            e.kind,
            EventKind::LockAcquired { .. } | EventKind::Exited { .. }
        );
        assert!(!(e.actor == survivor && moved), "{survivor} went on: {e:?}");
        assert!(!matches!(e.kind, EventKind::DeadlockBroken { .. }), "{e:?}");
    }
    run.send(ControlMsg::AutoBreak(true));
    let rest = until(&run, "the end of the run", |e| {
        matches!(e.kind, EventKind::RunEnded { .. })
    });
    let broken = rest.iter().find_map(|e| match &e.kind {
        EventKind::DeadlockBroken { victim, how } => Some((victim.clone(), how.clone())),
        _ => None,
    });
    assert_eq!(broken, Some((survivor, "killed_holding".to_string())));
    assert!(
        matches!(
            rest.last().unwrap().kind,
            EventKind::RunEnded {
                outcome: Outcome::Completed,
                ..
            }
        ),
        "{:?}",
        rest.last()
    );
    run.wait();
}

/// The steps `actor` takes up to and including its `nth` acquire (1-based).
fn steps_through_acquire(plan: &conlab::scenario::plan::Plan, actor: &str, nth: usize) -> usize {
    let script = &plan.actor(actor).expect("actor").script;
    let mut seen = 0;
    // A `py` mark (Step::Line) is no step of its own: it takes no turn.
    let taken = script.iter().filter(|s| !matches!(s, Step::Line(_)));
    for (i, step) in taken.enumerate() {
        if matches!(step, Step::Acquire(_)) {
            seen += 1;
            if seen == nth {
                return i + 1;
            }
        }
    }
    panic!("{actor} has no acquire number {nth}");
}

#[test]
fn a_schedule_closes_the_deadlock_every_time() {
    let plan = conlab::scenario::load("deadlock")
        .unwrap()
        .plan(None, &[("threads".into(), "2".into())])
        .unwrap();
    // t0 runs func1 and takes B; t1 takes A and waits for B; t0 then waits for A.
    let t0_first = steps_through_acquire(&plan, "t0", 3);
    let t1_part = steps_through_acquire(&plan, "t1", 2);
    let t0_rest = steps_through_acquire(&plan, "t0", 4) - t0_first;
    let mut schedule = vec!["t0"; t0_first];
    schedule.extend(vec!["t1"; t1_part]);
    schedule.extend(vec!["t0"; t0_rest]);
    let schedule = schedule.join(",");
    for i in 0..5 {
        let run = headless(
            "deadlock",
            &[
                "--set",
                "threads=2",
                "--schedule",
                &schedule,
                "--speed",
                "2",
            ],
        );
        run.assert_ok();
        let found = deadlocks(&run);
        assert_eq!(found.len(), 1, "run {i}: the schedule closes one deadlock");
        // The same circle whichever actor it is told from.
        let c = &found[0].0;
        let from_t0: Vec<&String> = c
            .iter()
            .cycle()
            .skip_while(|a| *a != "t0")
            .take(4)
            .collect();
        assert_eq!(
            from_t0,
            ["t0", "A", "t1", "B"].iter().collect::<Vec<_>>(),
            "run {i}: {c:?}"
        );
    }
}

fn final_sold(run: &Run) -> i64 {
    run.events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Value { name, value } if name == "sold" => Some((e.t_us, value.as_i64())),
            _ => None,
        })
        .max_by_key(|(t, _)| *t)
        .and_then(|(_, v)| v)
        .expect("sold was written")
}

#[test]
fn alternating_two_buyers_sells_the_one_ticket_twice_and_counts_it_once_every_time() {
    // Each buyer that buys takes 9 steps; a schedule naming an ended actor is refused.
    let schedule = ["buyer0", "buyer1"].repeat(9).join(",");
    for i in 0..5 {
        let run = headless(
            "ticket-grab",
            &[
                "--variant",
                "no-lock",
                "--set",
                "buyers=2",
                "--schedule",
                &schedule,
                "--speed",
                "4",
            ],
        );
        run.assert_ok();
        assert_eq!(
            run.takers(),
            2,
            "run {i}: both buyers read 1 before either wrote"
        );
        // load + 1 + save, in turns: both load 0 before either saves.
        assert_eq!(final_sold(&run), 1, "run {i}: sold lost an update");
    }
}

#[test]
fn a_schedule_naming_no_actor_of_the_run_is_refused() {
    let f = common::conlab(
        &["run", "ticket-grab", "--headless", "--schedule", "nobody"],
        std::time::Duration::from_secs(10),
    );
    assert_eq!(f.code, 2);
    assert!(f.stderr.contains("nobody"), "{}", f.stderr);
}

//! Deadlocks found by the host on real threads and processes, and schedules
//! that choose the interleaving: checked on what the log says (the cycle, the
//! victim, the double sale), with detection latency bounded.

mod common;

use std::collections::HashMap;

use common::{headless, Run};
use conlab::event::EventKind;
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
    assert_eq!(cycle.len(), 4, "two actors, two locks: {cycle:?}");
    let locks: Vec<&str> = cycle
        .iter()
        .skip(1)
        .step_by(2)
        .map(String::as_str)
        .collect();
    assert!(locks.contains(&"A") && locks.contains(&"B"), "{cycle:?}");
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
fn processes_deadlock_on_file_locks_and_the_victim_is_killed() {
    let run = headless("deadlock-processes", &["--speed", "2"]);
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
    assert_eq!(broken.len(), 1);
    let (victim, how) = &broken[0];
    assert_eq!(how, "killed");
    let died = run
        .of(victim)
        .any(|e| matches!(&e.kind, EventKind::Exited { signal: Some(s), .. } if s == "SIGKILL"));
    assert!(died, "the victim process dies of SIGKILL");
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
fn alternating_two_buyers_sells_the_one_ticket_twice_every_time() {
    let schedule = ["buyer0", "buyer1"].repeat(12).join(",");
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
            final_sold(&run),
            2,
            "run {i}: both buyers read 1 before either wrote"
        );
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

//! The modelled GIL: threads of one process that compute hold a real lock
//! named `GIL` in turns, as CPython's do, handing it over at the switch
//! interval; a thread that sleeps never takes it.

mod common;

use common::{headless, Run};
use conlab::event::EventKind;

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/gil_threads.toml");

/// (actor, acquired at, released at) for each hold of `GIL`, in time order.
fn holds(run: &Run) -> Vec<(String, u64, u64)> {
    let mut events: Vec<_> = run.events.iter().collect();
    events.sort_by_key(|e| e.t_us);
    let mut open: Vec<(String, u64)> = Vec::new();
    let mut out = Vec::new();
    for e in events {
        match &e.kind {
            EventKind::LockAcquired { lock, .. } if lock == "GIL" => {
                open.push((e.actor.clone(), e.t_us));
            }
            EventKind::LockReleased { lock, .. } if lock == "GIL" => {
                let k = open.iter().position(|(a, _)| *a == e.actor);
                let (a, t0) = open.remove(k.expect("released by its holder"));
                out.push((a, t0, e.t_us));
            }
            _ => {}
        }
    }
    assert!(open.is_empty(), "every hold ends: {open:?}");
    out
}

#[test]
fn computing_threads_hold_the_gil_one_at_a_time_and_take_turns() {
    let run = headless(FILE, &["--seed", "1"]);
    run.assert_ok();
    let holds = holds(&run);
    for pair in holds.windows(2) {
        // Event times are taken before the emitter queue, in each thread;
        // a release is told before the next holder's acquire.
        assert!(pair[0].2 <= pair[1].1, "holds overlap: {pair:?}");
    }
    let turns = holds.windows(2).filter(|p| p[0].0 != p[1].0).count();
    // 300 ms each at a 5 ms switch interval: dozens of hand-overs.
    assert!(
        turns >= 10,
        "only {turns} hand-overs in {} holds",
        holds.len()
    );
    assert!(
        holds.iter().all(|h| h.0 != "sleeper"),
        "sleeping takes no GIL"
    );
}

#[test]
fn a_waiting_thread_is_told_as_a_lock_wait_on_the_gil() {
    let run = headless(FILE, &["--seed", "2"]);
    run.assert_ok();
    let waits = run
        .events
        .iter()
        .filter(|e| matches!(&e.kind, EventKind::LockWait { lock } if lock == "GIL"))
        .count();
    assert!(waits >= 5, "{waits} GIL waits");
}

/// How many times the GIL went from one thread to another.
fn handovers(holds: &[(String, u64, u64)]) -> usize {
    holds.windows(2).filter(|p| p[0].0 != p[1].0).count()
}

#[test]
fn a_shorter_switch_interval_hands_the_gil_over_more_often() {
    let turns = |interval: &str| {
        let set = format!("interval={interval}");
        let run = headless(FILE, &["--seed", "3", "--set", &set]);
        run.assert_ok();
        handovers(&holds(&run))
    };
    let (fine, coarse) = (turns("1ms"), turns("20ms"));
    // 600 ms of work shared: hundreds of turns at 1 ms, a few dozen at 20 ms.
    assert!(
        fine > 2 * coarse,
        "{fine} hand-overs at 1 ms, {coarse} at 20 ms"
    );
}

#[test]
fn an_absurd_switch_interval_is_refused_before_anything_runs() {
    // (value, what stderr says): out of range, at the key's FILE:LINE:COL;
    // not a duration, refused by `--set` itself.
    for (bad, says) in [
        (
            "0ms",
            "gil_threads.toml:6:19: switch_interval \"0ms\" must be from 0.1ms to 1s",
        ),
        ("2s", "must be from 0.1ms to 1s"),
        ("fast", "\"fast\" is not a duration"),
    ] {
        let set = format!("interval={bad}");
        let run = headless(FILE, &["--set", &set]);
        assert_ne!(run.code, 0, "{bad} was run");
        assert!(run.events.is_empty(), "{bad}: nothing starts");
        assert!(run.stderr.contains(says), "{bad}: {}", run.stderr);
    }
}

//! Timed waits for real (tests/timeouts.toml): every kind runs out with the
//! answer Python gives, the target of a timed-out join still runs, a
//! cancelled timer never runs its script, and each wait lasts at least its
//! timeout (scenario time: at --speed 2, half as long in real time). The
//! measured lateness is printed (`--nocapture`) for the record.

mod common;

use std::time::Duration;

use common::{conlab, Run};
use conlab::event::{Event, EventKind};

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/timeouts.toml");

fn run(extra: &[&str]) -> Run {
    let mut args = vec!["run", FILE, "--headless"];
    args.extend_from_slice(extra);
    let f = conlab(&args, Duration::from_secs(60));
    let events = f
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l:?}: {e}")))
        .collect();
    Run {
        code: f.code,
        stderr: f.stderr,
        events,
    }
}

/// Each wait that ran out: (actor, what, timeout s, observed s), observed
/// from the step that began it to the event that ended it.
fn waits(run: &Run) -> Vec<(String, String, f64, f64)> {
    let mut out = Vec::new();
    for (i, e) in run.events.iter().enumerate() {
        let (what, timeout) = match &e.kind {
            EventKind::TimedOut {
                op,
                object,
                timeout,
            } => (format!("{op} {object}"), *timeout),
            EventKind::QueueEmpty { queue } => (format!("get {queue}"), f64::NAN),
            EventKind::QueueFull { queue, .. } => (format!("put {queue}"), f64::NAN),
            _ => continue,
        };
        let began = run.events[..i]
            .iter()
            .rev()
            .find(|b| b.actor == e.actor && matches!(b.kind, EventKind::Step { .. }))
            .expect("a wait begins with its step");
        let timeout = if timeout.is_nan() {
            step_timeout(began)
        } else {
            timeout
        };
        let observed = (e.t_us - began.t_us) as f64 / 1e6;
        out.push((e.actor.clone(), what, timeout, observed));
    }
    out
}

/// The timeout a queue step was given, from its text: "get from q (timeout 0.20s)".
fn step_timeout(step: &Event) -> f64 {
    let EventKind::Step { text, .. } = &step.kind else {
        unreachable!()
    };
    let t = text.split("(timeout ").nth(1).expect("a timed queue step");
    t.trim_end_matches("s)").parse().unwrap()
}

#[test]
fn every_timed_wait_runs_out_as_python_says() {
    let r = run(&[]);
    r.assert_ok();
    let prints: Vec<String> = ["th_lock", "th_event", "th_queue", "pr", "main", "alarm"]
        .iter()
        .flat_map(|a| r.prints(a))
        .collect();
    for want in [
        "Lt timeout: 0, Lt nowait: 0, Rt timeout: 0",
        "Et wait: 0, Et2 wait: 1",
        "qt get: None",
        "Lp: 0, Sp: 0, F: 0, Ep: 0, qp: 1 then None",
        "thread alive after join(timeout): 1",
        "process alive after join(timeout): 1",
        "alarm rings",
    ] {
        assert!(
            prints.iter().any(|p| p == want),
            "{want:?} not in {prints:?}"
        );
    }
    assert!(
        r.prints("horn").is_empty(),
        "a cancelled timer ran its script"
    );
    assert!(
        !r.events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Error { .. } | EventKind::Deadlock { .. })),
        "a timed wait is neither an error nor a deadlock"
    );
    let w = waits(&r);
    assert_eq!(w.len(), 14, "{w:#?}");
    for (actor, what, timeout, observed) in &w {
        println!(
            "{actor:10} {what:22} timeout {timeout:.3}s observed {observed:.4}s late {:+.1} ms",
            (observed - timeout) * 1e3
        );
        assert!(
            *observed >= timeout - 0.002,
            "{actor} {what}: gave up early, {observed} < {timeout}"
        );
        assert!(
            *observed < timeout + 1.0,
            "{actor} {what}: {observed} s for {timeout}"
        );
    }
    let started = r.t(
        "main",
        |k| matches!(k, EventKind::TimerStarted { target, .. } if target == "alarm"),
    );
    let fired = r.t("alarm", |k| matches!(k, EventKind::TimerFired { .. }));
    let late = (fired - started) as f64 / 1e3 - 300.0;
    println!("timer alarm: fired {late:+.1} ms after its 0.3 s");
    assert!(late >= -2.0, "the timer fired {late} ms early");
}

#[test]
fn a_timeout_is_scenario_time_shorter_at_double_speed() {
    let r = run(&["--speed", "2"]);
    r.assert_ok();
    let timed = waits(&r).into_iter().filter(|w| w.2 > 0.0);
    for (actor, what, timeout, observed) in timed {
        // Half as long in real time, with room for a slow machine.
        assert!(
            observed >= timeout / 2.0 - 0.002 && observed < timeout * 0.9,
            "{actor} {what}: {observed} s of real time for a {timeout} s timeout at speed 2"
        );
    }
}

//! One explored run: the lesson run for real, headless, with a schedule
//! prefix (then the deterministic tail), read into the choices it met and
//! how it ended. A deadlock ends the run at once: the explorer sees the
//! circle in the wait-for graph itself, kills the run and calls it a leaf.
//! On a challenge, the run is judged by it, and the turns after its verdict
//! is decided are no choice points: the interleavings are the ways to play
//! the challenge, each to its win or loss.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossbeam_channel::RecvTimeoutError;

use super::outcome::{ending, judged, state_key, Ending};
use super::state::StateTracker;
use crate::event::EventKind;
use crate::model::challenge::Play;
use crate::model::waitfor::WaitFor;
use crate::model::Model;
use crate::runtime::launch::{RunHandle, RunRequest};
use crate::runtime::schedule_log::SCHEDULE_ERROR;
use crate::scenario::challenge::Challenge;
use crate::scenario::plan::Plan;

/// Sleeps and work run this many times faster in an explored run: the
/// order of steps is the schedule's, not the clock's.
pub const SPEED: f64 = 50.0;

/// One choice point: the actor the run chose, the ones it could have
/// chosen, and the state before the choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub actor: String,
    pub enabled: Vec<String>,
    pub state: u64,
}

/// A run, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    pub choices: Vec<Choice>,
    pub ending: Ending,
}

/// Why a run gave no trace.
#[derive(Debug)]
pub enum RunError {
    /// The stop flag was raised: the run was killed and reaped.
    Stopped,
    Failed(anyhow::Error),
    /// The host could not read a worker's event: tried again.
    Garbled(String),
}

/// What every run of one exploration shares.
#[derive(Debug, Clone)]
pub struct Base {
    pub plan: Plan,
    pub actors: Vec<String>,
    /// The challenge each run is judged by, if any.
    pub challenge: Option<Challenge>,
}

impl Base {
    fn request(&self, schedule: &[String]) -> RunRequest {
        let mut plan = self.plan.clone();
        // The time limit is in scenario time: keep it as long in real time.
        plan.max_duration = plan.max_duration.mul_f64(SPEED);
        let mut req = RunRequest::new(plan, 1, SPEED);
        req.gate = Some(self.actors.clone());
        req.schedule = schedule.to_vec();
        req.auto_break = true;
        req
    }
}

/// How many times a run whose host lost a worker's event is tried.
const TRIES: usize = 3;

/// Run the lesson with `schedule` as the prefix of its turns.
pub fn run_one(base: &Base, schedule: &[String], stop: &AtomicBool) -> Result<Trace, RunError> {
    let mut last = None;
    for _ in 0..TRIES {
        match attempt(base, schedule, stop) {
            Err(RunError::Garbled(why)) => last = Some(why),
            other => return other,
        }
    }
    let why = last.unwrap_or_default();
    Err(RunError::Failed(anyhow::anyhow!(
        "the run with schedule {} failed {TRIES} times: {why}",
        schedule.join(",")
    )))
}

/// One try: Garbled when the host could not read a worker's event (the
/// run's log is not whole: its trace could be wrong).
fn attempt(base: &Base, schedule: &[String], stop: &AtomicBool) -> Result<Trace, RunError> {
    let mut handle = RunHandle::start(base.request(schedule)).map_err(RunError::Failed)?;
    let mut model = Model::new(&base.plan.checks);
    let mut state = StateTracker::default();
    let mut graph = WaitFor::default();
    graph.declare(&base.plan.locks);
    let mut play = base.challenge.as_ref().map(Play::new);
    let mut choices = Vec::new();
    let mut cycle = None;
    loop {
        if stop.load(Ordering::Relaxed) {
            handle.stop();
            return Err(RunError::Stopped);
        }
        let e = match handle.events().recv_timeout(Duration::from_millis(50)) {
            Ok(e) => e,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        match &e.kind {
            // Once a challenge is decided, later turns cannot change its
            // verdict: they are not choices (the run goes on by its tail).
            EventKind::Granted { .. } if play.as_ref().is_some_and(Play::is_over) => {}
            EventKind::Granted { enabled, .. } => choices.push(Choice {
                actor: e.actor.clone(),
                enabled: enabled.clone(),
                state: state.snapshot(&so_far(&model, play.as_ref())),
            }),
            EventKind::Error { text } if e.actor == "host" => {
                handle.stop();
                if text.starts_with(SCHEDULE_ERROR) {
                    return Err(RunError::Failed(anyhow::anyhow!("{text}")));
                }
                return Err(RunError::Garbled(text.clone()));
            }
            _ => {}
        }
        dump(schedule, &e);
        model.apply(&e);
        if let Some(p) = play.as_mut() {
            p.apply(&e);
        }
        state.note(&e);
        if graph.apply(&e) {
            cycle = graph.cycle();
            if cycle.is_some() {
                handle.stop();
                break;
            }
        }
    }
    handle.wait();
    let mut end = ending(&model, cycle.as_deref());
    if let Some(mut p) = play {
        if let Some(cycle) = &cycle {
            // The run was cut at the circle the host would have reported.
            let kind = EventKind::Deadlock {
                cycle: cycle.clone(),
            };
            p.apply(&crate::event::Event::new(0, "host", 0, kind));
        }
        p.finish();
        end = judged(end, &p);
    }
    Ok(Trace {
        choices,
        ending: end,
    })
}

/// The outcome read off the run so far, and on a challenge what its
/// verdict still depends on: part of a choice point's state.
fn so_far(model: &Model, play: Option<&Play>) -> String {
    let key = state_key(model);
    match play {
        Some(p) => format!("{key} | {}", p.progress_key()),
        None => key,
    }
}

/// With CONLAB_EXPLORE_DUMP=DIR, every explored run's events go to
/// DIR/<schedule>.jsonl: how a run that hung or surprised is looked into.
fn dump(schedule: &[String], e: &crate::event::Event) {
    use std::io::Write;
    let Some(dir) = std::env::var_os("CONLAB_EXPLORE_DUMP").filter(|d| !d.is_empty()) else {
        return;
    };
    let name = format!("{}/{}.jsonl", dir.to_string_lossy(), schedule.join("."));
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(name)
    {
        let _ = writeln!(f, "{}", e.to_json_line());
    }
}

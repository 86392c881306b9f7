//! The scenario host: one process per run, between the UI and the actors.
//!
//! It is a child subreaper (orphans of the run are adopted by it, standing in
//! for init), dies with the UI (parent-death signal), starts the main actor,
//! relays every event to stdout in causal order (as binary frames, see
//! `frame`), reads /proc, and on abort or
//! time-out kills and reaps every process of the run.

use std::collections::{HashMap, HashSet};
use std::ffi::CString;
use std::fs::File;
use std::io::{BufReader, BufWriter, Stdout, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use nix::fcntl::Flock;

use super::clock::Clock;
use super::hub_io::{self, Broadcast, Hub};
use super::launch::{ControlMsg, RunRequest};
use super::observer::Watchlist;
use super::rundir::RunDir;
use super::shared_os::{close_gate, gate_path, PosixSem};
use super::wire::read_line;
use crate::event::{ActorKind, Event, EventKind, Outcome};

/// How long the last events of dead workers may take to arrive.
const DRAIN: Duration = Duration::from_secs(1);
/// How often held turns and the deadlock detector are looked at while busy.
const LOOK_EVERY: Duration = Duration::from_millis(10);

/// How long an abort may take before the host gives up waiting and leaves.
const ABORT_GRACE: Duration = Duration::from_secs(3);

/// Entry point of the `__host` role. Returns the process exit code.
mod deadlock;
mod ending;
mod gate_handoff;
mod gate_joins;
mod gate_python;
mod gate_settle;
mod gate_waits;
mod gate_why;
mod gates;
mod limits;
mod python;
mod setup;

pub fn main() -> i32 {
    let signals = hub_io::block_stop_signals();
    if let Err(e) = hub_io::become_subreaper() {
        eprintln!("conlab host: {e}");
        return 70;
    }
    let mut stdin = BufReader::new(std::io::stdin());
    let request: RunRequest = match read_line(&mut stdin) {
        Ok(Some(r)) => r,
        other => {
            eprintln!("conlab host: no run request on stdin ({other:?})");
            return 64;
        }
    };
    match Host::start(request, stdin, signals) {
        Ok(host) => host.run(),
        Err(e) => {
            eprintln!("conlab host: {e:#}");
            70
        }
    }
}

struct Host {
    clock: Clock,
    pid: i32,
    out: BufWriter<Stdout>,
    /// Events go to the UI as frames (see `frame`), with this stream's strings.
    frames: super::frame::FrameEncoder,
    /// The host's own messages: the UI's controls, child exits, signals.
    rx: Receiver<Hub>,
    /// Workers' events and connections (bounded: see host/limits.rs).
    events: Receiver<Hub>,
    /// Events told so far, against the run's budget.
    told: u64,
    budget: u64,
    /// Why the run was stopped, when the outcome alone does not say.
    reason: Option<String>,
    /// When what is left of an aborted run was last killed.
    killed_at: Instant,
    watch: Watchlist,
    broadcast: Arc<Mutex<Broadcast>>,
    /// Actors whose `spawned` was relayed, with their kind.
    known: HashMap<String, ActorKind>,
    /// Events of actors not yet known (their parent's `spawned` is late).
    pending: HashMap<String, Vec<Event>>,
    /// Processes whose exit was told already.
    exit_told: HashSet<i32>,
    outcome: Option<Outcome>,
    aborting_since: Option<Instant>,
    /// The speed now: the time limit is in scenario time, so it scales with it.
    speed: f64,
    /// Gates of events shared by processes: Some(lock) while the event is clear.
    gates: HashMap<String, Option<Flock<File>>>,
    /// Named semaphores of the run, removed at its end.
    sem_names: Vec<CString>,
    /// When the time limit strikes; pushed back by the time spent paused.
    deadline: Instant,
    paused_since: Option<Instant>,
    /// Worker connections still open: their last events may be in flight.
    open_conns: usize,
    /// Pids of the workers whose connection is open (host/limits.rs).
    open_pids: HashSet<i32>,
    /// Set when the host has no children left; the run ends once the
    /// connections have closed (bounded by DRAIN).
    children_gone_at: Option<Instant>,
    _stop_observer: Sender<()>,
    run_dir: RunDir,
    /// Step mode and schedules: who is held, whose turn it is.
    turns: gates::Turns,
    detector: deadlock::Detector,
    /// When the turns and the detector were last looked at.
    looked_at: Instant,
    /// A learner's Python program (`conlab py`): its starts, counted.
    python: Option<python::PyStarts>,
}

impl Host {
    /// An actor set or cleared an event shared by processes: open or close its gate.
    fn on_event_set(&mut self, event: &str, set: bool) {
        let path = gate_path(self.run_dir.path(), event);
        if let Some(gate) = self.gates.get_mut(event) {
            if set {
                *gate = None;
            } else if gate.is_none() {
                *gate = close_gate(&path).ok();
            }
        }
    }

    fn own(&self, kind: EventKind) -> Event {
        Event {
            t_us: self.clock.t_us(),
            actor: "host".into(),
            pid: self.pid,
            tid: None,
            kind,
        }
    }

    /// Serve until every process of the run is gone.
    fn run(mut self) -> i32 {
        loop {
            let wait = self.next_wait();
            if let Some(msg) = self.next_message(wait) {
                self.handle(msg);
            }
            self.hold_limits();
            if self.looked_at.elapsed() >= LOOK_EVERY {
                self.looked_at = Instant::now();
                self.next_turn();
                self.look_for_deadlock();
            }
            if let Some(at) = self.children_gone_at {
                if self.open_conns == 0 || at.elapsed() > DRAIN {
                    break;
                }
            }
            if self.rx.is_empty() && self.out.flush().is_err() {
                self.abort(Outcome::Aborted);
            }
            if self
                .aborting_since
                .is_some_and(|t| t.elapsed() > ABORT_GRACE)
            {
                eprintln!("conlab host: processes did not end within {ABORT_GRACE:?}");
                break;
            }
        }
        let outcome = self.outcome.unwrap_or(Outcome::Completed);
        let reason = self.reason.take();
        let ended = self.own(EventKind::RunEnded { outcome, reason });
        self.write(&ended);
        let _ = self.out.flush();
        self.run_dir.remove();
        self.sem_names.iter().for_each(PosixSem::unlink);
        0
    }

    fn next_wait(&self) -> Duration {
        if self.aborting_since.is_some() || self.children_gone_at.is_some() {
            return Duration::from_millis(50);
        }
        if self.turns.busy() || self.detector.busy() {
            return LOOK_EVERY;
        }
        self.deadline
            .saturating_duration_since(Instant::now())
            .min(Duration::from_millis(500))
    }

    fn handle(&mut self, msg: Hub) {
        match msg {
            Hub::Event(e) => {
                if self.admit(&e) {
                    self.relay(e);
                }
            }
            Hub::Observed(o) => {
                let e = Event {
                    t_us: self.clock.t_us(),
                    actor: o.actor,
                    pid: o.pid,
                    tid: None,
                    kind: o.kind,
                };
                if self.admit(&e) {
                    self.relay(e);
                }
            }
            Hub::Child(pid, status) => {
                self.take_queued_events();
                self.await_last_events(pid.as_raw());
                self.collected(pid, status)
            }
            Hub::Ui(ControlMsg::Abort) | Hub::UiGone | Hub::Signal => self.abort(Outcome::Aborted),
            Hub::Ui(msg) => self.steer(msg),
            Hub::NoChildren => self.children_gone_at = Some(Instant::now()),
            Hub::Connected => self.open_conns += 1,
            Hub::Disconnected => self.open_conns = self.open_conns.saturating_sub(1),
            Hub::Greeted(pid) => _ = self.open_pids.insert(pid),
            Hub::Closed(pid) => _ = self.open_pids.remove(&pid),
        }
    }

    fn steer(&mut self, msg: ControlMsg) {
        let what = match msg {
            ControlMsg::Pause => {
                self.hold_py(true);
                self.paused_since.get_or_insert_with(Instant::now);
                "pause".to_string()
            }
            ControlMsg::Resume => {
                self.hold_py(false);
                if let Some(since) = self.paused_since.take() {
                    self.deadline += since.elapsed();
                }
                "resume".to_string()
            }
            ControlMsg::Speed(x) => {
                let left = self.deadline.saturating_duration_since(Instant::now());
                self.deadline = Instant::now() + left.mul_f64(self.speed / x.max(0.01));
                self.speed = x;
                format!("speed {x}")
            }
            other => return self.steer_gates(other),
        };
        self.broadcast.lock().unwrap().send(msg);
        let e = self.own(EventKind::Control { what });
        self.relay(e);
    }

    /// Pass an event on, keeping each actor's events after its `spawned`.
    fn relay(&mut self, e: Event) {
        if let EventKind::Spawned { kind, parent, .. } = &e.kind {
            if *kind == ActorKind::Process {
                self.watch.watch(e.pid, &e.actor);
            }
            // A child's birth is told after its parent's (they travel different sockets).
            if let Some(p) = parent.as_ref().filter(|p| !self.known.contains_key(*p)) {
                self.pending.entry(p.clone()).or_default().push(e);
                return;
            }
            self.known.insert(e.actor.clone(), *kind);
            let actor = e.actor.clone();
            self.write(&e);
            self.turns.waits.note(&e);
            self.watch_locks(&e);
            for later in self.pending.remove(&actor).unwrap_or_default() {
                self.relay(later);
            }
            return;
        }
        if e.actor != "host" && !self.known.contains_key(&e.actor) {
            self.pending.entry(e.actor.clone()).or_default().push(e);
            return;
        }
        let is_process = self.known.get(&e.actor) == Some(&ActorKind::Process);
        match &e.kind {
            EventKind::Exited { .. } if is_process => {
                self.exit_told.insert(e.pid);
            }
            EventKind::Reaped { .. } if is_process => self.watch.forget(e.pid),
            _ => {}
        }
        self.write(&e);
        if let EventKind::EventSet { lock, set } = &e.kind {
            self.on_event_set(lock, *set);
        }
        self.follow_turns(&e);
        self.watch_locks(&e);
    }

    fn write(&mut self, e: &Event) {
        let ok = self.frames.write(&mut self.out, e).is_ok();
        if !ok && self.aborting_since.is_none() {
            self.abort(Outcome::Aborted);
        }
    }
}

//! The deadlock detector. Every lock event goes into a wait-for graph
//! (model::waitfor); a circle of stuck actors that stays the same for
//! CONFIRM is reported as a `deadlock` event. Events of different processes
//! travel different sockets, so a circle seen for an instant may be an
//! artefact of arrival order; one that holds still is real.
//!
//! Breaking it sacrifices one actor: a thread gives up its wait and unwinds
//! (releasing what it holds, as `with` blocks do when an exception passes),
//! a process is killed. The kernel then drops its file locks (`how` killed),
//! but not a multiprocessing.Lock, a semaphore (`how` killed_holding): whoever
//! waits for that waits for ever, in Python as here. Headless runs break every
//! deadlock by themselves AUTO_BREAK after reporting it, choosing the actor
//! whose wait closed the circle (the youngest wait); with auto-break on, a
//! wait for a lock only dead actors hold (hopeless) is ended the same way,
//! AUTO_BREAK after it is seen, or the run would stay stuck to its time limit.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

use super::Host;
use crate::event::{ActorKind, Event, EventKind};
use crate::model::waitfor::WaitFor;
use crate::runtime::launch::ControlMsg;
use crate::scenario::plan::LockSpec;

/// How long a circle must hold still before it is reported.
const CONFIRM: Duration = Duration::from_millis(30);
/// How long a headless run shows a deadlock before breaking it.
const AUTO_BREAK: Duration = Duration::from_millis(300);

#[derive(Debug, Default)]
pub(super) struct Detector {
    graph: WaitFor,
    pids: HashMap<String, (i32, ActorKind)>,
    /// A circle seen, not yet confirmed, and since when.
    candidate: Option<(Vec<String>, Instant)>,
    /// The circle reported, and when.
    reported: Option<(Vec<String>, Instant)>,
    /// The actors waiting for ever for locks of dead holders, and since when.
    hopeless: Option<(Vec<String>, Instant)>,
    auto_break: bool,
}

impl Detector {
    pub(super) fn new(locks: &[LockSpec], auto_break: bool) -> Detector {
        let mut graph = WaitFor::default();
        graph.declare(locks);
        Detector {
            graph,
            auto_break,
            ..Detector::default()
        }
    }

    pub(super) fn set_auto_break(&mut self, on: bool) {
        self.auto_break = on;
    }

    /// Whether the host should look again soon.
    pub(super) fn busy(&self) -> bool {
        self.candidate.is_some()
            || (self.auto_break && (self.reported.is_some() || self.hopeless.is_some()))
    }

    fn note(&mut self, e: &Event) -> bool {
        if let EventKind::Spawned { kind, .. } = &e.kind {
            self.pids.insert(e.actor.clone(), (e.pid, *kind));
        }
        self.graph.apply(e)
    }
}

/// What the detector decided on a look.
enum Verdict {
    Nothing,
    Report(Vec<String>),
    Break(String),
}

impl Host {
    pub(super) fn watch_locks(&mut self, e: &Event) {
        if self.detector.note(e) {
            self.look_for_deadlock();
        }
    }

    /// Look at the graph (after a lock event, and on every tick while busy).
    pub(super) fn look_for_deadlock(&mut self) {
        match self.deadlock_verdict() {
            Verdict::Nothing => {}
            Verdict::Report(cycle) => {
                let e = self.own(EventKind::Deadlock { cycle });
                self.relay(e);
            }
            Verdict::Break(victim) => self.break_deadlock(&victim),
        }
    }

    fn deadlock_verdict(&mut self) -> Verdict {
        let d = &mut self.detector;
        let Some(cycle) = d.graph.cycle() else {
            d.candidate = None;
            d.reported = None;
            return hopeless_verdict(d);
        };
        if let Some((seen, at)) = &d.reported {
            if *seen == cycle {
                if d.auto_break && at.elapsed() >= AUTO_BREAK {
                    d.reported = Some((cycle.clone(), Instant::now()));
                    return Verdict::Break(youngest_wait(&d.graph, &cycle));
                }
                return Verdict::Nothing;
            }
        }
        match &d.candidate {
            Some((seen, at)) if *seen == cycle && at.elapsed() >= CONFIRM => {
                d.candidate = None;
                d.reported = Some((cycle.clone(), Instant::now()));
                Verdict::Report(cycle)
            }
            Some((seen, _)) if *seen == cycle => Verdict::Nothing,
            _ => {
                d.candidate = Some((cycle, Instant::now()));
                Verdict::Nothing
            }
        }
    }

    /// Sacrifice `victim`: a thread unwinds its wait, a process is killed.
    /// In a learner's Python program the thread's lock wait raises
    /// `conlab_trace.DeadlockBroken` (the lab does it, not Python).
    pub(super) fn break_deadlock(&mut self, victim: &str) {
        let Some(&(pid, kind)) = self.detector.pids.get(victim) else {
            return;
        };
        let how = match kind {
            ActorKind::Thread | ActorKind::Coroutine => "unwound",
            ActorKind::Process if self.detector.graph.holds_kept_lock(victim) => "killed_holding",
            ActorKind::Process => "killed",
        };
        let e = self.own(EventKind::DeadlockBroken {
            victim: victim.to_string(),
            how: how.into(),
        });
        self.relay(e);
        match kind {
            ActorKind::Thread | ActorKind::Coroutine => self
                .broadcast
                .lock()
                .unwrap()
                .send(ControlMsg::Unwind(victim.to_string())),
            ActorKind::Process => {
                let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
            }
        }
    }
}

/// No circle: a wait for a lock that only dead actors hold never ends (in
/// Python the program hangs). With auto-break, its waiter is ended after
/// AUTO_BREAK, the longest wait first.
fn hopeless_verdict(d: &mut Detector) -> Verdict {
    let waiters: Vec<String> = d
        .graph
        .hopeless()
        .into_iter()
        .map(|(a, _, _)| a.to_string())
        .collect();
    if waiters.is_empty() {
        d.hopeless = None;
        return Verdict::Nothing;
    }
    match &d.hopeless {
        Some((seen, at)) if *seen == waiters => {
            if d.auto_break && at.elapsed() >= AUTO_BREAK {
                d.hopeless = Some((waiters.clone(), Instant::now()));
                return Verdict::Break(waiters[0].clone());
            }
        }
        _ => d.hopeless = Some((waiters, Instant::now())),
    }
    Verdict::Nothing
}

/// The actor of `cycle` whose wait began last: the one that closed it.
fn youngest_wait(graph: &WaitFor, cycle: &[String]) -> String {
    let waits: HashMap<&str, u64> = graph.waits().map(|(a, _, t)| (a, t)).collect();
    cycle
        .iter()
        .step_by(2)
        .max_by_key(|a| waits.get(a.as_str()).copied().unwrap_or(0))
        .cloned()
        .unwrap_or_default()
}

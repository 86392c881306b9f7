//! The run as the screen knows it, built only from events: pure, no IO, no clock.

pub mod checks;
pub mod errors;
mod facts;
pub mod lanes;
pub mod locks;
pub mod log;
pub mod outcome;
pub mod tree;
pub mod values;

use crate::event::{ActorKind, Event, EventKind, Outcome};
use crate::scenario::plan::{CheckSpec, LockSpec, ValueSpec};
use checks::Checks;
use errors::Errors;
use lanes::{Lane, LaneState};
use locks::Locks;
use log::{Log, LogKind};
use tree::{ExitStatus, ProcNode, ProcTree};
use values::Values;

/// Facts about the run as a whole.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    pub scenario: String,
    pub variant: Option<String>,
    pub seed: u64,
    pub speed: f64,
    pub host_pid: Option<i32>,
    pub paused: bool,
    pub outcome: Option<Outcome>,
    /// The latest event time seen.
    pub last_us: u64,
    /// Paused stretches (start, end); the last may still be open.
    pub pauses: Vec<(u64, Option<u64>)>,
    pub ended_us: Option<u64>,
}

/// Everything the view draws.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub run: RunInfo,
    pub lanes: Vec<Lane>,
    /// Where each actor's lane is in `lanes`: every event looks its lane up.
    lane_at: std::collections::HashMap<String, usize>,
    pub tree: ProcTree,
    pub log: Log,
    pub checks: Checks,
    pub locks: Locks,
    pub values: Values,
    pub errors: Errors,
    pub events_seen: u64,
}

impl Model {
    pub fn new(checks: &[CheckSpec]) -> Self {
        Model {
            checks: Checks::new(checks),
            ..Model::default()
        }
    }

    /// Name the scenario's locks and values before the first event, with their
    /// kinds: the panels are right from the start, and a global is known to be
    /// copied per process.
    pub fn declare(&mut self, locks: &[LockSpec], values: &[ValueSpec]) {
        self.locks.declare(locks);
        self.values.declare(values);
    }

    /// True when the run has locks, events or shared values to show.
    pub fn has_shared_state(&self) -> bool {
        !self.locks.is_empty() || !self.values.is_empty()
    }

    pub fn lane(&self, actor: &str) -> Option<&Lane> {
        self.lane_at.get(actor).map(|&i| &self.lanes[i])
    }

    fn lane_mut(&mut self, actor: &str) -> Option<&mut Lane> {
        self.lane_at.get(actor).map(|&i| &mut self.lanes[i])
    }

    fn pid_of(&self, actor: &str) -> Option<i32> {
        if actor == "host" {
            return self.run.host_pid;
        }
        self.lane(actor).map(|l| l.pid)
    }

    /// Fold one event into the model.
    pub fn apply(&mut self, e: &Event) {
        self.events_seen += 1;
        self.run.last_us = self.run.last_us.max(e.t_us);
        self.checks.apply(e);
        facts::log_fact(&mut self.log, e);
        match &e.kind {
            EventKind::RunStarted {
                scenario,
                variant,
                seed,
                speed,
            } => {
                self.run.scenario = scenario.clone();
                self.run.variant = variant.clone();
                self.run.seed = *seed;
                self.run.speed = *speed;
                self.run.host_pid = Some(e.pid);
                self.tree.insert(new_node("host", e.pid, None, false));
            }
            EventKind::Spawned {
                kind,
                parent,
                daemon,
            } => self.on_spawned(e, *kind, parent.as_deref(), *daemon),
            EventKind::Started {} => {
                if let Some(l) = self.lane_mut(&e.actor) {
                    l.started_us = Some(e.t_us);
                    l.tid = e.tid.or(l.tid);
                    l.set_state(e.t_us, LaneState::Running);
                }
            }
            EventKind::Step {
                text, activity, op, ..
            } => {
                if let Some(l) = self.lane_mut(&e.actor) {
                    l.doing.clone_from(text);
                    l.doing_op.clone_from(op);
                    l.set_state(e.t_us, LaneState::from_activity(*activity));
                }
            }
            EventKind::Print { text } => {
                self.log
                    .push(e.t_us, &e.actor, LogKind::Print, text.clone())
            }
            EventKind::Error { text } => {
                self.errors.note(&e.actor, text);
                self.log
                    .push(e.t_us, &e.actor, LogKind::Error, text.clone())
            }
            EventKind::Exited { code, signal, .. } => self.on_exited(e, *code, signal.clone()),
            EventKind::Reaped { by } => self.on_reaped(e, by),
            EventKind::ProcState { state } => self.on_proc_state(e, state),
            EventKind::Reparented { ppid, from } => {
                if let Some(n) = self.tree.get_mut(e.pid) {
                    n.ppid = Some(*ppid);
                    // A log cut short may lack the parent's birth: the OS says who it was.
                    n.born_ppid = n.born_ppid.or(*from);
                }
            }
            EventKind::Control { what } => match what.as_str() {
                "pause" => {
                    self.run.paused = true;
                    self.run.pauses.push((e.t_us, None));
                }
                "resume" => {
                    self.run.paused = false;
                    if let Some((_, end @ None)) = self.run.pauses.last_mut() {
                        *end = Some(e.t_us);
                    }
                }
                other => {
                    if let Some(x) = other.strip_prefix("speed ") {
                        self.run.speed = x.parse().unwrap_or(self.run.speed);
                    }
                }
            },
            EventKind::RunEnded { outcome } => {
                self.run.outcome = Some(*outcome);
                self.run.ended_us = Some(e.t_us);
                self.run.paused = false;
                self.checks.finish();
            }
            EventKind::Signalled { .. } | EventKind::Alive { .. } => {}
            EventKind::LockWait { lock } => self.locks.wait(e.t_us, &e.actor, lock),
            EventKind::LockAcquired { lock, count } => {
                self.locks.acquired(e.t_us, &e.actor, lock, *count)
            }
            EventKind::LockReleased { lock, count } => {
                self.locks.released(e.t_us, &e.actor, lock, *count)
            }
            EventKind::EventWait { lock } => self.locks.event_wait(e.t_us, &e.actor, lock),
            EventKind::EventPassed { lock } => self.locks.event_passed(e.t_us, &e.actor, lock),
            EventKind::EventSet { lock, set } => self.locks.event_set(lock, *set),
            EventKind::Value { name, value } => {
                self.values.wrote(e.t_us, &e.actor, e.pid, name, value)
            }
            EventKind::ValueRead { name, value } => {
                self.values.read(e.t_us, &e.actor, e.pid, name, value)
            }
            // Queues, pipes and pools: their panels are being built.
            _ => {}
        }
    }

    fn on_spawned(&mut self, e: &Event, kind: ActorKind, parent: Option<&str>, daemon: bool) {
        let mut lane = Lane::new(&e.actor, kind, e.pid, e.t_us);
        lane.daemon = daemon;
        lane.parent = parent.map(str::to_string);
        lane.tid = e.tid;
        match kind {
            ActorKind::Process => {
                let ppid = match parent {
                    Some(p) => self.pid_of(p),
                    None => self.run.host_pid,
                };
                self.tree.insert(new_node(&e.actor, e.pid, ppid, daemon));
            }
            ActorKind::Thread => {
                if let Some(n) = self.tree.get_mut(e.pid) {
                    n.threads.push(e.actor.clone());
                }
            }
        }
        if let Some(old) = self.lane_mut(&e.actor) {
            *old = lane; // a rerun of the same name inside one model: start afresh
        } else {
            self.lane_at.insert(e.actor.clone(), self.lanes.len());
            self.lanes.push(lane);
        }
    }

    fn on_exited(&mut self, e: &Event, code: Option<i32>, signal: Option<String>) {
        let killed = signal.is_some() || code.is_none();
        let process = self
            .lane(&e.actor)
            .is_some_and(|l| l.kind == ActorKind::Process);
        self.locks.actor_gone(e.t_us, &e.actor, process);
        if let Some(l) = self.lane_mut(&e.actor) {
            l.exited_us = Some(e.t_us);
            l.doing.clear();
            let state = if killed {
                LaneState::Killed
            } else {
                LaneState::Exited
            };
            // /proc may report Z before the exit event arrives: keep the zombie.
            if l.current() != LaneState::Zombie {
                l.set_state(e.t_us, state);
            }
        }
        if let Some(n) = self.tree.get_mut(e.pid) {
            if n.actor == e.actor {
                n.exit = Some(match signal {
                    Some(s) => ExitStatus::Signal(s),
                    None => ExitStatus::Code(code.unwrap_or(0)),
                });
            }
        }
    }

    fn on_reaped(&mut self, e: &Event, by: &str) {
        if let Some(l) = self.lane_mut(&e.actor) {
            l.reaped_us = Some(e.t_us);
            l.set_state(e.t_us, LaneState::Gone);
        }
        if let Some(n) = self.tree.get_mut(e.pid) {
            if n.actor == e.actor {
                n.reaped_by = Some(by.to_string());
                n.state = 'X';
            }
        }
    }

    fn on_proc_state(&mut self, e: &Event, state: &str) {
        let letter = state.chars().next().unwrap_or('?');
        if let Some(n) = self.tree.get_mut(e.pid) {
            if n.reaped_by.is_none() {
                n.state = letter;
            }
            if letter == 'Z' {
                n.seen_zombie = true;
            }
        }
        if letter == 'Z' {
            if let Some(l) = self.lane_mut(&e.actor) {
                if l.reaped_us.is_none() {
                    l.set_state(e.t_us, LaneState::Zombie);
                }
            }
        }
    }
}

impl RunInfo {
    /// Whether the run was paused at `t_us` (the UI draws those stretches apart:
    /// real time went on, the actors did not).
    pub fn paused_at(&self, t_us: u64) -> bool {
        let i = self.pauses.partition_point(|(start, _)| *start <= t_us);
        i > 0 && self.pauses[i - 1].1.is_none_or(|end| t_us < end)
    }
}

fn new_node(actor: &str, pid: i32, ppid: Option<i32>, daemon: bool) -> ProcNode {
    ProcNode {
        actor: actor.to_string(),
        pid,
        ppid,
        born_ppid: ppid,
        state: '?',
        daemon,
        exit: None,
        reaped_by: None,
        threads: Vec::new(),
        seen_zombie: false,
    }
}

#[cfg(test)]
mod test_events;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_locks;
#[cfg(test)]
mod tests_values;

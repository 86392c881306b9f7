//! Lifecycle events folded into the model: births, exits, reaping, and what
//! /proc says, for the lanes and the process tree.

use super::lanes::{Lane, LaneState};
use super::tree::{ExitStatus, ProcNode};
use super::Model;
use crate::event::{ActorKind, Event};

impl Model {
    pub(super) fn on_spawned(
        &mut self,
        e: &Event,
        kind: ActorKind,
        parent: Option<&str>,
        daemon: bool,
    ) {
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
                if let Some(pp) = ppid {
                    self.values.spawned(&e.actor, e.pid, pp);
                }
            }
            ActorKind::Thread => {
                if let Some(n) = self.tree.get_mut(e.pid) {
                    n.threads.push(e.actor.clone());
                }
            }
            // A task is no OS thread: the tree shows processes and threads.
            ActorKind::Coroutine => {}
        }
        if let Some(old) = self.lane_mut(&e.actor) {
            *old = lane; // a rerun of the same name inside one model: start afresh
        } else {
            self.lane_at.insert(e.actor.clone(), self.lanes.len());
            self.lanes.push(lane);
        }
    }

    pub(super) fn on_exited(&mut self, e: &Event, code: Option<i32>, signal: Option<String>) {
        let killed = signal.is_some() || code.is_none();
        let process = self
            .lane(&e.actor)
            .is_some_and(|l| l.kind == ActorKind::Process);
        self.locks.actor_gone(e.t_us, &e.actor, process);
        self.queues.actor_gone(&e.actor);
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

    pub(super) fn on_reaped(&mut self, e: &Event, by: &str) {
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

    pub(super) fn on_proc_state(&mut self, e: &Event, state: &str) {
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

pub(super) fn new_node(actor: &str, pid: i32, ppid: Option<i32>, daemon: bool) -> ProcNode {
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
        adopted_us: None,
    }
}

//! Step mode and schedules. A held actor stops before each step and tells
//! it (`held`); the host grants turns, one step at a time: the next name of
//! a `--schedule` list, the learner's choice in step mode, or, once a
//! schedule is used up, a fixed rule (the deterministic tail). A turn is
//! granted only when the run is settled (see gate_settle), and told as a
//! `granted` event: the same schedule gives the same run, every time.

use std::collections::VecDeque;
use std::time::Instant;

use super::gate_waits::Waits;
use super::Host;
use crate::event::{Event, EventKind, Outcome};
use crate::runtime::launch::{ControlMsg, GateRule, RunRequest};

#[derive(Debug)]
pub(super) struct Turns {
    rule: GateRule,
    /// The plan's actors in order: enabled lists and the tail follow it.
    pub(super) order: Vec<String>,
    pub(super) waits: Waits,
    schedule: VecDeque<String>,
    /// Turns the learner asked for, granted once the run is settled.
    requested: VecDeque<String>,
    /// Turns granted so far, and the last actor granted one.
    granted: u32,
    last: Option<String>,
    /// When the schedule is used up, wait for the learner (undo, challenges).
    then_step: bool,
    /// The only actors step mode holds (`RunRequest::gate`): a challenge's.
    gate: Option<Vec<String>>,
    /// Since when the learner steps by hand: the time limit waits meanwhile.
    pub(super) stepping_since: Option<Instant>,
}

impl Turns {
    pub(super) fn new(req: &RunRequest) -> Turns {
        let rule = match &req.gate {
            Some(names) => GateRule::Only(names.clone()),
            None if !req.schedule.is_empty() => {
                let mut names: Vec<String> = req.schedule.clone();
                names.sort();
                names.dedup();
                GateRule::Only(names)
            }
            None if req.step_mode => GateRule::All,
            None => GateRule::Free,
        };
        let stepping = req.step_mode && req.schedule.is_empty();
        let mut order: Vec<String> = req.plan.actors.iter().map(|a| a.name.clone()).collect();
        if req.plan.python.is_some() {
            // A learner's program declares no actors: the names its schedule
            // gives are the ones waited for (one not yet started is unborn).
            for a in &req.schedule {
                if !order.contains(a) {
                    order.push(a.clone());
                }
            }
        }
        let mut waits = Waits::with_locks(&req.plan.locks, &req.plan.queues);
        waits.python = req.plan.python.is_some();
        Turns {
            rule,
            order,
            waits,
            schedule: req.schedule.iter().cloned().collect(),
            requested: VecDeque::new(),
            granted: 0,
            last: None,
            then_step: req.then_step || req.step_mode,
            gate: req.gate.clone(),
            stepping_since: stepping.then(Instant::now),
        }
    }

    pub(super) fn rule(&self) -> &GateRule {
        &self.rule
    }

    /// Whether the host should look again soon.
    pub(super) fn busy(&self) -> bool {
        !self.schedule.is_empty() || !self.requested.is_empty()
    }

    /// The actor to grant now, or Err(why) when the schedule's next entry
    /// cannot be taken. None: nothing to grant yet.
    fn choose(&mut self) -> Result<Option<String>, String> {
        if self.rule == GateRule::Free || !self.settled() {
            return Ok(None);
        }
        let enabled = self.enabled();
        if let Some(next) = self.schedule.front() {
            if enabled.contains(next) {
                return Ok(self.schedule.pop_front());
            }
            // Nobody could go: a wait may still end by itself (a timeout, a
            // broken deadlock). Refused once another could go, or all ended.
            if enabled.is_empty() && !self.all_ended() {
                return Ok(None);
            }
            return Err(self.why_not(self.granted as usize + 1, next));
        }
        while let Some(asked) = self.requested.pop_front() {
            if enabled.contains(&asked) {
                return Ok(Some(asked));
            }
        }
        if self.then_step || self.rule == GateRule::All {
            self.stepping_since.get_or_insert_with(Instant::now);
            return Ok(None);
        }
        // The deterministic tail: the last actor while it can, else the first held.
        let keep = self.last.as_ref().filter(|l| enabled.contains(l));
        Ok(keep.or(enabled.first()).cloned())
    }
}

impl Host {
    /// After every relayed event: keep track of the actors, grant a turn when due.
    pub(super) fn follow_turns(&mut self, e: &Event) {
        self.turns.waits.note(e);
        self.hand_over();
        if e.actor != "host" || matches!(e.kind, EventKind::DeadlockBroken { .. }) {
            self.next_turn();
        }
    }

    /// Grant the next turn when the run is settled.
    pub(super) fn next_turn(&mut self) {
        if self.aborting_since.is_some() {
            return;
        }
        match self.turns.choose() {
            Ok(Some(actor)) => self.grant(&actor),
            Ok(None) => {}
            Err(why) => {
                let e = self.own(EventKind::Error { text: why.clone() });
                self.relay(e);
                self.reason = Some(why);
                self.abort(Outcome::Aborted);
            }
        }
    }

    /// Grant `actor` a turn: a held actor takes its step, a parked waiter
    /// (a choice among the waiters of a lock let go) tries to take it.
    fn grant(&mut self, actor: &str) {
        let enabled = self.turns.enabled();
        self.turns.granted += 1;
        self.turns.last = Some(actor.to_string());
        let parked = self.turns.waits.parked_on(actor).is_some();
        if !parked {
            self.turns.waits.granted(actor);
        }
        let e = Event {
            actor: actor.to_string(),
            ..self.own(EventKind::Granted {
                turn: self.turns.granted,
                enabled,
            })
        };
        self.write(&e);
        if parked {
            self.retry(actor);
            return;
        }
        self.broadcast
            .lock()
            .unwrap()
            .send(ControlMsg::Grant(actor.to_string()));
    }

    fn set_rule(&mut self, rule: GateRule, what: &str) {
        if rule != GateRule::Free {
            self.turns.stepping_since.get_or_insert_with(Instant::now);
        } else if let Some(since) = self.turns.stepping_since.take() {
            self.deadline += since.elapsed();
        }
        self.turns.rule = rule.clone();
        if rule == GateRule::Free {
            self.turns.schedule.clear();
            self.turns.requested.clear();
        }
        self.broadcast.lock().unwrap().send(ControlMsg::Gate(rule));
        let e = self.own(EventKind::Control { what: what.into() });
        self.relay(e);
    }

    /// The UI's step-mode keys, and its choice of a deadlock's victim.
    pub(super) fn steer_gates(&mut self, msg: ControlMsg) {
        match msg {
            ControlMsg::StepMode(true) => {
                let rule = match &self.turns.gate {
                    Some(names) => GateRule::Only(names.clone()),
                    None => GateRule::All,
                };
                self.set_rule(rule, "step mode on")
            }
            ControlMsg::StepMode(false) => self.set_rule(GateRule::Free, "step mode off"),
            ControlMsg::Grant(actor) => {
                self.turns.requested.push_back(actor);
                self.next_turn();
            }
            ControlMsg::GrantAll => {
                let held = self.turns.enabled();
                self.turns.requested.extend(held);
                self.next_turn();
            }
            ControlMsg::Break(victim) => self.break_deadlock(&victim),
            ControlMsg::AutoBreak(on) => {
                self.detector.set_auto_break(on);
                let what = if on {
                    "auto-break on"
                } else {
                    "auto-break off"
                };
                let e = self.own(EventKind::Control { what: what.into() });
                self.relay(e);
                self.look_for_deadlock();
            }
            _ => {}
        }
    }
}

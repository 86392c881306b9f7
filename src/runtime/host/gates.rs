//! Step mode and schedules. A held actor stops before each step and tells
//! it (`held`); the host grants turns: the user's choice in step mode, or
//! the next name of a `--schedule` list, one step at a time.

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::time::{Duration, Instant};

use super::Host;
use crate::event::{Event, EventKind};
use crate::runtime::launch::{ControlMsg, GateRule, RunRequest};

/// A scheduled turn is over when its actor is held again, waits for a lock,
/// queue or event, or ends; failing that, after this long (a step that blocks
/// otherwise, like a join, or a sleep longer than the schedule cares to wait).
const TURN_LIMIT: Duration = Duration::from_millis(100);

#[derive(Debug)]
pub(super) struct Turns {
    rule: GateRule,
    /// Held actors and the step each waits before: (index, text).
    held: BTreeMap<String, (u32, String)>,
    schedule: VecDeque<String>,
    /// The actor whose scheduled turn is under way, and since when.
    turn: Option<(String, Instant)>,
    gone: HashSet<String>,
    /// The only actors step mode and schedules hold (`RunRequest::gate`).
    gate: Option<Vec<String>>,
    /// Step on when the schedule is used up (`RunRequest::then_step`).
    then_step: bool,
    /// Since when the learner steps by hand: the time limit waits meanwhile.
    pub(super) stepping_since: Option<Instant>,
}

impl Turns {
    pub(super) fn new(req: &RunRequest) -> Turns {
        let rule = if let (false, Some(gate)) = (req.schedule.is_empty(), &req.gate) {
            GateRule::Only(gate.clone())
        } else if !req.schedule.is_empty() {
            let mut names: Vec<String> = req.schedule.clone();
            names.sort();
            names.dedup();
            GateRule::Only(names)
        } else if req.step_mode {
            stepping_rule(&req.gate)
        } else {
            GateRule::Free
        };
        Turns {
            rule,
            held: BTreeMap::new(),
            schedule: req.schedule.iter().cloned().collect(),
            turn: None,
            gone: HashSet::new(),
            gate: req.gate.clone(),
            then_step: req.then_step,
            stepping_since: req.step_mode.then(Instant::now),
        }
    }

    pub(super) fn rule(&self) -> &GateRule {
        &self.rule
    }

    /// Whether a wait is due soon (a scheduled turn may time out).
    pub(super) fn busy(&self) -> bool {
        self.turn.is_some()
    }

    /// Fold in an event just relayed; true when the current turn is over.
    fn note(&mut self, e: &Event) -> bool {
        let mine = self.turn.as_ref().is_some_and(|(a, _)| *a == e.actor);
        match &e.kind {
            EventKind::Held { index, text } => {
                self.held.insert(e.actor.clone(), (*index, text.clone()));
                mine
            }
            EventKind::Exited { .. } => {
                self.gone.insert(e.actor.clone());
                self.held.remove(&e.actor);
                mine
            }
            // Only a real wait ends a turn early: a step that merely may block
            // (acquire of a free lock) must finish before the next turn.
            EventKind::LockWait { .. }
            | EventKind::QueueWait { .. }
            | EventKind::EventWait { .. }
            | EventKind::CondWait { .. }
            | EventKind::BarrierWait { .. } => mine,
            _ => false,
        }
    }
}

impl Host {
    /// After every relayed event: keep the held list and move the schedule on.
    pub(super) fn follow_turns(&mut self, e: &Event) {
        if self.turns.note(e) {
            self.turns.turn = None;
        }
        self.next_turn();
    }

    /// Grant the next scheduled turn when the last one is over; when the list
    /// is used up, let everyone run freely.
    pub(super) fn next_turn(&mut self) {
        if let Some((_, since)) = &self.turns.turn {
            if since.elapsed() < TURN_LIMIT {
                return;
            }
            self.turns.turn = None;
        }
        while let Some(next) = self.turns.schedule.front().cloned() {
            if self.turns.gone.contains(&next) {
                self.turns.schedule.pop_front();
                continue;
            }
            if !self.turns.held.contains_key(&next) {
                return;
            }
            self.turns.schedule.pop_front();
            self.grant(&next);
            self.turns.turn = Some((next, Instant::now()));
            return;
        }
        if self.turns.then_step {
            self.turns.then_step = false;
            let rule = stepping_rule(&self.turns.gate);
            self.set_rule(rule, "replayed: step mode on");
        } else if matches!(self.turns.rule, GateRule::Only(_)) && !self.stepping_on_gate() {
            self.set_rule(GateRule::Free, "schedule done: every actor runs freely");
        }
    }

    /// Step mode on a challenge's actors: an empty schedule is no reason to let go.
    fn stepping_on_gate(&self) -> bool {
        self.turns.gate.is_some() && self.turns.stepping_since.is_some()
    }

    fn grant(&mut self, actor: &str) {
        self.turns.held.remove(actor);
        self.broadcast
            .lock()
            .unwrap()
            .send(ControlMsg::Grant(actor.to_string()));
    }

    fn set_rule(&mut self, rule: GateRule, what: &str) {
        if rule == stepping_rule(&self.turns.gate) {
            self.turns.stepping_since.get_or_insert_with(Instant::now);
        } else if let Some(since) = self.turns.stepping_since.take() {
            self.deadline += since.elapsed();
        }
        self.turns.rule = rule.clone();
        if rule == GateRule::Free {
            self.turns.held.clear();
            self.turns.schedule.clear();
            self.turns.turn = None;
        }
        self.broadcast.lock().unwrap().send(ControlMsg::Gate(rule));
        let e = self.own(EventKind::Control { what: what.into() });
        self.relay(e);
    }

    /// The UI's step-mode keys, and its choice of a deadlock's victim.
    pub(super) fn steer_gates(&mut self, msg: ControlMsg) {
        match msg {
            ControlMsg::StepMode(true) => {
                let rule = stepping_rule(&self.turns.gate);
                self.set_rule(rule, "step mode on")
            }
            ControlMsg::StepMode(false) => self.set_rule(GateRule::Free, "step mode off"),
            ControlMsg::Grant(actor) if self.turns.held.contains_key(&actor) => self.grant(&actor),
            ControlMsg::GrantAll => {
                let held: Vec<String> = self.turns.held.keys().cloned().collect();
                held.iter().for_each(|a| self.grant(a));
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

/// The rule of step mode: hold the gated actors, or every actor.
fn stepping_rule(gate: &Option<Vec<String>>) -> GateRule {
    match gate {
        Some(names) => GateRule::Only(names.clone()),
        None => GateRule::All,
    }
}

//! A challenge being played, folded from events: the steps the learner gave
//! the controlled actors, against the budget, and whether the goal (`win`)
//! is reached (Won), can no longer be (Lost), or not yet (Playing).
//!
//! A step is counted when the host grants a controlled actor a turn
//! (`granted`); the run's schedule is those actors in order. The granted
//! actor counts as running from its grant until it settles again (held at
//! its next gate, waiting, or ended), so a spent budget is judged only after
//! the last step has had its effect. A condition that only grows (an event seen, a count `at_least`) is judged
//! as soon as it holds; any other (a final value, `not_seen`, `equals`) when
//! the controlled actors have all ended, or the run has.

use std::collections::BTreeMap;

use super::checks::{Checks, Verdict};
use super::step_log::StepLog;
use crate::event::{Event, EventKind};
use crate::scenario::challenge::Challenge;
use crate::scenario::check_compare::{Cmp, Compare, Measure};
use crate::scenario::plan::Expect;
use crate::scenario::text::{Lang, Text};

/// Why a challenge is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lost {
    /// Every step of the budget is used, an actor waits for another.
    Budget,
    /// The controlled actors have all ended.
    ActorsEnded,
    /// The run ended (or was stopped).
    RunEnded,
    /// Something the goal rules out (`expect = "not_seen"`) has happened.
    RuledOut,
}

/// Where the challenge stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Playing,
    Won,
    Lost(Lost),
}

/// What a controlled actor is doing, as far as the events tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doing {
    NotYet,
    Running,
    Held,
    Waiting,
    Ended,
}

/// A challenge and its play so far.
#[derive(Debug, Clone)]
pub struct Play {
    pub budget: u32,
    pub actors: Vec<String>,
    pub status: Status,
    /// The steps taken (the schedule played).
    log: StepLog,
    doing: BTreeMap<String, Doing>,
    win: Checks,
    /// Per win condition: an order check's `before` event has been seen.
    before_seen: Vec<bool>,
}

impl Play {
    pub fn new(c: &Challenge) -> Play {
        Play {
            budget: c.budget,
            actors: c.actors.clone(),
            status: Status::Playing,
            log: StepLog::default(),
            doing: c
                .actors
                .iter()
                .map(|a| (a.clone(), Doing::NotYet))
                .collect(),
            win: Checks::new(&c.win),
            before_seen: vec![false; c.win.len()],
        }
    }

    /// The steps taken, one actor name a step.
    pub fn schedule(&self) -> &[String] {
        &self.log.schedule
    }

    pub fn steps(&self) -> u32 {
        u32::try_from(self.log.schedule.len()).unwrap_or(u32::MAX)
    }

    pub fn is_over(&self) -> bool {
        self.status != Status::Playing
    }

    /// Fold one event in; the status is decided once and then kept.
    pub fn apply(&mut self, e: &Event) {
        if self.is_over() {
            return;
        }
        self.win.apply(e);
        self.note_order(e);
        if self.doing.contains_key(&e.actor) {
            self.log.apply(e);
        }
        self.follow(e);
        if let EventKind::RunEnded { .. } = e.kind {
            self.status = self.judge_final(Lost::RunEnded);
            return;
        }
        if self.ruled_out() {
            self.status = Status::Lost(Lost::RuledOut);
        } else if self.holds_now() {
            self.status = Status::Won;
        } else if self.doing.values().all(|d| *d == Doing::Ended) {
            self.status = self.judge_final(Lost::ActorsEnded);
        } else if self.out_of_steps() {
            self.status = Status::Lost(Lost::Budget);
        }
    }

    fn follow(&mut self, e: &Event) {
        let Some(doing) = self.doing.get_mut(&e.actor) else {
            return;
        };
        match &e.kind {
            EventKind::Held { .. } => *doing = Doing::Held,
            // The turn is given: its step is on the way, not yet done.
            EventKind::Granted { .. } | EventKind::Step { .. } => *doing = Doing::Running,
            EventKind::Exited { .. } => *doing = Doing::Ended,
            EventKind::LockWait { .. }
            | EventKind::QueueWait { .. }
            | EventKind::EventWait { .. }
            | EventKind::CondWait { .. }
            | EventKind::BarrierWait { .. } => *doing = Doing::Waiting,
            EventKind::Spawned { .. } | EventKind::ProcState { .. } => {}
            _ if *doing == Doing::Waiting => *doing = Doing::Running,
            _ => {}
        }
    }

    /// The budget is used and a controlled actor waits at its gate for a step
    /// it cannot have, while none runs.
    fn out_of_steps(&self) -> bool {
        let settled = |d: &Doing| matches!(d, Doing::Held | Doing::Waiting | Doing::Ended);
        self.steps() >= self.budget
            && self.doing.values().any(|d| *d == Doing::Held)
            && self.doing.values().all(settled)
    }

    /// An event the goal forbids has been seen: no later step can win.
    fn ruled_out(&self) -> bool {
        self.win
            .items
            .iter()
            .any(|c| c.spec.expect == Expect::NotSeen && c.verdict == Verdict::Failed)
    }

    /// Every condition holds now, and each can be judged mid-run.
    fn holds_now(&self) -> bool {
        self.win.items.iter().all(|c| {
            let Some(cmp) = c.spec.compare.as_deref() else {
                return c.spec.expect == Expect::Seen && c.verdict == Verdict::Passed;
            };
            match (cmp, &c.tally) {
                (
                    Compare::Measure {
                        measure: Measure::Count(_) | Measure::MaxHolders(_) | Measure::MaxOpen(_),
                        cmp: cmp @ Cmp::AtLeast(_),
                    },
                    Some(t),
                ) => t.holds(cmp) == Some(true),
                _ => false,
            }
        })
    }

    /// The verdict once nothing more can happen to the goal.
    fn judge_final(&self, why: Lost) -> Status {
        if self.holds_now() {
            return Status::Won;
        }
        let mut settled = self.win.clone();
        settled.finish();
        if settled.all_passed() {
            Status::Won
        } else {
            Status::Lost(why)
        }
    }

    /// The verdict in words (never an event's name), or None while playing.
    pub fn verdict_line(&self, goal: &Text, lang: Lang) -> Option<String> {
        let n = self.steps();
        let (en, zh) = match self.status {
            Status::Playing => return None,
            Status::Won => (
                format!("WON: {} ({n} steps)", goal.en),
                format!("胜利：{}（用了 {n} 步）", goal.zh),
            ),
            Status::Lost(why) => {
                let (en, zh) = lost_words(why, self.budget);
                (format!("LOST: {en}"), format!("失败：{zh}"))
            }
        };
        Some(match lang {
            Lang::En => en,
            Lang::Zh => zh,
        })
    }
}

/// Why a challenge was lost, in both languages.
fn lost_words(why: Lost, budget: u32) -> (String, String) {
    match why {
        Lost::Budget => (
            format!("all {budget} steps are used and the goal is not reached"),
            format!("{budget} 步都用完了，目标没有达成"),
        ),
        Lost::ActorsEnded => (
            "the actors you control have all finished without reaching the goal".into(),
            "你控制的角色都已结束，目标没有达成".into(),
        ),
        Lost::RunEnded => (
            "the run ended without reaching the goal".into(),
            "运行结束了，目标没有达成".into(),
        ),
        Lost::RuledOut => (
            "what the goal rules out has happened (u steps back)".into(),
            "目标不允许的事已经发生了（按 u 退一步）".into(),
        ),
    }
}

#[path = "challenge_verdict.rs"]
mod verdict;

#[cfg(test)]
#[path = "challenge_tests.rs"]
mod tests;

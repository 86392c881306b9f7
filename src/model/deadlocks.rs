//! Deadlocks and turns as the screen knows them: the wait-for graph folded
//! from every event, the circle the host reported (from its `deadlock` event
//! until it is broken, replaced, or one of its members ends), every circle
//! found so far with how it ended, and the step each held actor waits before
//! (step mode, schedules).

use std::collections::HashMap;

use super::lanes::LaneState;
use super::waitfor::WaitFor;
use super::Model;
use crate::event::Event;

/// How a deadlock was broken: whose wait was given up, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub victim: String,
    /// `unwound` (a thread gave up its wait) or `killed` (a process).
    pub how: String,
    pub t_us: u64,
}

/// One circle the host reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// actor, lock, actor, lock, ... as in the `deadlock` event.
    pub cycle: Vec<String>,
    pub t_us: u64,
    pub broken: Option<Broken>,
}

/// One link of a circle: `actor` waits for `lock`, which `holder` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link<'a> {
    pub actor: &'a str,
    pub lock: &'a str,
    pub holder: &'a str,
}

/// The links of `cycle` (actor, lock, actor, lock, ...), in its order; the
/// last lock is held by the first actor.
pub fn links(cycle: &[String]) -> impl Iterator<Item = Link<'_>> {
    let n = cycle.len() / 2;
    (0..n).map(move |i| Link {
        actor: &cycle[2 * i],
        lock: &cycle[2 * i + 1],
        holder: &cycle[(2 * i + 2) % (2 * n)],
    })
}

/// The circle in words: "t3 waits for B, held by t0; t0 waits for A, held
/// by t3", and the same in Chinese.
pub fn cycle_words(cycle: &[String]) -> (String, String) {
    let en: Vec<String> = links(cycle)
        .map(|l| format!("{} waits for {}, held by {}", l.actor, l.lock, l.holder))
        .collect();
    let zh: Vec<String> = links(cycle)
        .map(|l| {
            format!(
                "{} 等待 {}，而 {} 被 {} 持有",
                l.actor, l.lock, l.lock, l.holder
            )
        })
        .collect();
    (en.join("; "), zh.join("; "))
}

impl Found {
    pub fn links(&self) -> impl Iterator<Item = Link<'_>> {
        links(&self.cycle)
    }

    /// The actors of the circle, in its order: the victims to choose from.
    pub fn members(&self) -> impl Iterator<Item = &str> {
        self.cycle.iter().step_by(2).map(String::as_str)
    }

    pub fn has(&self, actor: &str) -> bool {
        self.members().any(|a| a == actor)
    }
}

/// The step a held actor stopped before, and since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldStep {
    pub index: u32,
    pub text: String,
    pub since_us: u64,
}

/// The wait-for graph, the circles found, and who is held before which step.
#[derive(Debug, Clone, Default)]
pub struct Deadlocks {
    /// Every lock wait and hold, for the graph pane.
    pub graph: WaitFor,
    found: Vec<Found>,
    /// Whether the last of `found` is still reported.
    open: bool,
    held: HashMap<String, HeldStep>,
}

impl Deadlocks {
    /// The circle reported now, if any.
    pub fn current(&self) -> Option<&Found> {
        self.found.last().filter(|_| self.open)
    }

    /// Every circle reported so far, oldest first.
    pub fn history(&self) -> &[Found] {
        &self.found
    }

    /// How the latest circle was broken, while no newer one is reported.
    pub fn last_broken(&self) -> Option<&Broken> {
        if self.open {
            return None;
        }
        self.found.last()?.broken.as_ref()
    }

    /// Whether `actor` is in the circle reported now.
    pub fn is_deadlocked(&self, actor: &str) -> bool {
        self.current().is_some_and(|f| f.has(actor))
    }

    /// The step `actor` is held before, while it waits for its turn.
    pub fn held(&self, actor: &str) -> Option<&HeldStep> {
        self.held.get(actor)
    }

    /// How many actors wait for a turn.
    pub fn held_count(&self) -> usize {
        self.held.len()
    }

    /// A new circle; returns the members of the one it replaces.
    fn report(&mut self, t_us: u64, cycle: &[String]) -> Vec<String> {
        let before = self.close();
        self.found.push(Found {
            cycle: cycle.to_vec(),
            t_us,
            broken: None,
        });
        self.open = true;
        before
    }

    /// The reported circle is over; returns its members.
    fn close(&mut self) -> Vec<String> {
        let members = match self.current() {
            Some(f) => f.members().map(str::to_string).collect(),
            None => Vec::new(),
        };
        self.open = false;
        members
    }

    /// The host sacrificed `victim`; returns the circle's members.
    fn broken(&mut self, t_us: u64, victim: &str, how: &str) -> Vec<String> {
        let members = self.close();
        let last = self.found.iter_mut().rev().find(|f| f.has(victim));
        if let Some(f) = last.filter(|f| f.broken.is_none()) {
            f.broken = Some(Broken {
                victim: victim.to_string(),
                how: how.to_string(),
                t_us,
            });
        }
        members
    }
}

impl Model {
    /// The actor stopped before a step and waits for its turn.
    pub(super) fn on_held(&mut self, e: &Event, index: u32, text: &str) {
        let step = HeldStep {
            index,
            text: text.to_string(),
            since_us: e.t_us,
        };
        self.deadlocks.held.insert(e.actor.clone(), step);
        if let Some(l) = self.lane_mut(&e.actor) {
            l.set_state(e.t_us, LaneState::Held);
        }
    }

    /// The actor took its turn (or runs freely again): no longer held.
    pub(super) fn unhold(&mut self, actor: &str) {
        self.deadlocks.held.remove(actor);
    }

    /// The host reported a circle: its members' lanes turn deadlocked.
    pub(super) fn on_deadlock(&mut self, e: &Event, cycle: &[String]) {
        let before = self.deadlocks.report(e.t_us, cycle);
        self.unmark(e.t_us, &before);
        for actor in cycle.iter().step_by(2) {
            if let Some(l) = self.lane_mut(actor) {
                l.set_state(e.t_us, LaneState::Deadlocked);
            }
        }
    }

    /// The host broke the circle: the others wait on, blocked, for the lock
    /// the victim lets go of (or the kernel drops).
    pub(super) fn on_deadlock_broken(&mut self, e: &Event, victim: &str, how: &str) {
        let members = self.deadlocks.broken(e.t_us, victim, how);
        let others: Vec<String> = members.into_iter().filter(|m| m != victim).collect();
        self.unmark(e.t_us, &others);
    }

    /// An actor ended: it is held no more, and a circle it was part of is over.
    pub(super) fn deadlock_actor_gone(&mut self, e: &Event) {
        self.unhold(&e.actor);
        if self.deadlocks.is_deadlocked(&e.actor) {
            let members = self.deadlocks.close();
            self.unmark(e.t_us, &members);
        }
    }

    /// The run ended: nothing is reported or held any more.
    pub(super) fn deadlocks_over(&mut self) {
        self.deadlocks.close();
        self.deadlocks.held.clear();
    }

    /// Lanes still drawn as deadlocked go back to blocked.
    fn unmark(&mut self, t_us: u64, actors: &[String]) {
        for actor in actors {
            if let Some(l) = self.lane_mut(actor) {
                if l.current() == LaneState::Deadlocked {
                    l.set_state(t_us, LaneState::Blocked);
                }
            }
        }
    }
}

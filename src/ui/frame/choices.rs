//! What the number keys, ↑/↓ and Enter choose on the run screen: while a
//! deadlock is reported, its victims; otherwise, in step mode, whose turn it
//! is. The deadlock comes first: nobody in the circle can take a turn until
//! it is broken, and the banner says so.

use super::state::RunState;
use crate::runtime::launch::ControlMsg;

/// Which list the keys choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChoiceKind {
    /// The actors of the reported circle, by name (`1 t0  2 t1`: the key
    /// agrees with the name).
    Victim,
    /// Every live actor, in lane order (numbers stay put while actors take turns).
    Turn,
}

/// The list on screen, numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Choices<'a> {
    pub kind: ChoiceKind,
    pub names: Vec<&'a str>,
}

/// Names in the order people count them: `t2` before `t10`.
pub(crate) fn victim_order<'a>(names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut names: Vec<&str> = names.collect();
    names.sort_by_key(|n| natural_key(n));
    names.dedup();
    names
}

/// `t10` as ("t", 10, "t10"): the number read as a number.
fn natural_key(name: &str) -> (&str, u64, &str) {
    let head = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let n = name[head.len()..].parse().unwrap_or(0);
    (head, n, name)
}

impl Choices<'_> {
    /// What choosing `name` asks of the host.
    pub fn message(&self, name: &str) -> ControlMsg {
        match self.kind {
            ChoiceKind::Victim => ControlMsg::Break(name.to_string()),
            ChoiceKind::Turn => ControlMsg::Grant(name.to_string()),
        }
    }
}

impl RunState {
    /// Whether this run is a learner's own Python program (`conlab py`).
    pub(crate) fn own_program(&self) -> bool {
        self.scenario
            .fixed_plan()
            .is_some_and(|p| p.python.is_some())
    }

    /// The victims of the reported deadlock, else in step mode the turns; None
    /// when the keys have nothing to choose.
    pub(crate) fn choices(&self) -> Option<Choices<'_>> {
        let model = &self.model;
        if model.run.outcome.is_some() {
            return None;
        }
        if let Some(found) = model.deadlocks.current() {
            let names = victim_order(found.members());
            return Some(Choices {
                kind: ChoiceKind::Victim,
                names,
            });
        }
        if !self.may_step() {
            return None;
        }
        let mine = |a: &str| {
            self.challenge
                .as_ref()
                .is_none_or(|c| c.spec.actors.iter().any(|x| x == a))
        };
        let live = model
            .lanes
            .iter()
            .filter(|l| l.exited_us.is_none() && mine(&l.actor));
        Some(Choices {
            kind: ChoiceKind::Turn,
            names: live.map(|l| l.actor.as_str()).collect(),
        })
    }

    /// The choice ↑/↓ point at, kept inside the list.
    pub(crate) fn chosen_index(&self, choices: &Choices<'_>) -> usize {
        self.chosen.min(choices.names.len().saturating_sub(1))
    }

    /// Take choice `i` (0-based): the message for the host, if there is such a choice.
    pub(crate) fn pick(&mut self, i: usize) -> Option<ControlMsg> {
        let msg = {
            let choices = self.choices()?;
            let name = choices.names.get(i)?;
            choices.message(name)
        };
        self.chosen = i;
        Some(msg)
    }

    /// Take the choice ↑/↓ point at.
    pub(crate) fn pick_chosen(&mut self) -> Option<ControlMsg> {
        let i = self.chosen_index(&self.choices()?);
        self.pick(i)
    }

    /// Move the pointer one choice up or down, stopping at the ends.
    pub(crate) fn move_chosen(&mut self, down: bool) {
        let Some(n) = self.choices().map(|c| c.names.len()) else {
            return;
        };
        let at = self.chosen.min(n.saturating_sub(1));
        self.chosen = if down {
            (at + 1).min(n.saturating_sub(1))
        } else {
            at.saturating_sub(1)
        };
    }

    /// Step mode on or off; the message that asks the host for it.
    pub(crate) fn toggle_step_mode(&mut self) -> ControlMsg {
        self.step_mode = !self.step_mode;
        self.chosen = 0;
        ControlMsg::StepMode(self.step_mode)
    }
}

#[cfg(test)]
mod tests {
    use super::victim_order;

    #[test]
    fn victims_are_numbered_by_name_as_people_count() {
        let got = victim_order(["t1", "t10", "t0", "t2", "main"].into_iter());
        assert_eq!(got, ["main", "t0", "t1", "t2", "t10"]);
    }
}

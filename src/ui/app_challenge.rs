//! The app's part in a challenge: the debrief page, the keys a challenge
//! refuses, and the command that replays a stepped run, kept for stderr.

use super::app::{App, Effect};
use super::keymap::Action;
use super::state::RunState;

impl App {
    /// Leaving the run on screen: keep the command that replays its steps.
    pub fn note_leaving(&mut self) {
        if let Some(cmd) = self.run.as_ref().and_then(RunState::replay_command) {
            self.farewell.push(cmd);
        }
    }

    /// Esc or q with the debrief open closes it (true), rather than the run.
    pub(super) fn close_debrief(&mut self) -> bool {
        let open = self.run.as_mut().and_then(|r| r.challenge.as_mut());
        match open {
            Some(c) if c.debrief => {
                c.debrief = false;
                true
            }
            _ => false,
        }
    }
}

impl RunState {
    /// `d`: the debrief page on or off (a challenge only).
    pub(super) fn toggle_debrief(&mut self) -> Vec<Effect> {
        if let Some(c) = self.challenge.as_mut() {
            c.debrief = !c.debrief;
        }
        Vec::new()
    }

    /// A challenge fixes its variant and is played in step mode: `v` and `s`
    /// do nothing. A learner's own program has step mode (its module holds
    /// each instrumented operation) but no undo (a rerun with the turns
    /// played), nor a speed: its sleeps take the time they take (`+` `-`
    /// do nothing).
    pub(super) fn refuses(&self, action: Action) -> bool {
        let own =
            self.own_program() && matches!(action, Action::Undo | Action::Faster | Action::Slower);
        own || self.challenge.is_some() && matches!(action, Action::NextVariant | Action::StepMode)
    }
}

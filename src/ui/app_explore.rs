//! The explorer panel's part of the app: `x` opens it on the run (from the
//! session's results when this lesson, variant and parameters were explored
//! already), its keys choose and replay a schedule, and closing it stops the
//! exploration.

use std::collections::HashMap;

use super::app::{App, Effect};
use super::explorer_job::JobMsg;
use super::explorer_state::{spec_of, ExploreKey, ExplorerState};
use super::keymap::Action;
use crate::explore::Report;

/// The results explored in this session, each with the row last chosen.
pub(crate) type Explored = HashMap<ExploreKey, (Report, usize)>;

impl App {
    /// `x` on the run screen: open the panel (a recording cannot be explored).
    pub(super) fn open_explorer(&mut self) -> Vec<Effect> {
        // A learner's own program cannot be held step by step yet: nothing to explore.
        let Some(run) = self.run.as_mut().filter(|r| !r.replay && !r.own_program()) else {
            return Vec::new();
        };
        let spec = spec_of(run);
        if let Some((report, selected)) = self.explored.get(&ExploreKey::of(&spec)) {
            run.explorer = Some(ExplorerState::done(spec, report.clone(), *selected));
            return Vec::new();
        }
        run.explorer = Some(ExplorerState::start(spec.clone()));
        vec![Effect::Explore(spec)]
    }

    /// A key while the panel is open; None: not the panel's (help, language, quit).
    pub(super) fn on_explorer(&mut self, action: Action) -> Option<Vec<Effect>> {
        let state = self.run.as_mut()?.explorer.as_mut()?;
        match action {
            Action::Up | Action::Down => {
                state.move_selection(action == Action::Down);
                Some(Vec::new())
            }
            Action::Open => Some(self.replay_chosen()),
            Action::Filter => {
                state.toggle_wins_only();
                Some(Vec::new())
            }
            Action::Back | Action::Explore if !self.ui.help => Some(self.close_explorer()),
            _ => None,
        }
    }

    /// Close the panel; an exploration still under way is stopped.
    pub(super) fn close_explorer(&mut self) -> Vec<Effect> {
        let Some(state) = self.run.as_mut().and_then(|r| r.explorer.take()) else {
            return Vec::new();
        };
        self.remember(&state);
        if state.running() {
            vec![Effect::StopExplore]
        } else {
            Vec::new()
        }
    }

    /// Keep a whole result (and the row chosen in it) for the session.
    fn remember(&mut self, state: &ExplorerState) {
        if let Some(report) = state.report().filter(|r| r.complete) {
            let key = ExploreKey::of(&state.spec);
            self.explored.insert(key, (report.clone(), state.selected));
        }
    }

    /// Enter: close the panel and run again with the chosen schedule.
    fn replay_chosen(&mut self) -> Vec<Effect> {
        let Some(run) = self.run.as_mut() else {
            return Vec::new();
        };
        let Some(schedule) = run.explorer.as_ref().and_then(ExplorerState::chosen) else {
            return Vec::new();
        };
        let mut effects = self.close_explorer();
        if let Some(run) = self.run.as_mut() {
            run.schedule = schedule;
            run.view.follow_live();
            effects.extend([Effect::Stop, Effect::Launch]);
        }
        effects
    }

    /// A message from the exploration's thread.
    pub(crate) fn on_explore_msg(&mut self, msg: JobMsg) {
        let Some(state) = self.run.as_mut().and_then(|r| r.explorer.as_mut()) else {
            return;
        };
        match msg {
            JobMsg::Progress(p) => state.progress(p),
            JobMsg::Done(result) => {
                state.finish(result);
                let state = state.clone();
                self.remember(&state);
            }
        }
    }
}

//! The explorer panel as plain data: what is explored, where the exploration
//! stands, and which schedule of the result is chosen. Only the app changes it.

use super::state::RunState;
use crate::explore::{Bound, ExploreSpec, Progress, Report};

/// What a result is kept by for the session: the same lesson, variant,
/// parameters and gated actors explore to the same result.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExploreKey {
    pub id: String,
    pub variant: Option<String>,
    pub sets: Vec<(String, String)>,
    pub actors: Option<Vec<String>>,
    pub challenge: Option<String>,
}

impl ExploreKey {
    pub fn of(spec: &ExploreSpec) -> ExploreKey {
        ExploreKey {
            id: spec.id.clone(),
            variant: spec.variant.clone(),
            sets: spec.sets.clone(),
            actors: spec.actors.clone(),
            challenge: spec.challenge.clone(),
        }
    }
}

/// The exploration of the run on screen: its lesson, variant and parameters,
/// two runs at once, the bound chosen by the size of the space. A built-in
/// lesson goes by its id, a teacher's file by its path.
pub fn spec_of(run: &RunState) -> ExploreSpec {
    let s = &run.scenario;
    let builtin = crate::scenario::load_builtin(&s.id).is_some();
    let id = if builtin || s.origin.is_empty() {
        s.id.clone()
    } else {
        s.origin.clone()
    };
    ExploreSpec {
        id,
        variant: run.variant.clone(),
        sets: run.sets.clone(),
        actors: run.challenge.as_ref().map(|c| c.spec.actors.clone()),
        bound: Bound::Auto,
        max: None,
        workers: 2,
        challenge: run.challenge.as_ref().map(|c| c.spec.id.clone()),
    }
}

/// Where the exploration stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Under way on its thread: the last progress it reported.
    Running(Progress),
    Done(Report),
    /// It could not run (the message says why).
    Failed(String),
}

/// The panel `x` opens on a run.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplorerState {
    pub spec: ExploreSpec,
    pub status: Status,
    /// The chosen row of the schedule list.
    pub selected: usize,
    /// On a challenge: the list shows only the winning schedules (`w`).
    pub wins_only: bool,
}

/// One row of the schedule list: which outcome it reaches (an index into the
/// report's outcomes), whether it is that outcome's shortest, and the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleRow<'a> {
    pub outcome: usize,
    pub shortest: bool,
    pub schedule: &'a [String],
}

impl ExplorerState {
    /// An exploration just started.
    pub fn start(spec: ExploreSpec) -> ExplorerState {
        ExplorerState {
            spec,
            status: Status::Running(Progress::default()),
            selected: 0,
            wins_only: false,
        }
    }

    /// A result already known (reopened from the session's cache).
    pub fn done(spec: ExploreSpec, report: Report, selected: usize) -> ExplorerState {
        ExplorerState {
            spec,
            status: Status::Done(report),
            selected,
            wins_only: false,
        }
    }

    pub fn running(&self) -> bool {
        matches!(self.status, Status::Running(_))
    }

    pub fn report(&self) -> Option<&Report> {
        match &self.status {
            Status::Done(r) => Some(r),
            _ => None,
        }
    }

    /// Each outcome's shortest schedule, then its other examples.
    pub fn rows(&self) -> Vec<ScheduleRow<'_>> {
        let Some(report) = self.report() else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        let shown = |o: &&crate::explore::OutcomeRow| !self.wins_only || o.wins == Some(true);
        for (i, o) in report.outcomes.iter().enumerate().filter(|(_, o)| shown(o)) {
            rows.push(ScheduleRow {
                outcome: i,
                shortest: true,
                schedule: &o.shortest,
            });
            for s in o.schedules.iter().filter(|s| **s != o.shortest) {
                rows.push(ScheduleRow {
                    outcome: i,
                    shortest: false,
                    schedule: s,
                });
            }
        }
        rows
    }

    /// `w`: only the winning schedules, or all again (on a challenge).
    pub fn toggle_wins_only(&mut self) {
        let judged = self
            .report()
            .is_some_and(|r| r.outcomes.iter().any(|o| o.wins.is_some()));
        if judged {
            self.wins_only = !self.wins_only;
            self.selected = 0;
        }
    }

    /// ↑ or ↓ in the list, stopping at its ends.
    pub fn move_selection(&mut self, down: bool) {
        let last = self.rows().len().saturating_sub(1);
        self.selected = if down {
            (self.selected + 1).min(last)
        } else {
            self.selected.saturating_sub(1).min(last)
        };
    }

    /// The chosen schedule, once there is a result with one.
    pub fn chosen(&self) -> Option<Vec<String>> {
        let rows = self.rows();
        let row = rows.get(self.selected.min(rows.len().checked_sub(1)?))?;
        Some(row.schedule.to_vec())
    }

    /// Progress reported by the exploration's thread.
    pub fn progress(&mut self, p: Progress) {
        if self.running() {
            self.status = Status::Running(p);
        }
    }

    /// The exploration ended: its result, or why there is none.
    pub fn finish(&mut self, result: Result<Report, String>) {
        if self.running() {
            self.selected = 0;
            self.status = match result {
                Ok(r) => Status::Done(r),
                Err(e) => Status::Failed(e),
            };
        }
    }
}

//! The kinds of pane the run screen shows, in Tab order, and which of them
//! a run has anything for.

use crate::model::locks::Kind;
use crate::model::Model;

/// Which view the lower-right pane shows on screens too small for all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Log,
    Lesson,
    /// The Python listing, each actor at its line.
    Code,
    Checks,
    Locks,
    /// The wait-for graph: who waits for which lock, held by whom.
    Graph,
    Values,
    /// Queues and pipes.
    Queues,
    Pools,
    /// Tables of measured times.
    Table,
    /// A scheduling lesson's jobs: the table and a Gantt row each.
    Jobs,
    /// Sockets: listeners, connections, their bytes.
    Connections,
}

/// Every pane, in the order Tab visits them.
pub const PANES: [Pane; 12] = [
    Pane::Log,
    Pane::Lesson,
    Pane::Code,
    Pane::Checks,
    Pane::Locks,
    Pane::Graph,
    Pane::Values,
    Pane::Queues,
    Pane::Pools,
    Pane::Table,
    Pane::Jobs,
    Pane::Connections,
];

/// The `panel = "..."` name a lesson page gives each pane it can point at.
const PANEL_NAMES: [(Pane, &str); 11] = [
    (Pane::Log, "log"),
    (Pane::Code, "code"),
    (Pane::Checks, "checks"),
    (Pane::Locks, "locks"),
    (Pane::Graph, "waitfor"),
    (Pane::Values, "values"),
    (Pane::Queues, "queues"),
    (Pane::Pools, "pools"),
    (Pane::Table, "table"),
    (Pane::Jobs, "jobs"),
    (Pane::Connections, "connections"),
];

/// The panes of shared objects, in the order they stack in the wide layout.
pub const SHARED_PANES: [Pane; 8] = [
    Pane::Locks,
    Pane::Graph,
    Pane::Values,
    Pane::Queues,
    Pane::Pools,
    Pane::Jobs,
    Pane::Connections,
    // Last: it takes the rest, so a table is seldom cut.
    Pane::Table,
];

impl Pane {
    /// Whether the run has anything for this pane: the shared objects' panes
    /// only when it has them, so process lessons keep three tabs.
    pub fn available(self, model: &Model) -> bool {
        match self {
            Pane::Log | Pane::Lesson | Pane::Checks => true,
            Pane::Code => model.listing.is_some(),
            Pane::Locks => !model.locks.is_empty(),
            Pane::Graph => graph_worth_showing(model),
            Pane::Values => !model.values.is_empty(),
            Pane::Queues => !model.queues.is_empty(),
            Pane::Pools => !model.pools.is_empty(),
            Pane::Table => !model.tables.is_empty(),
            Pane::Jobs => !model.jobs.is_empty(),
            Pane::Connections => !model.net.is_empty(),
        }
    }

    /// The `panel` name pages use for this pane, if pages can point at it.
    pub fn panel(self) -> Option<&'static str> {
        PANEL_NAMES
            .iter()
            .find(|(q, _)| *q == self)
            .map(|(_, n)| *n)
    }

    /// The pane a page's `panel` names, if it is one (`tree` and `timeline`
    /// are not panes: they are on screen in every layout).
    pub fn of_panel(name: &str) -> Option<Pane> {
        PANEL_NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(p, _)| *p)
    }

    /// How many presses of Tab lead from this pane to `to` (0 when it is on).
    pub fn tabs_to(self, to: Pane, model: &Model) -> usize {
        let mut at = self;
        (0..=PANES.len())
            .find(|_| {
                let here = at == to;
                at = at.next(model);
                here
            })
            .unwrap_or(PANES.len())
    }

    /// The pane Tab moves to, skipping those the run has nothing for.
    pub fn next(self, model: &Model) -> Pane {
        let i = PANES.iter().position(|&p| p == self).unwrap_or(0);
        (1..=PANES.len())
            .map(|k| PANES[(i + k) % PANES.len()])
            .find(|p| p.available(model))
            .unwrap_or(Pane::Log)
    }

    /// What the pane shows for this run: itself, or the log when the run has
    /// nothing for it (the choice outlives a run; the next may have no locks).
    pub fn shown(self, model: &Model) -> Pane {
        if self.available(model) {
            self
        } else {
            Pane::Log
        }
    }
}

/// The wait-for graph adds to the locks panel only where a circle can form:
/// two locks or more, a recursive lock (the lesson of taking one twice), or
/// a deadlock already found. One plain lock keeps its room for the values.
fn graph_worth_showing(model: &Model) -> bool {
    let locks = || model.locks.iter().filter(|l| l.kind != Kind::Event);
    !model.deadlocks.history().is_empty()
        || locks().any(|l| l.kind == Kind::Rlock)
        || locks().nth(1).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_cycle_over_what_the_run_has() {
        let plain = Model::default();
        assert_eq!(Pane::Log.next(&plain).next(&plain).next(&plain), Pane::Log);
        assert_eq!(Pane::Locks.shown(&plain), Pane::Log);
        let mut shared = Model::default();
        shared.apply(&crate::event::Event {
            t_us: 1,
            actor: "a".into(),
            pid: 1,
            tid: None,
            kind: crate::event::EventKind::LockWait { lock: "L".into() },
        });
        assert_eq!(Pane::Checks.next(&shared), Pane::Locks);
        assert_eq!(
            Pane::Locks.next(&shared),
            Pane::Log,
            "no values: Values is skipped"
        );
        assert_eq!(Pane::Locks.shown(&shared), Pane::Locks);
    }
}

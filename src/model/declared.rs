//! What a scenario declares up front, so the panels are right before the
//! first event: locks and values with their kinds, queues, pipes and pools.

use super::Model;
use crate::scenario::plan::{LockSpec, PipeSpec, Plan, PoolSpec, QueueSpec, ValueSpec};
use crate::scenario::text::Text;

/// The shared objects a scenario declares, for `Model::declare`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Declared<'a> {
    pub locks: &'a [LockSpec],
    pub values: &'a [ValueSpec],
    pub queues: &'a [QueueSpec],
    pub pipes: &'a [PipeSpec],
    pub pools: &'a [PoolSpec],
    pub tables: &'a [crate::scenario::tables::TableSpec],
    pub listing: Option<&'a Text>,
    /// The actors (for their start methods: values_fork.rs).
    pub actors: &'a [crate::scenario::plan::ActorSpec],
    /// A scheduling lesson's jobs: (name, arrival, burst).
    pub jobs: &'a [(String, u32, u32)],
    /// How many sockets the scenario declares (`[sockets.NAME]`).
    pub sockets: usize,
}

impl<'a> Declared<'a> {
    /// All that a plan declares.
    pub fn of(plan: &'a Plan) -> Declared<'a> {
        Declared {
            locks: &plan.locks,
            values: &plan.values,
            queues: &plan.queues,
            pipes: &plan.pipes,
            pools: &plan.pools,
            tables: &plan.tables,
            listing: plan.listing.as_ref(),
            actors: &plan.actors,
            jobs: plan.schedule.as_ref().map_or(&[], |s| s.jobs.as_slice()),
            sockets: plan.sockets.len(),
        }
    }
}

impl Model {
    /// Name the scenario's shared objects before the first event, with their
    /// kinds: the panels are right from the start, and a global is known to be
    /// copied per process.
    pub fn declare(&mut self, d: &Declared<'_>) {
        self.locks.declare(d.locks);
        self.deadlocks.graph.declare(d.locks);
        self.values.declare(d.values);
        self.values.declare_forked(d.actors);
        self.queues.declare(d.queues);
        self.queues.declare_pipes(d.pipes);
        self.pools.declare(d.pools);
        self.tables.declare(d.tables);
        self.listing = d.listing.cloned();
        self.jobs.declare(d.jobs);
        self.net.declared = d.sockets > 0;
    }

    /// True when the run has locks, events, shared values, queues, pipes,
    /// pools, tables, sockets (or a scheduling lesson's jobs) to show.
    pub fn has_shared_state(&self) -> bool {
        !self.locks.is_empty()
            || !self.values.is_empty()
            || !self.queues.is_empty()
            || !self.pools.is_empty()
            || !self.tables.is_empty()
            || !self.jobs.is_empty()
            || !self.net.is_empty()
    }
}

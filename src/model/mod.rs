//! The run as the screen knows it, built only from events: pure, no IO, no clock.

pub mod challenge;
pub mod check_compare;
pub mod checks;
pub mod deadlocks;
mod declared;
pub mod errors;
pub(crate) mod facts;
mod facts_timed;
pub mod findings;
pub mod findings_list;
mod findings_locks;
mod findings_more;
mod findings_trace;
mod findings_words;
pub mod gil;
pub mod history;
pub mod job_table;
pub mod lanes;
pub mod lesson;
mod lifecycle;
pub mod locks;
pub mod log;
mod named;
pub mod net;
mod net_apply;
pub mod net_bytes;
pub mod net_conn;
pub mod net_latency;
pub mod net_udp;
pub mod outcome;
pub mod pools;
pub mod queues;
pub mod reorder;
mod run;
pub mod schedule;
pub mod step_log;
pub mod tables;
pub mod tree;
pub mod values;
pub mod waitfor;

use crate::event::{Event, EventKind};
use crate::scenario::plan::CheckSpec;
use checks::Checks;
use deadlocks::Deadlocks;
pub use declared::Declared;
use errors::Errors;
use lanes::{Lane, LaneState};
use lifecycle::new_node;
use locks::Locks;
use log::{Log, LogKind};
use pools::Pools;
use queues::{Fill, Queues};
pub use run::RunInfo;
use tree::ProcTree;
use values::Values;

/// Everything the view draws.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub run: RunInfo,
    pub lanes: Vec<Lane>,
    /// Where each actor's lane is in `lanes`: every event looks its lane up.
    lane_at: std::collections::HashMap<String, usize>,
    pub tree: ProcTree,
    pub log: Log,
    pub checks: Checks,
    pub locks: Locks,
    /// The modelled GILs: who held each when (the timeline's GIL lanes).
    pub gils: gil::Gils,
    pub values: Values,
    /// Queues and pipes.
    pub queues: Queues,
    pub pools: Pools,
    /// Tables of measured times (`measure` steps).
    pub tables: tables::Tables,
    /// The scheduling lesson's jobs: the table and who ran when.
    pub jobs: job_table::JobTable,
    /// Sockets: listeners, connections, their bytes (the connections panel).
    pub net: net::Net,
    pub errors: Errors,
    /// The wait-for graph, deadlocks found, and who waits for a turn.
    pub deadlocks: Deadlocks,
    /// What a teacher would point at in the learner's own program.
    pub findings: findings::Findings,
    /// The run's program in Python, for the code pane (`Lane::line_at` says
    /// where each actor is in it).
    pub listing: Option<crate::scenario::text::Text>,
    pub events_seen: u64,
}

impl Model {
    pub fn new(checks: &[CheckSpec]) -> Self {
        Model {
            checks: Checks::new(checks),
            ..Model::default()
        }
    }

    pub fn lane(&self, actor: &str) -> Option<&Lane> {
        self.lane_at.get(actor).map(|&i| &self.lanes[i])
    }

    fn lane_mut(&mut self, actor: &str) -> Option<&mut Lane> {
        self.lane_at.get(actor).map(|&i| &mut self.lanes[i])
    }

    fn pid_of(&self, actor: &str) -> Option<i32> {
        if actor == "host" {
            return self.run.host_pid;
        }
        self.lane(actor).map(|l| l.pid)
    }

    /// Fold one event into the model.
    pub fn apply(&mut self, e: &Event) {
        self.events_seen += 1;
        self.run.last_us = self.run.last_us.max(e.t_us);
        self.checks.apply(e);
        facts::log_fact(&mut self.log, e);
        self.deadlocks.graph.apply(e);
        self.gils.apply(e);
        self.findings.apply(e);
        match &e.kind {
            EventKind::Held { index, text } => self.on_held(e, *index, text),
            EventKind::Sched {
                what,
                job,
                at,
                burst,
                ..
            } => self.jobs.apply(what, job, *at, *burst),
            EventKind::Deadlock { cycle } => self.on_deadlock(e, cycle),
            EventKind::DeadlockBroken { victim, how } => self.on_deadlock_broken(e, victim, how),
            EventKind::RunStarted {
                scenario,
                variant,
                seed,
                speed,
            } => {
                self.run.scenario = scenario.clone();
                self.run.variant = variant.clone();
                self.run.seed = *seed;
                self.run.speed = *speed;
                self.run.host_pid = Some(e.pid);
                self.tree.insert(new_node("host", e.pid, None, false));
            }
            EventKind::Spawned {
                kind,
                parent,
                daemon,
            } => self.on_spawned(e, *kind, parent.as_deref(), *daemon),
            EventKind::Started {} => {
                if let Some(l) = self.lane_mut(&e.actor) {
                    l.started_us = Some(e.t_us);
                    l.tid = e.tid.or(l.tid);
                    l.set_state(e.t_us, LaneState::Running);
                }
            }
            EventKind::Step {
                text,
                activity,
                op,
                line,
                ..
            } => {
                self.unhold(&e.actor);
                if let Some(l) = self.lane_mut(&e.actor) {
                    l.note_line(e.t_us, *line);
                    l.doing.clone_from(text);
                    l.doing_op.clone_from(op);
                    l.set_state(e.t_us, LaneState::from_activity(*activity));
                }
            }
            EventKind::Print { text } => {
                self.log
                    .push(e.t_us, &e.actor, LogKind::Print, text.clone())
            }
            EventKind::Error { text } => {
                self.errors.note(&e.actor, text);
                self.log
                    .push(e.t_us, &e.actor, LogKind::Error, text.clone())
            }
            EventKind::Exited { code, signal, .. } => {
                self.net.unblock(&e.actor);
                self.on_exited(e, *code, signal.clone());
                self.deadlock_actor_gone(e);
            }
            EventKind::Reaped { by } => self.on_reaped(e, by),
            EventKind::ProcState { state } => self.on_proc_state(e, state),
            EventKind::Reparented { ppid, from } => {
                if let Some(n) = self.tree.get_mut(e.pid) {
                    n.ppid = Some(*ppid);
                    n.adopted_us = Some(e.t_us);
                    // A log cut short may lack the parent's birth: the OS says who it was.
                    n.born_ppid = n.born_ppid.or(*from);
                }
            }
            EventKind::Control { what } => self.on_control(e, what),
            EventKind::RunEnded { outcome, reason } => {
                self.run.outcome = Some(*outcome);
                self.run.end_reason.clone_from(reason);
                self.run.ended_us = Some(e.t_us);
                self.run.paused = false;
                self.checks.finish();
                self.deadlocks_over();
            }
            EventKind::Granted { .. }
            | EventKind::Signalled { .. }
            | EventKind::Alive { .. }
            | EventKind::Recipe { .. }
            | EventKind::LimitReached { .. } => {}
            // Sockets: the connections panel's model (net_apply.rs).
            EventKind::SockListen { .. }
            | EventKind::SockWait { .. }
            | EventKind::SockConnected { .. }
            | EventKind::SockSent { .. }
            | EventKind::SockRecv { .. }
            | EventKind::SockEof { .. }
            | EventKind::SockClosed { .. }
            | EventKind::SockError { .. }
            | EventKind::SockReady { .. } => self.on_sock(e),
            EventKind::LockWait { lock } => self.locks.wait(e.t_us, &e.actor, lock),
            EventKind::LockAcquired { lock, count } => {
                self.locks.acquired(e.t_us, &e.actor, lock, *count)
            }
            EventKind::LockReleased { lock, count } => {
                self.locks.released(e.t_us, &e.actor, lock, *count)
            }
            EventKind::EventWait { lock } => self.locks.event_wait(e.t_us, &e.actor, lock),
            EventKind::EventPassed { lock } => self.locks.event_passed(e.t_us, &e.actor, lock),
            EventKind::EventSet { lock, set } => self.locks.event_set(lock, *set),
            k @ (EventKind::CondWait { .. }
            | EventKind::CondNotify { .. }
            | EventKind::CondWoken { .. }
            | EventKind::BarrierWait { .. }
            | EventKind::BarrierPassed { .. }
            | EventKind::BarrierBroken { .. }
            | EventKind::BarrierAbort { .. }) => self.locks.sync_event(e.t_us, &e.actor, k),
            EventKind::TimedOut { op, object, .. } if op != "join" => {
                self.locks.gave_up(e.t_us, &e.actor, object)
            }
            EventKind::TimedOut { .. }
            | EventKind::TimerStarted { .. }
            | EventKind::TimerFired { .. }
            | EventKind::TimerCancelled { .. } => {}
            EventKind::Value { name, value } => {
                self.values.wrote(e.t_us, &e.actor, e.pid, name, value)
            }
            EventKind::ValueRead { name, value } => {
                self.values.read(e.t_us, &e.actor, e.pid, name, value)
            }
            EventKind::QueuePut {
                queue,
                item,
                len,
                cap,
            } => {
                let fill = Fill::new(*len, *cap);
                let over = self.queues.put(e.t_us, &e.actor, queue, *item, fill);
                self.wait_over(e, over);
            }
            EventKind::QueueGet {
                queue,
                item,
                from,
                len,
                cap,
            } => {
                let fill = Fill::new(*len, *cap);
                let over = self.queues.got(e.t_us, &e.actor, queue, from, *item, fill);
                self.wait_over(e, over);
            }
            EventKind::QueueWait {
                queue,
                side,
                len,
                cap,
            } => {
                let fill = Fill::new(*len, *cap);
                self.queues.wait(e.t_us, &e.actor, queue, *side, fill);
                if let Some(l) = self.lane_mut(&e.actor) {
                    l.set_state(e.t_us, LaneState::Blocked);
                }
            }
            EventKind::QueueFull { queue, item } => {
                let over = self.queues.full(&e.actor, queue, *item);
                self.wait_over(e, over);
            }
            EventKind::QueueEmpty { queue } => {
                let over = self.queues.empty(&e.actor, queue);
                self.wait_over(e, over);
            }
            EventKind::QueueAsked {
                queue,
                question,
                answer,
                len,
            } => self.queues.asked(&e.actor, queue, question, answer, *len),
            EventKind::TaskDone { queue, unfinished } => {
                self.queues.task_done(e.t_us, queue, *unfinished)
            }
            EventKind::QueueJoined { queue } => self.queues.joined(&e.actor, queue),
            EventKind::PipeSend { pipe, end, item } => self.queues.sent(pipe, end, *item),
            EventKind::PipeRecv { pipe, end, item } => self.queues.received(pipe, end, *item),
            EventKind::PipeEof { pipe, end } => self.queues.eof(&e.actor, pipe, end),
            EventKind::PipeClosed { pipe, end } => self.queues.closed(&e.actor, pipe, end),
            EventKind::PoolCreated {
                pool,
                kind,
                size,
                workers,
            } => self.pools.created(&e.actor, pool, *kind, *size, workers),
            EventKind::TaskSubmitted {
                pool,
                task,
                arg,
                how,
            } => self.pools.submitted(pool, *task, *arg, how),
            EventKind::TaskStarted { pool, task, arg } => {
                let at = (e.pid, e.tid);
                self.pools.started(&e.actor, at, pool, *task, *arg)
            }
            EventKind::TaskFinished { pool, task, result } => {
                self.pools.finished(&e.actor, pool, *task, *result)
            }
            EventKind::TaskResult { pool, task, result } => {
                self.pools.collected(pool, *task, *result)
            }
            EventKind::Callback { pool, task, result } => {
                self.pools.callback(e.t_us, pool, *task, *result)
            }
            EventKind::PoolClosed { pool } => self.pools.closed(pool),
            EventKind::Measured {
                table,
                row,
                column,
                seconds,
            } => self.tables.measured(table, row, column, *seconds),
        }
    }

    /// A queue wait ended (`over`): the actor runs again.
    fn wait_over(&mut self, e: &Event, over: bool) {
        let Some(l) = self.lane_mut(&e.actor) else {
            return;
        };
        if over && l.current() == LaneState::Blocked {
            l.set_state(e.t_us, LaneState::Running);
        }
    }
}

#[cfg(test)]
mod findings_tests;
#[cfg(test)]
mod findings_tests_errors;
#[cfg(test)]
mod findings_tests_waits;
#[cfg(test)]
mod test_events;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_deadlocks;
#[cfg(test)]
mod tests_locks;
#[cfg(test)]
pub(crate) mod tests_net;
#[cfg(test)]
mod tests_pools;
#[cfg(test)]
mod tests_queues;
#[cfg(test)]
mod tests_timed;
#[cfg(test)]
mod tests_values;

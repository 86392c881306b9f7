//! The interpreter's steps for loops, queues and pipes (pools: `actor_pool`).

use nix::unistd::{getpid, gettid};

use super::actor::{Actor, Ended, Flow, Role};
use super::control::{Aborted, Control};
use super::queues::{QResult, QueueError, Teller};
use crate::event::EventKind;
use crate::scenario::expr::{Expr, NONE};
use crate::scenario::plan::Step;

/// A local variable's value for an item (None is kept as a reserved number).
pub(super) fn to_local(item: Option<i64>) -> i64 {
    item.unwrap_or(NONE)
}

pub(super) fn to_item(v: i64) -> Option<i64> {
    (v != NONE).then_some(v)
}

impl Teller for Actor {
    fn say(&self, kind: EventKind) {
        Actor::say(self, kind)
    }

    fn say_at(&self, t_us: u64, kind: EventKind) {
        let tid = (self.role != Role::ProcessMain).then(|| gettid().as_raw());
        self.proc
            .emit
            .emit_at(t_us, &self.name, getpid().as_raw(), tid, kind);
    }

    fn now_us(&self) -> u64 {
        self.proc.emit.clock().t_us()
    }

    fn control(&self) -> &Control {
        &self.proc.control
    }

    fn name(&self) -> &str {
        &self.name
    }
}

impl Actor {
    /// Take a loop, queue, pipe or pool step; None when the step is of another kind.
    pub(super) fn exec_flow(&mut self, step: &Step) -> Option<Flow> {
        let done = match step {
            Step::Loop(body) => return Some(self.repeat(body)),
            Step::Break => return Some(Flow::Break),
            Step::ServePool(p) => self.serve(p),
            Step::HandleResults(p) => self.handle_results(p),
            _ => self.exec_conduit(step)?,
        };
        Some(match done {
            Ok(flow) => flow,
            Err(QueueError::Aborted) => Flow::Stop(Aborted),
            Err(QueueError::Failed(e)) => {
                self.error(e);
                Flow::Next
            }
        })
    }

    fn repeat(&mut self, body: &[Step]) -> Flow {
        loop {
            if self.proc.control.is_aborted() {
                return Flow::Stop(Aborted);
            }
            match self.run_steps(body) {
                None => {}
                Some(Ended::Break) => return Flow::Next,
                Some(Ended::Exit(code)) => return Flow::Exit(code),
            }
        }
    }

    pub(super) fn eval(&self, e: &Expr) -> QResult<Option<i64>> {
        Ok(to_item(e.eval(&self.locals)?))
    }

    pub(super) fn keep(&mut self, into: &Option<String>, item: Option<i64>) {
        if let Some(var) = into {
            self.locals.insert(var.clone(), to_local(item));
        }
    }

    fn exec_conduit(&mut self, step: &Step) -> Option<QResult<Flow>> {
        let proc = self.proc.clone();
        let (queues, pipes) = (&proc.queues, &proc.pipes);
        let done: QResult<()> = match step {
            Step::Put { queue, item, block } => self
                .eval(item)
                .and_then(|v| queues.put(self, queue, v, *block)),
            Step::Get { queue, into, block } => queues.get(self, queue, *block).map(|v| {
                self.keep(into, v);
            }),
            Step::Ask {
                queue,
                question,
                into,
            } => queues.ask(self, queue, *question).map(|v| {
                self.keep(into, Some(v));
            }),
            Step::TaskDone(q) => queues.task_done(self, q),
            Step::JoinQueue(q) => queues.join(self, q),
            Step::Send { end, item } => self.eval(item).and_then(|v| pipes.send(self, end, v)),
            Step::Recv { end, into } => pipes.recv(self, end).map(|v| self.keep(into, v)),
            Step::CloseEnd(end) => pipes.close(self, end),
            _ => return self.exec_pool(step),
        };
        Some(done.map(|()| Flow::Next))
    }
}

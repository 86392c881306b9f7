//! The interpreter's steps for loops, queues, pipes and pools.

use std::sync::Arc;

use nix::unistd::{getpid, gettid};

use super::actor::{Actor, Ended, Flow, Role};
use super::control::{Aborted, Control};
use super::fifo::Waited;
use super::pools::Pool;
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
        let tid = (self.role == Role::Thread).then(|| gettid().as_raw());
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

    fn eval(&self, e: &Expr) -> QResult<Option<i64>> {
        Ok(to_item(e.eval(&self.locals)?))
    }

    fn keep(&mut self, into: &Option<String>, item: Option<i64>) {
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

    fn exec_pool(&mut self, step: &Step) -> Option<QResult<Flow>> {
        let done = match step {
            Step::CreatePool(p) => self.pool(p).map(|_| ()),
            Step::Apply { pool, arg, into } => self.apply(pool, arg, into),
            Step::Submit {
                pool,
                how,
                arg,
                handle,
                callback,
            } => self.submit(pool, how, arg, callback).map(|(p, task)| {
                if let Some(h) = handle {
                    self.handles.insert(h.clone(), (p.spec.name.clone(), task));
                }
            }),
            Step::Map { pool, count } => self.map(pool, count),
            Step::Result { handle, into } => self.result_of(handle, into),
            Step::ClosePool(p) => self.close_pool(p),
            Step::JoinPool(p) => self.join_pool(p),
            _ => return None,
        };
        Some(done.map(|()| Flow::Next))
    }

    /// The pool, made (workers and result thread started) at its first use.
    fn pool(&self, name: &str) -> QResult<Arc<Pool>> {
        let pool = self.proc.pools.get(name)?;
        if pool.begin() {
            let spec = &pool.spec;
            self.say(EventKind::PoolCreated {
                pool: spec.name.clone(),
                kind: spec.kind,
                size: spec.size,
                workers: spec.workers.clone(),
            });
            for w in spec.workers.iter().chain([&spec.handler]) {
                self.start(w);
            }
        }
        Ok(pool)
    }

    fn submit(
        &mut self,
        pool: &str,
        how: &str,
        arg: &Expr,
        callback: &[Step],
    ) -> QResult<(Arc<Pool>, u32)> {
        let arg = self.eval(arg)?;
        let p = self.pool(pool)?;
        let task = p.reserve(callback);
        self.say(EventKind::TaskSubmitted {
            pool: pool.to_string(),
            task,
            arg,
            how: how.to_string(),
        });
        p.send_task(task, arg, &self.name, &self.proc.control)?;
        Ok((p, task))
    }

    /// Wait for a task's value and tell that the submitter has it.
    fn collect(&self, p: &Pool, task: u32) -> QResult<Option<i64>> {
        match p.result(task, &self.proc.control)? {
            Waited::Got(result) => {
                self.say(EventKind::TaskResult {
                    pool: p.spec.name.clone(),
                    task,
                    result,
                });
                Ok(result)
            }
            _ => Err(QueueError::Aborted),
        }
    }

    fn apply(&mut self, pool: &str, arg: &Expr, into: &Option<String>) -> QResult<()> {
        let (p, task) = self.submit(pool, "apply", arg, &[])?;
        let v = self.collect(&p, task)?;
        self.keep(into, v);
        Ok(())
    }

    fn map(&mut self, pool: &str, count: &Expr) -> QResult<()> {
        let n = count.eval(&self.locals)?.max(0);
        let mut tasks = Vec::new();
        for i in 0..n {
            tasks.push(self.submit(pool, "map", &Expr::Num(i), &[])?);
        }
        for (p, task) in tasks {
            self.collect(&p, task)?;
        }
        Ok(())
    }

    fn result_of(&mut self, handle: &str, into: &Option<String>) -> QResult<()> {
        let (pool, task) = self
            .handles
            .get(handle)
            .cloned()
            .ok_or_else(|| format!("{handle} names no submitted task"))?;
        let p = self.proc.pools.get(&pool)?;
        let v = self.collect(&p, task)?;
        self.keep(into, v);
        Ok(())
    }

    fn close_pool(&self, pool: &str) -> QResult<()> {
        let p = self.pool(pool)?;
        p.close(&self.name, &self.proc.control)?;
        self.say(EventKind::PoolClosed {
            pool: pool.to_string(),
        });
        Ok(())
    }

    /// join(): wait for every worker to end, then for the result thread.
    fn join_pool(&self, pool: &str) -> QResult<()> {
        let p = self.pool(pool)?;
        for w in &p.spec.workers {
            self.proc.join(&self.name, w)?;
        }
        p.stop_results(&self.name, &self.proc.control)?;
        self.proc.join(&self.name, &p.spec.handler)?;
        Ok(())
    }

    /// Run a task's or a callback's script as a function call: when it
    /// returns, the actor is back at its caller's line of the listing.
    fn call(&mut self, steps: &[Step]) -> Option<Ended> {
        let caller = self.line;
        let ended = self.run_steps(steps);
        self.line = caller;
        ended
    }

    /// A worker's life: take a task, run the pool's task script, answer; until stopped.
    fn serve(&mut self, pool: &str) -> QResult<Flow> {
        let p = self.proc.pools.get(pool)?;
        loop {
            let msg = match p.next_task(&self.proc.control)? {
                Waited::Got(m) => m,
                _ => return Err(QueueError::Aborted),
            };
            if msg.stop {
                return Ok(Flow::Next);
            }
            let task = msg.task.unwrap_or(0);
            self.say(EventKind::TaskStarted {
                pool: pool.to_string(),
                task,
                arg: msg.item,
            });
            let outer = std::mem::take(&mut self.locals);
            self.locals.insert("arg".into(), to_local(msg.item));
            let ended = self.call(&p.spec.task);
            let result = self.locals.get("result").copied().and_then(to_item);
            self.locals = outer;
            if let Some(Ended::Exit(code)) = ended {
                return Ok(Flow::Exit(code));
            }
            self.say(EventKind::TaskFinished {
                pool: pool.to_string(),
                task,
                result,
            });
            p.answer(task, result, &self.name, &self.proc.control)?;
            self.announce(&Step::ServePool(pool.to_string()));
        }
    }

    /// The result thread: record each answer and run its callback here, in the owner's process.
    fn handle_results(&mut self, pool: &str) -> QResult<Flow> {
        let p = self.proc.pools.get(pool)?;
        loop {
            let msg = match p.next_answer(&self.proc.control)? {
                Waited::Got(m) => m,
                _ => return Err(QueueError::Aborted),
            };
            if msg.stop {
                return Ok(Flow::Next);
            }
            let task = msg.task.unwrap_or(0);
            let callback = p.fulfil(task, msg.item);
            if callback.is_empty() {
                continue;
            }
            self.say(EventKind::Callback {
                pool: pool.to_string(),
                task,
                result: msg.item,
            });
            self.locals.insert("result".into(), to_local(msg.item));
            self.locals.insert("task".into(), task as i64);
            if let Some(Ended::Exit(code)) = self.call(&callback) {
                return Ok(Flow::Exit(code));
            }
            self.announce(&Step::HandleResults(pool.to_string()));
        }
    }
}

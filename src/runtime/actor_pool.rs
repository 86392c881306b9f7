//! The interpreter's pool steps: the owner's verbs (apply, apply_async,
//! submit, map, result, close, join), a worker's life, and the result thread.

use std::sync::Arc;

use super::actor::{Actor, Ended, Flow};
use super::actor_flow::{to_item, to_local};
use super::fifo::{Msg, Waited};
use super::pool_starts::ToStart;
use super::pools::{map_chunksize, Pool};
use super::queues::{QResult, QueueError};
use crate::event::EventKind;
use crate::scenario::expr::Expr;
use crate::scenario::plan::Step;

impl Actor {
    pub(super) fn exec_pool(&mut self, step: &Step) -> Option<QResult<Flow>> {
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

    /// The pool, made at its first use; a Pool's workers and result thread
    /// start then, an executor's on submit (see `pool_starts`).
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
            self.start_some(&pool, pool.starts.at_create());
        }
        Ok(pool)
    }

    fn start_some(&self, pool: &Pool, now: ToStart) {
        for w in now.workers {
            self.start(&pool.spec.workers[w]);
        }
        if now.handler {
            self.start(&pool.spec.handler);
        }
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
        let task = p.reserve(1, callback, how);
        self.say(EventKind::TaskSubmitted {
            pool: pool.to_string(),
            task,
            arg,
            how: how.to_string(),
        });
        p.send_task((task, 1), arg, &self.name, &self.proc.control)?;
        self.start_some(&p, p.starts.at_submit());
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

    /// Pool.map over 0..count: the tasks go out in chunks, each chunk to one
    /// worker as one task (multiprocessing's `_map_async`), so with 10 tasks
    /// on 2 workers one worker runs 0 then 1 while the other runs 2 then 3.
    fn map(&mut self, pool: &str, count: &Expr) -> QResult<()> {
        let n = u32::try_from(count.eval(&self.locals)?.max(0)).unwrap_or(u32::MAX);
        let p = self.pool(pool)?;
        let first = p.reserve(n, &[], "map");
        let size = map_chunksize(n, p.spec.size).max(1);
        for start in (0..n).step_by(size as usize) {
            let len = size.min(n - start);
            for i in start..start + len {
                self.say(EventKind::TaskSubmitted {
                    pool: pool.to_string(),
                    task: first + i,
                    arg: Some(i64::from(i)),
                    how: "map".to_string(),
                });
            }
            let chunk = (first + start, len);
            p.send_task(
                chunk,
                Some(i64::from(start)),
                &self.name,
                &self.proc.control,
            )?;
        }
        for task in first..first + n {
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

    /// join(): wait for every worker started to end, then for the result thread.
    fn join_pool(&self, pool: &str) -> QResult<()> {
        let p = self.pool(pool)?;
        let (workers, handler) = p.starts.started();
        for w in &p.spec.workers[..workers] {
            self.proc.join(&self.name, w)?;
        }
        if handler {
            p.stop_results(&self.name, &self.proc.control)?;
            self.proc.join(&self.name, &p.spec.handler)?;
        }
        Ok(())
    }

    /// Run a task's or a callback's script as a function call, with locals of
    /// its own: when it returns, the actor is back at its caller's line of the
    /// listing, with its own locals.
    fn call(&mut self, steps: &[Step], locals: &[(&str, i64)]) -> (Option<Ended>, Option<i64>) {
        let caller = self.line;
        let outer = std::mem::take(&mut self.locals);
        for (k, v) in locals {
            self.locals.insert((*k).to_string(), *v);
        }
        let ended = self.run_steps(steps);
        let result = self.locals.get("result").copied().and_then(to_item);
        self.locals = outer;
        self.line = caller;
        (ended, result)
    }

    /// A worker's life: take a task (or a map chunk of tasks), run the pool's
    /// task script for each, answer; until stopped.
    pub(super) fn serve(&mut self, pool: &str) -> QResult<Flow> {
        let p = self.proc.pools.get(pool)?;
        loop {
            let msg: Msg = match p.next_task(&self.proc.control)? {
                Waited::Got(m) => m,
                _ => return Err(QueueError::Aborted),
            };
            if msg.stop {
                return Ok(Flow::Next);
            }
            let first = msg.task.unwrap_or(0);
            for k in 0..msg.chunk.unwrap_or(1) {
                let arg = msg.item.map(|a| a + i64::from(k));
                if let Some(code) = self.run_task(&p, first + k, arg)? {
                    return Ok(Flow::Exit(code));
                }
            }
            self.announce(&Step::ServePool(pool.to_string()));
        }
    }

    /// One task in a worker; Some(code) when its script ended the worker.
    fn run_task(&mut self, p: &Pool, task: u32, arg: Option<i64>) -> QResult<Option<i32>> {
        let pool = &p.spec.name;
        self.say(EventKind::TaskStarted {
            pool: pool.clone(),
            task,
            arg,
        });
        let (ended, result) = self.call(&p.spec.task, &[("arg", to_local(arg))]);
        if let Some(Ended::Exit(code)) = ended {
            return Ok(Some(code));
        }
        self.say(EventKind::TaskFinished {
            pool: pool.clone(),
            task,
            result,
        });
        if !p.worker_sets(task) {
            p.answer(task, result, &self.name, &self.proc.control)?;
            return Ok(None);
        }
        // ThreadPoolExecutor: the worker sets the future's result (waking
        // result()) and then runs its done-callbacks itself.
        p.fulfil(task, result);
        let callback = p.finish(task).callback;
        let ended = self.run_callback(p, task, result, &callback);
        p.starts.worker_idle();
        Ok(ended)
    }

    /// Run a callback here; Some(code) when it ended this actor.
    fn run_callback(
        &mut self,
        p: &Pool,
        task: u32,
        result: Option<i64>,
        callback: &[Step],
    ) -> Option<i32> {
        if callback.is_empty() {
            return None;
        }
        self.say(EventKind::Callback {
            pool: p.spec.name.clone(),
            task,
            result,
        });
        let locals = [("result", to_local(result)), ("task", i64::from(task))];
        match self.call(callback, &locals).0 {
            Some(Ended::Exit(code)) => Some(code),
            _ => None,
        }
    }

    /// The result thread, in the owner's process: record each answer and run
    /// its callback. An executor's future is set before its callback runs;
    /// Pool's AsyncResult runs the callback first, then wakes get().
    pub(super) fn handle_results(&mut self, pool: &str) -> QResult<Flow> {
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
            let finish = p.finish(task);
            if finish.set_first {
                p.fulfil(task, msg.item);
            }
            let ended = self.run_callback(&p, task, msg.item, &finish.callback);
            if !finish.set_first {
                p.fulfil(task, msg.item);
            }
            if let Some(code) = ended {
                return Ok(Flow::Exit(code));
            }
            if !finish.callback.is_empty() {
                self.announce(&Step::HandleResults(pool.to_string()));
            }
        }
    }
}

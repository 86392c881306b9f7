//! Pools for real. A process pool's workers are real worker processes, fed
//! through a named pipe of tasks and answering through a named pipe of
//! results (Python's Pool uses pipes the same way); a thread pool's workers are
//! threads fed through in-process channels.
//!
//! Who sets a result and runs its callback is Python's: in the owner's process
//! a result thread collects the answers of a process pool (Pool's
//! result-handler thread; ProcessPoolExecutor's management thread) and of a
//! thread Pool. A thread pool used only with `submit` is a ThreadPoolExecutor:
//! it has no result thread, and the worker that finishes a future sets its
//! result and runs its callbacks itself.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use crossbeam_channel::{Receiver, Sender};

use super::control::Control;
use super::fifo::{wait_for, Fifo, Msg, Waited};
use super::pool_starts::{PoolStarts, StartRule};
use crate::event::ActorKind;
use crate::scenario::executors::only_submitted;
use crate::scenario::plan::{Plan, PoolSpec, Step};

/// The named pipes of a process pool in the run directory: (tasks, results).
pub fn pool_paths(dir: &Path, pool: &str) -> (PathBuf, PathBuf) {
    (
        dir.join(format!("pool-{pool}-tasks.fifo")),
        dir.join(format!("pool-{pool}-results.fifo")),
    )
}

/// A one-way line of messages: a named pipe, or a channel inside the process.
enum Line {
    Pipe(Fifo),
    Local(Sender<Msg>, Receiver<Msg>),
}

impl Line {
    fn send(&self, msg: Msg, control: &Control) -> Result<(), String> {
        match self {
            Line::Pipe(f) => f.send(&msg, control),
            Line::Local(tx, _) => tx.send(msg).map_err(|e| e.to_string()),
        }
    }

    fn recv(&self, control: &Control) -> Result<Waited<Msg>, String> {
        wait_for(control, None, |slice| match self {
            Line::Pipe(f) => f.recv_within(slice),
            Line::Local(_, rx) => Ok(rx.recv_timeout(slice).ok()),
        })
    }
}

/// A task the owner waits for, and what to run when it is done.
#[derive(Default)]
struct Slot {
    result: Option<Option<i64>>,
    callback: Vec<Step>,
    /// An executor's future (`submit`): set_result wakes the waiters, then the
    /// callbacks run. Pool's AsyncResult runs its callback first, then wakes get().
    future: bool,
}

/// A task's answer has come: its callback, and whether its result is set
/// before the callback runs (a future) or after (Pool's AsyncResult).
pub struct Finish {
    pub callback: Vec<Step>,
    pub set_first: bool,
}

/// Pool.map's chunk size for `n` tasks on `size` workers, as multiprocessing
/// computes it: n / (4 × size), rounded up (0 for no tasks).
pub fn map_chunksize(n: u32, size: u32) -> u32 {
    n.div_ceil(size.max(1) * 4)
}

/// One pool as this process sees it.
pub struct Pool {
    pub spec: PoolSpec,
    tasks: Line,
    results: Line,
    started: Mutex<bool>,
    next_task: Mutex<u32>,
    slots: Mutex<HashMap<u32, Slot>>,
    answered: Condvar,
    /// When its workers (and result thread) start; a ThreadPoolExecutor has
    /// no result thread.
    pub starts: PoolStarts,
}

impl Pool {
    fn open(spec: &PoolSpec, dir: &Path, plan: &Plan) -> Result<Pool, String> {
        let executor = only_submitted(&plan.actors, &spec.name);
        let (tasks, results) = match spec.kind {
            ActorKind::Process => {
                let (t, r) = pool_paths(dir, &spec.name);
                (Line::Pipe(Fifo::open(&t)?), Line::Pipe(Fifo::open(&r)?))
            }
            ActorKind::Thread | ActorKind::Coroutine => {
                let (a, b) = crossbeam_channel::unbounded();
                let (c, d) = crossbeam_channel::unbounded();
                (Line::Local(a, b), Line::Local(c, d))
            }
        };
        Ok(Pool {
            spec: spec.clone(),
            tasks,
            results,
            started: Mutex::new(false),
            next_task: Mutex::new(0),
            slots: Mutex::new(HashMap::new()),
            answered: Condvar::new(),
            starts: {
                let rule = StartRule::of(spec.kind, executor);
                let handler = rule != StartRule::ThreadExecutor;
                PoolStarts::new(rule, spec.workers.len(), handler)
            },
        })
    }

    /// True the first time only: the caller then starts the workers.
    pub fn begin(&self) -> bool {
        let mut started = self.started.lock().unwrap();
        !std::mem::replace(&mut *started, true)
    }

    /// Number `n` new tasks in a row and keep their callback; the caller tells
    /// them, then sends them. The first number.
    pub fn reserve(&self, n: u32, callback: &[Step], how: &str) -> u32 {
        let first = {
            let mut next = self.next_task.lock().unwrap();
            *next += n;
            *next - n
        };
        let mut slots = self.slots.lock().unwrap();
        for task in first..first + n {
            let slot = Slot {
                result: None,
                callback: callback.to_vec(),
                future: how == "submit",
            };
            slots.insert(task, slot);
        }
        first
    }

    /// Whether the worker that finishes `task` sets its result and runs its
    /// callbacks: a ThreadPoolExecutor's future.
    pub fn worker_sets(&self, task: u32) -> bool {
        self.spec.kind == ActorKind::Thread
            && self
                .slots
                .lock()
                .unwrap()
                .get(&task)
                .is_some_and(|s| s.future)
    }

    /// Send one task, or (`chunk` > 1) a map chunk of tasks numbered from
    /// `task` with arguments counting up from `arg`, for one worker.
    pub fn send_task(
        &self,
        (task, chunk): (u32, u32),
        arg: Option<i64>,
        from: &str,
        control: &Control,
    ) -> Result<(), String> {
        let msg = Msg {
            task: Some(task),
            chunk: (chunk > 1).then_some(chunk),
            ..Msg::item(arg, from)
        };
        self.tasks.send(msg, control)
    }

    /// Wait for a task's return value: a result already set answers at once;
    /// otherwise the condvar wakes the waiter when it is set, and every slice
    /// of waiting looks at the controls (abort).
    pub fn result(&self, task: u32, control: &Control) -> Result<Waited<Option<i64>>, String> {
        let mut guard = Some(self.slots.lock().unwrap());
        wait_for(control, None, |slice| {
            let mut g = guard.take().expect("guard put back");
            if let Some(got) = g.get(&task).and_then(|s| s.result) {
                return Ok(Some(got));
            }
            g = self.answered.wait_timeout(g, slice).unwrap().0;
            let got = g.get(&task).and_then(|s| s.result);
            guard = Some(g);
            Ok(got)
        })
    }

    /// A worker's next task; a message with `stop` set ends the worker.
    pub fn next_task(&self, control: &Control) -> Result<Waited<Msg>, String> {
        self.tasks.recv(control)
    }

    /// A worker's answer, for the result thread.
    pub fn answer(
        &self,
        task: u32,
        result: Option<i64>,
        worker: &str,
        control: &Control,
    ) -> Result<(), String> {
        let msg = Msg {
            task: Some(task),
            ..Msg::item(result, worker)
        };
        self.results.send(msg, control)
    }

    /// The result thread's next answer.
    pub fn next_answer(&self, control: &Control) -> Result<Waited<Msg>, String> {
        self.results.recv(control)
    }

    /// A task's answer has come: take its callback to run.
    pub fn finish(&self, task: u32) -> Finish {
        let mut slots = self.slots.lock().unwrap();
        let slot = slots.entry(task).or_default();
        Finish {
            callback: std::mem::take(&mut slot.callback),
            set_first: slot.future,
        }
    }

    /// Set a task's result and wake whoever waits for it.
    pub fn fulfil(&self, task: u32, result: Option<i64>) {
        let mut slots = self.slots.lock().unwrap();
        slots.entry(task).or_default().result = Some(result);
        self.answered.notify_all();
    }

    /// close(): one stop mark per worker, after the tasks already queued.
    pub fn close(&self, from: &str, control: &Control) -> Result<(), String> {
        for _ in 0..self.spec.size {
            self.tasks.send(Msg::stop(from), control)?;
        }
        Ok(())
    }

    /// Tell the result thread to end (after the workers are gone).
    pub fn stop_results(&self, from: &str, control: &Control) -> Result<(), String> {
        self.results.send(Msg::stop(from), control)
    }
}

/// The pools as this process sees them, opened at first use.
pub struct Pools {
    plan: Arc<Plan>,
    dir: PathBuf,
    opened: Mutex<HashMap<String, Arc<Pool>>>,
}

impl Pools {
    pub fn new(plan: Arc<Plan>, dir: &Path) -> Pools {
        Pools {
            plan,
            dir: dir.to_path_buf(),
            opened: Mutex::new(HashMap::new()),
        }
    }

    pub fn get(&self, name: &str) -> Result<Arc<Pool>, String> {
        let mut opened = self.opened.lock().unwrap();
        if let Some(p) = opened.get(name) {
            return Ok(p.clone());
        }
        let spec = self
            .plan
            .pools
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| format!("no pool named {name}"))?;
        let pool = Arc::new(Pool::open(spec, &self.dir, &self.plan)?);
        opened.insert(name.to_string(), pool.clone());
        Ok(pool)
    }
}

#[cfg(test)]
mod tests {
    use super::map_chunksize;

    #[test]
    fn map_chunks_as_multiprocessing_does() {
        // divmod(n, 4 * size), plus one when something is left over.
        let cases = [
            (10, 2, 2),
            (10, 3, 1),
            (7, 1, 2),
            (8, 1, 2),
            (9, 1, 3),
            (0, 2, 0),
            (40, 2, 5),
        ];
        for (n, size, want) in cases {
            assert_eq!(map_chunksize(n, size), want, "{n} tasks on {size}");
        }
    }
}

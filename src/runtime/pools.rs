//! Pools for real. A process pool's workers are real worker processes, fed
//! through a named pipe of tasks and answering through a named pipe of
//! results (Python's Pool uses pipes the same way); a thread pool's workers are
//! threads fed through in-process channels. In the owner's process a result
//! thread collects the answers, wakes whoever waits for them and runs the
//! callbacks, as Pool's result-handler thread does.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use crossbeam_channel::{Receiver, Sender};

use super::control::Control;
use super::fifo::{wait_for, Fifo, Msg, Waited};
use crate::event::ActorKind;
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
}

impl Pool {
    fn open(spec: &PoolSpec, dir: &Path) -> Result<Pool, String> {
        let (tasks, results) = match spec.kind {
            ActorKind::Process => {
                let (t, r) = pool_paths(dir, &spec.name);
                (Line::Pipe(Fifo::open(&t)?), Line::Pipe(Fifo::open(&r)?))
            }
            ActorKind::Thread => {
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
        })
    }

    /// True the first time only: the caller then starts the workers.
    pub fn begin(&self) -> bool {
        let mut started = self.started.lock().unwrap();
        !std::mem::replace(&mut *started, true)
    }

    /// Number a new task and keep its callback; the caller tells it, then sends it.
    pub fn reserve(&self, callback: &[Step]) -> u32 {
        let task = {
            let mut next = self.next_task.lock().unwrap();
            *next += 1;
            *next - 1
        };
        self.slots.lock().unwrap().insert(
            task,
            Slot {
                result: None,
                callback: callback.to_vec(),
            },
        );
        task
    }

    pub fn send_task(
        &self,
        task: u32,
        arg: Option<i64>,
        from: &str,
        control: &Control,
    ) -> Result<(), String> {
        let msg = Msg {
            task: Some(task),
            ..Msg::item(arg, from)
        };
        self.tasks.send(msg, control)
    }

    /// Wait for a task's return value.
    pub fn result(&self, task: u32, control: &Control) -> Result<Waited<Option<i64>>, String> {
        let mut guard = Some(self.slots.lock().unwrap());
        wait_for(control, None, |slice| {
            let g = guard.take().expect("guard put back");
            let (g, _) = self.answered.wait_timeout(g, slice).unwrap();
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

    /// Record an answer and wake its waiters; the callback to run for it.
    pub fn fulfil(&self, task: u32, result: Option<i64>) -> Vec<Step> {
        let mut slots = self.slots.lock().unwrap();
        let slot = slots.entry(task).or_default();
        slot.result = Some(result);
        self.answered.notify_all();
        std::mem::take(&mut slot.callback)
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
        let pool = Arc::new(Pool::open(spec, &self.dir)?);
        opened.insert(name.to_string(), pool.clone());
        Ok(pool)
    }
}

//! Pools as the screen knows them: which worker runs which task, each task
//! from submitted to collected, callbacks in the order they fired, and how
//! few pids served how many tasks. Events from the submitter, the workers and
//! the result thread race a little: a task's state only ever moves forward.

use crate::model::named::Named;
use std::collections::VecDeque;

use crate::event::ActorKind;
use crate::scenario::plan::PoolSpec;

/// Callbacks kept by value (the count goes on).
const CALLBACKS_MAX: usize = 256;

/// Where a task stands; ordered, so a late event cannot move it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TaskState {
    /// Handed to the pool, no worker has it yet.
    Pending,
    Running,
    /// The worker returned; the submitter has not asked for the result yet.
    Done,
    /// The submitter got the result (apply returned, get(), result(), map).
    Collected,
}

/// One task of a pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: u32,
    pub arg: Option<i64>,
    /// apply, apply_async, map or submit; empty when not told yet.
    pub how: String,
    pub state: TaskState,
    /// The worker actor that ran it.
    pub worker: Option<String>,
    pub result: Option<Option<i64>>,
    pub called_back: bool,
}

/// One worker of a pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    pub actor: String,
    /// Known from its first task (or from its lane, which the view looks up).
    pub pid: Option<i32>,
    pub tid: Option<i32>,
    /// The task it runs now; None when idle.
    pub task: Option<u32>,
    pub done: u32,
}

/// A callback that ran, in firing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fired {
    pub t_us: u64,
    pub task: u32,
    pub result: Option<i64>,
}

/// One pool.
#[derive(Debug, Clone)]
pub struct Pool {
    pub name: String,
    pub kind: ActorKind,
    pub size: u32,
    pub owner: String,
    pub handler: String,
    pub created: bool,
    pub closed: bool,
    pub workers: Vec<Worker>,
    /// By task id.
    tasks: Vec<Task>,
    callbacks: VecDeque<Fired>,
    pub callbacks_total: u64,
    /// Distinct (pid, tid) that ran a task: the lesson's "pids are reused".
    served_by: Vec<(i32, Option<i32>)>,
}

impl Pool {
    fn new(name: &str) -> Pool {
        Pool {
            name: name.to_string(),
            kind: ActorKind::Process,
            size: 0,
            owner: String::new(),
            handler: String::new(),
            created: false,
            closed: false,
            workers: Vec::new(),
            tasks: Vec::new(),
            callbacks: VecDeque::new(),
            callbacks_total: 0,
            served_by: Vec::new(),
        }
    }

    /// Tasks by id.
    pub fn tasks(&self) -> &[Task] {
        &self.tasks
    }

    /// The latest callbacks, in the order they fired.
    pub fn callbacks(&self) -> impl DoubleEndedIterator<Item = &Fired> + ExactSizeIterator {
        self.callbacks.iter()
    }

    /// How many distinct pids (process pools) or threads (thread pools) ran a task.
    pub fn servers(&self) -> usize {
        self.served_by.len()
    }

    /// The distinct pids that ran a task, in the order first seen.
    pub fn pids(&self) -> Vec<i32> {
        let mut out: Vec<i32> = Vec::new();
        for (pid, _) in &self.served_by {
            if !out.contains(pid) {
                out.push(*pid);
            }
        }
        out
    }

    pub fn task(&self, id: u32) -> Option<&Task> {
        self.tasks
            .binary_search_by_key(&id, |t| t.id)
            .ok()
            .map(|i| &self.tasks[i])
    }

    /// The task `id`, made on first sight in id order.
    fn task_mut(&mut self, id: u32) -> &mut Task {
        let i = match self.tasks.binary_search_by_key(&id, |t| t.id) {
            Ok(i) => i,
            Err(i) => {
                let task = Task {
                    id,
                    arg: None,
                    how: String::new(),
                    state: TaskState::Pending,
                    worker: None,
                    result: None,
                    called_back: false,
                };
                self.tasks.insert(i, task);
                i
            }
        };
        &mut self.tasks[i]
    }

    fn worker(&mut self, actor: &str) -> &mut Worker {
        let i = match self.workers.iter().position(|w| w.actor == actor) {
            Some(i) => i,
            None => {
                self.workers.push(Worker {
                    actor: actor.to_string(),
                    pid: None,
                    tid: None,
                    task: None,
                    done: 0,
                });
                self.workers.len() - 1
            }
        };
        &mut self.workers[i]
    }
}

fn advance(task: &mut Task, state: TaskState) {
    task.state = task.state.max(state);
}

/// Every pool of the run, in the order declared or first seen.
#[derive(Debug, Clone, Default)]
pub struct Pools {
    list: Named<Pool>,
}

impl Pools {
    /// Take the pools from the scenario: workers are listed from the start.
    pub fn declare(&mut self, specs: &[PoolSpec]) {
        for s in specs {
            let p = self.pool(&s.name);
            (p.kind, p.size) = (s.kind, s.size);
            p.owner.clone_from(&s.owner);
            p.handler.clone_from(&s.handler);
            for w in &s.workers {
                p.worker(w);
            }
        }
    }

    fn pool(&mut self, name: &str) -> &mut Pool {
        self.list.entry(name, || Pool::new(name))
    }

    pub fn iter(&self) -> impl Iterator<Item = &Pool> {
        self.list.iter()
    }

    pub fn get(&self, name: &str) -> Option<&Pool> {
        self.list.get(name)
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// `pool_created` by its owner.
    pub fn created(
        &mut self,
        owner: &str,
        name: &str,
        kind: ActorKind,
        size: u32,
        workers: &[String],
    ) {
        let p = self.pool(name);
        (p.kind, p.size, p.created) = (kind, size, true);
        p.owner = owner.to_string();
        for w in workers {
            p.worker(w);
        }
    }

    /// `task_submitted` by the submitter.
    pub fn submitted(&mut self, name: &str, id: u32, arg: Option<i64>, how: &str) {
        let t = self.pool(name).task_mut(id);
        t.arg = arg;
        t.how = how.to_string();
    }

    /// `task_started` by a worker: it is busy with the task, its pid is known.
    pub fn started(
        &mut self,
        worker: &str,
        at: (i32, Option<i32>),
        name: &str,
        id: u32,
        arg: Option<i64>,
    ) {
        let p = self.pool(name);
        if !p.served_by.contains(&at) {
            p.served_by.push(at);
        }
        let w = p.worker(worker);
        (w.pid, w.tid, w.task) = (Some(at.0), at.1, Some(id));
        let t = p.task_mut(id);
        t.arg = t.arg.or(arg);
        t.worker = Some(worker.to_string());
        advance(t, TaskState::Running);
    }

    /// `task_finished` by the worker: idle again, one more done.
    pub fn finished(&mut self, worker: &str, name: &str, id: u32, result: Option<i64>) {
        let p = self.pool(name);
        let w = p.worker(worker);
        w.done += 1;
        if w.task == Some(id) {
            w.task = None;
        }
        let t = p.task_mut(id);
        t.result = Some(result);
        t.worker.get_or_insert_with(|| worker.to_string());
        advance(t, TaskState::Done);
    }

    /// `task_result`: the submitter has the result.
    pub fn collected(&mut self, name: &str, id: u32, result: Option<i64>) {
        let t = self.pool(name).task_mut(id);
        t.result = Some(result);
        advance(t, TaskState::Collected);
    }

    /// `callback` on the pool's result thread.
    pub fn callback(&mut self, t_us: u64, name: &str, id: u32, result: Option<i64>) {
        let p = self.pool(name);
        p.callbacks_total += 1;
        if p.callbacks.len() >= CALLBACKS_MAX {
            p.callbacks.pop_front();
        }
        p.callbacks.push_back(Fired {
            t_us,
            task: id,
            result,
        });
        let t = p.task_mut(id);
        t.called_back = true;
        t.result = Some(result);
        advance(t, TaskState::Done);
    }

    /// `pool_closed`: no more tasks.
    pub fn closed(&mut self, name: &str) {
        self.pool(name).closed = true;
    }
}

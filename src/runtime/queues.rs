//! Queues for real. Between threads: a deque under a mutex with a condition
//! variable, like queue.Queue. Between processes: see [`super::proc_queue`]
//! (a named pipe, a POSIX named semaphore and a feeder thread, as
//! multiprocessing.Queue is built).

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use super::control::Control;
use super::deadline::Deadline;
use super::fifo::{wait_for, wait_held, Waited};
use super::proc_queue::ProcQueue;
pub use super::proc_queue::{queue_paths, slots_of};
use crate::event::{EventKind, QueueSide};
use crate::scenario::plan::{Block, Plan, Question, QueueOrder, QueueSpec, Scope};

/// How an actor tells what happens to it, with the time of its choosing.
pub trait Teller {
    fn say(&self, kind: EventKind);
    fn say_at(&self, t_us: u64, kind: EventKind);
    fn now_us(&self) -> u64;
    fn control(&self) -> &Control;
    fn name(&self) -> &str;
}

/// Why a queue operation did not go on normally.
#[derive(Debug)]
pub enum QueueError {
    Aborted,
    /// Like an uncaught exception: told as an error, the actor goes on.
    Failed(String),
}

impl From<String> for QueueError {
    fn from(s: String) -> Self {
        QueueError::Failed(s)
    }
}

pub type QResult<T> = Result<T, QueueError>;

/// The queues as this process sees them.
pub struct Queues {
    plan: Arc<Plan>,
    dir: PathBuf,
    threads: HashMap<String, Arc<ThreadQueue>>,
    opened: Mutex<HashMap<String, Arc<ProcQueue>>>,
    control: Arc<Control>,
}

/// One queue, whichever its scope.
enum Handle {
    Thread(Arc<ThreadQueue>),
    Proc(Arc<ProcQueue>),
}

impl Queues {
    pub fn new(plan: Arc<Plan>, dir: &Path, control: Arc<Control>) -> Queues {
        let threads = plan
            .queues
            .iter()
            .filter(|q| q.scope == Scope::Threads)
            .map(|q| (q.name.clone(), Arc::new(ThreadQueue::new(q))))
            .collect();
        // Opened now, as a child inherits Python's queue from its parent: a
        // named pipe drops what it holds once no process has it open.
        let opened = plan
            .queues
            .iter()
            .filter(|q| q.scope == Scope::Processes)
            .filter_map(|q| {
                let open = ProcQueue::open(q, dir, &control).ok()?;
                Some((q.name.clone(), Arc::new(open)))
            })
            .collect();
        Queues {
            plan,
            dir: dir.to_path_buf(),
            threads,
            opened: Mutex::new(opened),
            control,
        }
    }

    fn handle(&self, name: &str) -> QResult<Handle> {
        if let Some(q) = self.threads.get(name) {
            return Ok(Handle::Thread(q.clone()));
        }
        let mut opened = self.opened.lock().unwrap();
        if let Some(q) = opened.get(name) {
            return Ok(Handle::Proc(q.clone()));
        }
        let spec = self
            .plan
            .queues
            .iter()
            .find(|q| q.name == name)
            .ok_or_else(|| format!("no queue named {name}"))?;
        let q = Arc::new(ProcQueue::open(spec, &self.dir, &self.control)?);
        opened.insert(name.to_string(), q.clone());
        Ok(Handle::Proc(q))
    }

    pub fn put(&self, t: &dyn Teller, queue: &str, item: Option<i64>, block: Block) -> QResult<()> {
        match self.handle(queue)? {
            Handle::Thread(q) => q.put(t, item, block),
            Handle::Proc(q) => q.put(t, item, block),
        }
    }

    pub fn get(&self, t: &dyn Teller, queue: &str, block: Block) -> QResult<Option<i64>> {
        match self.handle(queue)? {
            Handle::Thread(q) => q.get(t, block),
            Handle::Proc(q) => q.get(t, block),
        }
    }

    /// Answer qsize(), empty() or full(); the answer as a number (True is 1).
    pub fn ask(&self, t: &dyn Teller, queue: &str, question: Question) -> QResult<i64> {
        let (len, cap, nothing_to_read) = match self.handle(queue)? {
            Handle::Thread(q) => {
                let len = q.items().deque.len() as u32;
                (len, q.spec.cap, len == 0)
            }
            Handle::Proc(q) => (q.len(), q.spec.cap, q.pipe_is_empty()),
        };
        let (answer, text) = match question {
            Question::Qsize => (len as i64, len.to_string()),
            // A process queue looks at its pipe, not at qsize(): see proc_queue.
            Question::Empty => python_bool(nothing_to_read),
            Question::Full => python_bool(cap > 0 && len >= cap),
        };
        t.say(EventKind::QueueAsked {
            queue: queue.to_string(),
            question: question.name().into(),
            answer: text,
            len,
        });
        Ok(answer)
    }

    pub fn task_done(&self, t: &dyn Teller, queue: &str) -> QResult<()> {
        match self.handle(queue)? {
            Handle::Thread(q) => q.task_done(t),
            Handle::Proc(q) => q.task_done(t),
        }
    }

    pub fn join(&self, t: &dyn Teller, queue: &str) -> QResult<()> {
        match self.handle(queue)? {
            Handle::Thread(q) => q.join(t),
            Handle::Proc(q) => q.join(t),
        }
    }

    /// The end of the process's code: every feeder writes out what this
    /// process put, then ends (Python joins its feeder threads at exit).
    pub fn flush(&self) {
        let opened: Vec<Arc<ProcQueue>> = self.opened.lock().unwrap().values().cloned().collect();
        for q in opened {
            q.flush();
        }
    }
}

fn python_bool(b: bool) -> (i64, String) {
    (b as i64, if b { "True" } else { "False" }.into())
}

/// A timeout runs in scenario time, as sleep does (see `deadline`).
pub(super) fn deadline(t: &dyn Teller, block: Block) -> Option<Deadline> {
    match block {
        Block::Timeout(d) => Some(Deadline::after(t.control(), d)),
        Block::Wait | Block::NoWait => None,
    }
}

pub(super) fn too_many_task_done() -> QueueError {
    QueueError::Failed("task_done() called too many times (ValueError)".into())
}

/// The items of a thread queue.
struct Items {
    deque: VecDeque<(Option<i64>, String)>,
    unfinished: u32,
}

pub struct ThreadQueue {
    spec: QueueSpec,
    items: Mutex<Items>,
    changed: Condvar,
}

impl ThreadQueue {
    fn new(spec: &QueueSpec) -> ThreadQueue {
        ThreadQueue {
            spec: spec.clone(),
            items: Mutex::new(Items {
                deque: VecDeque::new(),
                unfinished: 0,
            }),
            changed: Condvar::new(),
        }
    }

    fn items(&self) -> MutexGuard<'_, Items> {
        self.items.lock().unwrap()
    }

    fn is_full(&self, items: &Items) -> bool {
        self.spec.cap > 0 && items.deque.len() as u32 >= self.spec.cap
    }

    fn wait_kind(&self, items: &Items, side: QueueSide) -> EventKind {
        EventKind::QueueWait {
            queue: self.spec.name.clone(),
            side,
            len: items.deque.len() as u32,
            cap: self.spec.cap,
        }
    }

    /// Wait (telling it first) until `ready`; false when it timed out.
    fn wait_until<'a>(
        &'a self,
        t: &dyn Teller,
        items: MutexGuard<'a, Items>,
        block: Block,
        side: Option<QueueSide>,
        ready: impl Fn(&Items) -> bool,
    ) -> QResult<Option<MutexGuard<'a, Items>>> {
        if ready(&items) {
            return Ok(Some(items));
        }
        if block == Block::NoWait {
            return Ok(None);
        }
        if let Some(side) = side {
            t.say(self.wait_kind(&items, side));
        }
        let until = deadline(t, block);
        drop(items);
        // Told again (by a parked waiter whose try missed).
        let retell = || {
            if let Some(side) = side {
                t.say(self.wait_kind(&self.items(), side));
            }
        };
        // The queue is locked afresh each time: a parked waiter holds nothing.
        let attempt = |slice| {
            let g = self.items();
            if ready(&g) {
                return Ok(Some(g));
            }
            let g = self.changed.wait_timeout(g, slice).unwrap().0;
            Ok(ready(&g).then_some(g))
        };
        // Only a put's or a get's wait parks: the host counts their items.
        let waited = match side {
            Some(_) => wait_held(t.control(), t.name(), until, &retell, attempt)?,
            None => wait_for(t.control(), until, attempt)?,
        };
        match waited {
            Waited::Got(g) => Ok(Some(g)),
            Waited::TimedOut => Ok(None),
            Waited::Aborted => Err(QueueError::Aborted),
        }
    }

    fn put(&self, t: &dyn Teller, item: Option<i64>, block: Block) -> QResult<()> {
        let items = self.items();
        let Some(mut items) =
            self.wait_until(t, items, block, Some(QueueSide::Full), |i| !self.is_full(i))?
        else {
            t.say(EventKind::QueueFull {
                queue: self.spec.name.clone(),
                item,
            });
            return Ok(());
        };
        items.deque.push_back((item, t.name().to_string()));
        items.unfinished += 1;
        t.say(EventKind::QueuePut {
            queue: self.spec.name.clone(),
            item,
            len: items.deque.len() as u32,
            cap: self.spec.cap,
        });
        self.changed.notify_all();
        Ok(())
    }

    fn get(&self, t: &dyn Teller, block: Block) -> QResult<Option<i64>> {
        let items = self.items();
        let Some(mut items) = self.wait_until(t, items, block, Some(QueueSide::Empty), |i| {
            !i.deque.is_empty()
        })?
        else {
            t.say(EventKind::QueueEmpty {
                queue: self.spec.name.clone(),
            });
            return Ok(None);
        };
        let at = match self.spec.order {
            QueueOrder::Fifo => 0,
            QueueOrder::Lifo => items.deque.len() - 1,
            QueueOrder::Priority => (0..items.deque.len())
                .min_by_key(|&i| items.deque[i].0)
                .unwrap_or(0),
        };
        let (item, from) = items.deque.remove(at).expect("not empty");
        t.say(EventKind::QueueGet {
            queue: self.spec.name.clone(),
            item,
            from,
            len: items.deque.len() as u32,
            cap: self.spec.cap,
        });
        self.changed.notify_all();
        Ok(item)
    }

    fn task_done(&self, t: &dyn Teller) -> QResult<()> {
        let mut items = self.items();
        if items.unfinished == 0 {
            return Err(too_many_task_done());
        }
        items.unfinished -= 1;
        t.say(EventKind::TaskDone {
            queue: self.spec.name.clone(),
            unfinished: items.unfinished,
        });
        self.changed.notify_all();
        Ok(())
    }

    fn join(&self, t: &dyn Teller) -> QResult<()> {
        let items = self.items();
        let done = |i: &Items| i.unfinished == 0;
        match self.wait_until(t, items, Block::Wait, None, done)? {
            Some(_) => {
                t.say(EventKind::QueueJoined {
                    queue: self.spec.name.clone(),
                });
                Ok(())
            }
            None => Err(QueueError::Aborted),
        }
    }
}

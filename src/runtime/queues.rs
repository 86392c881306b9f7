//! Queues for real. Between threads: a deque under a mutex with a condition
//! variable, like queue.Queue. Between processes: a named pipe carrying the
//! items plus a POSIX named semaphore counting free slots, which is how
//! multiprocessing.Queue is built (a pipe and a BoundedSemaphore).

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Instant;

use super::control::Control;
use super::fifo::{wait_for, Fifo, Msg, Waited, PIPE_SLOTS};
use super::shared_os::{sem_name, PosixSem};
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
}

/// One queue, whichever its scope.
enum Handle {
    Thread(Arc<ThreadQueue>),
    Proc(Arc<ProcQueue>),
}

impl Queues {
    pub fn new(plan: Arc<Plan>, dir: &Path) -> Queues {
        let threads = plan
            .queues
            .iter()
            .filter(|q| q.scope == Scope::Threads)
            .map(|q| (q.name.clone(), Arc::new(ThreadQueue::new(q))))
            .collect();
        Queues {
            plan,
            dir: dir.to_path_buf(),
            threads,
            opened: Mutex::new(HashMap::new()),
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
        let q = Arc::new(ProcQueue::open(spec, &self.dir)?);
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
        let (len, cap) = match self.handle(queue)? {
            Handle::Thread(q) => (q.items().deque.len() as u32, q.spec.cap),
            Handle::Proc(q) => (q.len(), q.spec.cap),
        };
        let (answer, text) = match question {
            Question::Qsize => (len as i64, len.to_string()),
            Question::Empty => python_bool(len == 0),
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
}

fn python_bool(b: bool) -> (i64, String) {
    (b as i64, if b { "True" } else { "False" }.into())
}

fn deadline(t: &dyn Teller, block: Block) -> Option<Instant> {
    match block {
        Block::Timeout(d) => Some(Instant::now() + t.control().real_time(d)),
        Block::Wait | Block::NoWait => None,
    }
}

fn too_many_task_done() -> QueueError {
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
        mut items: MutexGuard<'a, Items>,
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
        let mut guard = Some(items);
        let waited = wait_for(t.control(), until, |slice| {
            let g = guard.take().expect("the guard is put back each time");
            let (g, _) = self.changed.wait_timeout(g, slice).unwrap();
            let ok = ready(&g);
            guard = Some(g);
            Ok(ok.then_some(()))
        })?;
        items = guard.expect("the guard is back");
        match waited {
            Waited::Got(()) => Ok(Some(items)),
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

/// The names of a process queue's OS objects in the run directory.
pub fn queue_paths(dir: &Path, queue: &str) -> (PathBuf, std::ffi::CString, std::ffi::CString) {
    (
        dir.join(format!("queue-{queue}.fifo")),
        sem_name(dir, &format!("queue.{queue}.slots")),
        sem_name(dir, &format!("queue.{queue}.unfinished")),
    )
}

/// How many items a process queue may hold: its capacity, or what the pipe holds.
pub fn slots_of(spec: &QueueSpec) -> u32 {
    if spec.cap == 0 {
        PIPE_SLOTS
    } else {
        spec.cap.min(PIPE_SLOTS)
    }
}

pub struct ProcQueue {
    spec: QueueSpec,
    pipe: Fifo,
    slots: PosixSem,
    unfinished: Option<PosixSem>,
}

impl ProcQueue {
    fn open(spec: &QueueSpec, dir: &Path) -> Result<ProcQueue, String> {
        let (fifo, slots, unfinished) = queue_paths(dir, &spec.name);
        Ok(ProcQueue {
            spec: spec.clone(),
            pipe: Fifo::open(&fifo)?,
            slots: PosixSem::open(&slots)?,
            unfinished: if spec.joinable {
                Some(PosixSem::open(&unfinished)?)
            } else {
                None
            },
        })
    }

    /// Items in the queue now: slots taken (a snapshot, as qsize() is).
    fn len(&self) -> u32 {
        slots_of(&self.spec).saturating_sub(self.slots.available())
    }

    fn wait_kind(&self, side: QueueSide) -> EventKind {
        EventKind::QueueWait {
            queue: self.spec.name.clone(),
            side,
            len: self.len(),
            cap: self.spec.cap,
        }
    }

    fn put(&self, t: &dyn Teller, item: Option<i64>, block: Block) -> QResult<()> {
        let mut room = self.slots.try_wait()?;
        if !room && block != Block::NoWait {
            t.say(self.wait_kind(QueueSide::Full));
            let until = deadline(t, block);
            match wait_for(t.control(), until, |s| {
                Ok(self.slots.wait_within(s)?.then_some(()))
            })? {
                Waited::Got(()) => room = true,
                Waited::TimedOut => {}
                Waited::Aborted => return Err(QueueError::Aborted),
            }
        }
        if !room {
            t.say(EventKind::QueueFull {
                queue: self.spec.name.clone(),
                item,
            });
            return Ok(());
        }
        if let Some(u) = &self.unfinished {
            u.post()?;
        }
        // Told with the time before the write: no reader can take it earlier.
        let at = t.now_us();
        let len = self.len();
        self.pipe.send(&Msg::item(item, t.name()), t.control())?;
        t.say_at(
            at,
            EventKind::QueuePut {
                queue: self.spec.name.clone(),
                item,
                len,
                cap: self.spec.cap,
            },
        );
        Ok(())
    }

    fn get(&self, t: &dyn Teller, block: Block) -> QResult<Option<i64>> {
        let mut got = self.pipe.try_recv()?;
        if got.is_none() && block != Block::NoWait {
            t.say(self.wait_kind(QueueSide::Empty));
            let until = deadline(t, block);
            match wait_for(t.control(), until, |s| self.pipe.recv_within(s))? {
                Waited::Got(m) => got = Some(m),
                Waited::TimedOut => {}
                Waited::Aborted => return Err(QueueError::Aborted),
            }
        }
        let Some(msg) = got else {
            t.say(EventKind::QueueEmpty {
                queue: self.spec.name.clone(),
            });
            return Ok(None);
        };
        self.slots.post()?;
        t.say(EventKind::QueueGet {
            queue: self.spec.name.clone(),
            item: msg.item,
            from: msg.from,
            len: self.len(),
            cap: self.spec.cap,
        });
        Ok(msg.item)
    }

    fn task_done(&self, t: &dyn Teller) -> QResult<()> {
        let u = self.unfinished.as_ref().ok_or_else(too_many_task_done)?;
        if !u.try_wait()? {
            return Err(too_many_task_done());
        }
        t.say(EventKind::TaskDone {
            queue: self.spec.name.clone(),
            unfinished: u.available(),
        });
        Ok(())
    }

    /// Wait until the unfinished count is 0. A semaphore cannot be waited on
    /// for zero, so this looks at it every 2 ms (Python uses a condition).
    fn join(&self, t: &dyn Teller) -> QResult<()> {
        let u = self
            .unfinished
            .as_ref()
            .ok_or_else(|| format!("{} is not a joinable queue", self.spec.name))?;
        let tick = std::time::Duration::from_millis(2);
        match wait_for(t.control(), None, |slice| {
            if u.available() == 0 {
                return Ok(Some(()));
            }
            std::thread::sleep(slice.min(tick));
            Ok(None)
        })? {
            Waited::Got(()) => {
                t.say(EventKind::QueueJoined {
                    queue: self.spec.name.clone(),
                });
                Ok(())
            }
            _ => Err(QueueError::Aborted),
        }
    }
}

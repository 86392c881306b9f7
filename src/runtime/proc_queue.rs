//! A queue between processes, built as multiprocessing.Queue is: a named pipe
//! carrying the items, a POSIX named semaphore counting free places (taken in
//! put(), given back in get()), and in each process that puts, a feeder
//! thread that writes the put items into the pipe after put() has returned.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::control::Control;
use super::feeder::Feeder;
use super::fifo::{wait_for, wait_held, Fifo, Msg, Waited, PIPE_SLOTS};
use super::queues::{deadline, too_many_task_done, QResult, QueueError, Teller};
use super::shared_os::{sem_name, PosixSem};
use crate::event::{EventKind, QueueSide};
use crate::scenario::plan::{Block, QueueSpec};

/// The names of a process queue's OS objects in the run directory.
pub fn queue_paths(dir: &Path, queue: &str) -> (PathBuf, std::ffi::CString, std::ffi::CString) {
    (
        dir.join(format!("queue-{queue}.fifo")),
        sem_name(dir, &format!("queue.{queue}.slots")),
        sem_name(dir, &format!("queue.{queue}.unfinished")),
    )
}

/// How many items a process queue may hold: its capacity, or what the pipe holds.
/// The feeder's writes never wait: the pipe holds at least this many.
pub fn slots_of(spec: &QueueSpec) -> u32 {
    if spec.cap == 0 {
        PIPE_SLOTS
    } else {
        spec.cap.min(PIPE_SLOTS)
    }
}

pub struct ProcQueue {
    pub(super) spec: QueueSpec,
    pipe: Arc<Fifo>,
    slots: PosixSem,
    unfinished: Option<PosixSem>,
    feeder: Feeder,
    control: Arc<Control>,
}

impl ProcQueue {
    pub(super) fn open(
        spec: &QueueSpec,
        dir: &Path,
        control: &Arc<Control>,
    ) -> Result<ProcQueue, String> {
        let (fifo, slots, unfinished) = queue_paths(dir, &spec.name);
        Ok(ProcQueue {
            spec: spec.clone(),
            pipe: Arc::new(Fifo::open(&fifo)?),
            slots: PosixSem::open(&slots)?,
            unfinished: if spec.joinable {
                Some(PosixSem::open(&unfinished)?)
            } else {
                None
            },
            feeder: Feeder::new(),
            control: control.clone(),
        })
    }

    /// qsize(): places taken on the semaphore, so it counts items still in
    /// some process's feeder buffer (a snapshot, as Python's is).
    pub(super) fn len(&self) -> u32 {
        slots_of(&self.spec).saturating_sub(self.slots.available())
    }

    /// empty(): Python polls the pipe, so an item not yet fed is not seen.
    pub(super) fn pipe_is_empty(&self) -> bool {
        !self.pipe.has_data()
    }

    /// Write out what this process put and wait for its feeder to end.
    pub(super) fn flush(&self) {
        self.feeder.flush();
    }

    fn wait_kind(&self, side: QueueSide) -> EventKind {
        EventKind::QueueWait {
            queue: self.spec.name.clone(),
            side,
            len: self.len(),
            cap: self.spec.cap,
        }
    }

    /// Take a place on the semaphore (blocking as `block` says), then hand the
    /// item to the feeder and return: the item is not in the pipe yet.
    pub(super) fn put(&self, t: &dyn Teller, item: Option<i64>, block: Block) -> QResult<()> {
        let mut room = self.slots.try_wait()?;
        if !room && block != Block::NoWait {
            t.say(self.wait_kind(QueueSide::Full));
            let until = deadline(t, block);
            let retell = || t.say(self.wait_kind(QueueSide::Full));
            match wait_held(t.control(), t.name(), until, &retell, |s| {
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
        // Told before the feeder may write it: no reader can take it earlier.
        let at = t.now_us();
        let len = self.len();
        self.feeder
            .push(&self.pipe, &self.control, Msg::item(item, t.name()))?;
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

    pub(super) fn get(&self, t: &dyn Teller, block: Block) -> QResult<Option<i64>> {
        let mut got = self.pipe.try_recv()?;
        if got.is_none() && block != Block::NoWait {
            t.say(self.wait_kind(QueueSide::Empty));
            let until = deadline(t, block);
            let retell = || t.say(self.wait_kind(QueueSide::Empty));
            match wait_held(t.control(), t.name(), until, &retell, |s| {
                self.pipe.recv_within(s)
            })? {
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

    pub(super) fn task_done(&self, t: &dyn Teller) -> QResult<()> {
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
    pub(super) fn join(&self, t: &dyn Teller) -> QResult<()> {
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

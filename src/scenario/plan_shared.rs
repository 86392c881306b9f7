//! The plan's shared objects: locks, values, queues, pipes and pools.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::plan::Step;
use crate::event::ActorKind;

/// What kind of synchronisation object a lock is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LockKind {
    Mutex,
    /// Recursive: its owner may take it again; it is free when the count is 0.
    Rlock,
    Semaphore,
    Event,
    /// `fcntl.flock` on a file in the run's directory, between processes only:
    /// unlike multiprocessing.Lock (a semaphore), the kernel lets go of it
    /// when its holder dies.
    FileLock,
    /// threading.Condition: over its own rlock, or over a declared lock (`over`).
    Condition,
    /// threading.Barrier: `permits` is its number of parties.
    Barrier,
}

impl LockKind {
    /// Whether the kernel lets go of it when its holding process dies.
    pub fn freed_by_kernel(self) -> bool {
        self == LockKind::FileLock
    }
}

/// Who can share a lock: the threads of one process, or processes (a POSIX
/// named semaphore, or a file lock for `file_lock`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Threads,
    Processes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LockSpec {
    pub name: String,
    pub kind: LockKind,
    pub scope: Scope,
    /// Semaphores: how many may hold it at once; a barrier's parties.
    pub permits: u32,
    /// A condition's lock, when it is another declared lock (else its own rlock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over: Option<String>,
    /// A barrier's default timeout (`Barrier(n, timeout=...)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Duration>,
}

/// Where a shared value lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// A global variable: shared by the threads of a process, copied per process.
    Global,
    /// A JSON file in the run's private directory, read and written whole.
    File,
    /// A dict in a manager process, reached over a socket (get and set are
    /// separate round trips), as with multiprocessing.Manager.
    Manager,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueSpec {
    pub name: String,
    pub kind: ValueKind,
    pub initial: i64,
}

/// The order a queue hands its items out in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueOrder {
    /// First in, first out (queue.Queue, multiprocessing.Queue).
    Fifo,
    /// Last in, first out (queue.LifoQueue).
    Lifo,
    /// Smallest item first (queue.PriorityQueue).
    Priority,
}

/// A queue: between the threads of a process (a deque under a mutex), or
/// between processes (a named pipe with a semaphore counting free slots, as
/// multiprocessing.Queue is a pipe with a semaphore).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueSpec {
    pub name: String,
    pub order: QueueOrder,
    /// Most items it holds; 0 is unbounded.
    pub cap: u32,
    pub scope: Scope,
    /// A JoinableQueue: task_done() and join().
    pub joinable: bool,
}

/// A pipe between processes: a connected socket pair with two named ends,
/// both inherited by every process started after it exists (Pipe()).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipeSpec {
    pub name: String,
    pub ends: [String; 2],
}

/// A pool of worker processes or threads that run one task script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoolSpec {
    pub name: String,
    pub kind: ActorKind,
    pub size: u32,
    /// The actor that makes the pool and hands it tasks.
    pub owner: String,
    /// The worker actors' names (`NAME-w0`, ...), started with the pool.
    pub workers: Vec<String>,
    /// The thread in the owner's process that collects results and runs callbacks.
    pub handler: String,
    /// What each task runs; `arg` is its argument and `result` its return value.
    pub task: Vec<Step>,
}

//! When a pool's workers start, as Python starts them.
//!
//! - `multiprocessing.Pool` (and a thread Pool) starts every worker and its
//!   result-handler thread in its constructor.
//! - `ProcessPoolExecutor` with fork (Linux's default) starts nothing in its
//!   constructor; the first `submit()` starts the management thread, which
//!   forks every worker process at once (`_launch_processes`).
//! - `ThreadPoolExecutor` starts one more worker thread per `submit()` unless
//!   a worker has finished a task since and is idle (`_adjust_thread_count`
//!   and `_idle_semaphore`), up to `max_workers`.

use std::sync::Mutex;

use crate::event::ActorKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartRule {
    AtCreate,
    ProcessExecutor,
    ThreadExecutor,
}

impl StartRule {
    /// An executor is a pool handed tasks only by `submit`.
    pub fn of(kind: ActorKind, only_submit: bool) -> StartRule {
        match (only_submit, kind) {
            (false, _) => StartRule::AtCreate,
            (true, ActorKind::Process) => StartRule::ProcessExecutor,
            (true, ActorKind::Thread | ActorKind::Coroutine) => StartRule::ThreadExecutor,
        }
    }
}

/// What the caller must start now.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ToStart {
    /// Indices into the pool's workers.
    pub workers: Vec<usize>,
    pub handler: bool,
}

#[derive(Debug, Default)]
struct Counts {
    workers: usize,
    handler: bool,
    /// Finished tasks not yet spent on a submit (ThreadPoolExecutor's idle
    /// semaphore).
    idle: u32,
}

/// One pool's worker starts in this process.
#[derive(Debug)]
pub struct PoolStarts {
    rule: StartRule,
    size: usize,
    with_handler: bool,
    counts: Mutex<Counts>,
}

impl PoolStarts {
    pub fn new(rule: StartRule, size: usize, with_handler: bool) -> PoolStarts {
        PoolStarts {
            rule,
            size,
            with_handler,
            counts: Mutex::new(Counts::default()),
        }
    }

    /// The pool is made: a Pool starts everything, an executor nothing.
    pub fn at_create(&self) -> ToStart {
        match self.rule {
            StartRule::AtCreate => self.start_all(),
            _ => ToStart::default(),
        }
    }

    /// A task was submitted.
    pub fn at_submit(&self) -> ToStart {
        match self.rule {
            StartRule::AtCreate => ToStart::default(),
            StartRule::ProcessExecutor => self.start_all(),
            StartRule::ThreadExecutor => self.one_more_unless_idle(),
        }
    }

    /// A ThreadPoolExecutor worker finished a task (and its callbacks).
    pub fn worker_idle(&self) {
        self.counts.lock().unwrap().idle += 1;
    }

    /// How many workers and whether the handler have been started: what
    /// join() waits for.
    pub fn started(&self) -> (usize, bool) {
        let c = self.counts.lock().unwrap();
        (c.workers, c.handler)
    }

    fn start_all(&self) -> ToStart {
        let mut c = self.counts.lock().unwrap();
        let from = std::mem::replace(&mut c.workers, self.size);
        let handler = self.with_handler && !std::mem::replace(&mut c.handler, true);
        ToStart {
            workers: (from..self.size).collect(),
            handler,
        }
    }

    fn one_more_unless_idle(&self) -> ToStart {
        let mut c = self.counts.lock().unwrap();
        if c.idle > 0 {
            c.idle -= 1;
            return ToStart::default();
        }
        if c.workers == self.size {
            return ToStart::default();
        }
        c.workers += 1;
        ToStart {
            workers: vec![c.workers - 1],
            handler: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_starts_everything_when_made_and_nothing_on_submit() {
        let s = PoolStarts::new(StartRule::of(ActorKind::Process, false), 3, true);
        assert_eq!(s.at_create().workers, vec![0, 1, 2]);
        assert_eq!(s.at_submit(), ToStart::default());
        assert_eq!(s.started(), (3, true));
    }

    #[test]
    fn a_process_executor_forks_all_workers_at_the_first_submit() {
        let s = PoolStarts::new(StartRule::of(ActorKind::Process, true), 3, true);
        assert_eq!(s.at_create(), ToStart::default());
        assert_eq!(s.started(), (0, false));
        let first = s.at_submit();
        assert_eq!(first.workers, vec![0, 1, 2]);
        assert!(first.handler);
        assert_eq!(s.at_submit(), ToStart::default());
    }

    #[test]
    fn a_thread_executor_adds_a_worker_per_submit_unless_one_is_idle() {
        let s = PoolStarts::new(StartRule::of(ActorKind::Thread, true), 2, false);
        assert_eq!(s.at_create(), ToStart::default());
        assert_eq!(s.at_submit().workers, vec![0]);
        s.worker_idle();
        // The idle worker takes the next task: no new thread.
        assert_eq!(s.at_submit(), ToStart::default());
        assert_eq!(s.at_submit().workers, vec![1]);
        assert_eq!(s.at_submit(), ToStart::default(), "max_workers reached");
        assert_eq!(s.started(), (2, false));
    }
}

//! The exploration behind the panel, on a thread of its own so the screen
//! stays live: progress and the result come back on a channel, and stopping
//! sets the flag `explore` watches (it ends every run it started) and waits,
//! bounded, for it to return.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{unbounded, Receiver, RecvTimeoutError};

use crate::explore::{explore, ExploreSpec, Progress, Report};

/// At most this often a progress report reaches the screen.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);
/// The longest a stop waits for the exploration to end its runs.
const STOP_WAIT: Duration = Duration::from_secs(10);

/// What the exploration's thread tells the loop.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum JobMsg {
    Progress(Progress),
    Done(Result<Report, String>),
}

/// One exploration under way; stopped on drop.
pub(crate) struct ExploreJob {
    stop: Arc<AtomicBool>,
    rx: Receiver<JobMsg>,
    thread: Option<JoinHandle<()>>,
}

impl ExploreJob {
    pub fn start(spec: ExploreSpec) -> ExploreJob {
        let (tx, rx) = unbounded();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("explore".into())
            .spawn(move || {
                let mut last: Option<Instant> = None;
                let mut report = |p: &Progress| {
                    if last.is_none_or(|t| t.elapsed() >= PROGRESS_EVERY) {
                        last = Some(Instant::now());
                        let _ = tx.send(JobMsg::Progress(*p));
                    }
                };
                let result = explore(&spec, &mut report, &flag).map_err(|e| format!("{e:#}"));
                let _ = tx.send(JobMsg::Done(result));
            });
        match thread {
            Ok(handle) => ExploreJob {
                stop,
                rx,
                thread: Some(handle),
            },
            Err(e) => {
                let (tx, rx) = unbounded();
                let _ = tx.send(JobMsg::Done(Err(format!("cannot start a thread: {e}"))));
                ExploreJob {
                    stop,
                    rx,
                    thread: None,
                }
            }
        }
    }

    /// Where its messages arrive.
    pub fn events(&self) -> Receiver<JobMsg> {
        self.rx.clone()
    }

    /// Set the stop flag and wait (bounded) until the exploration has
    /// returned, so none of its runs is left when this returns.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let Some(thread) = self.thread.take() else {
            return;
        };
        let deadline = Instant::now() + STOP_WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(JobMsg::Progress(_)) => continue,
                Ok(JobMsg::Done(_)) | Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => return,
            }
        }
        let _ = thread.join();
    }
}

impl Drop for ExploreJob {
    fn drop(&mut self) {
        self.stop();
    }
}

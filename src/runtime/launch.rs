//! The UI side of a run: start a scenario host process, read its events, steer it.

use crossbeam_channel::Receiver;
use serde::{Deserialize, Serialize};

use crate::event::Event;
use crate::scenario::plan::Plan;

/// What to run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunRequest {
    pub plan: Plan,
    pub seed: u64,
    pub speed: f64,
}

/// Steering sent to a running scenario.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlMsg {
    Pause,
    Resume,
    /// Scale sleeps and work: 2.0 runs twice as fast.
    Speed(f64),
    Abort,
}

/// A live run. Dropping it stops the run and reaps every process.
pub struct RunHandle {
    events: Receiver<Event>,
}

impl RunHandle {
    /// Start the host process. Events arrive on `events()`; the last is `run_ended`,
    /// after which the channel disconnects.
    pub fn start(_req: RunRequest) -> anyhow::Result<RunHandle> {
        todo!()
    }

    pub fn events(&self) -> &Receiver<Event> {
        &self.events
    }

    pub fn send(&self, _msg: ControlMsg) {
        todo!()
    }

    /// Abort, wait (bounded) for the host to clean up, kill it if it does not.
    pub fn stop(&mut self) {
        todo!()
    }
}

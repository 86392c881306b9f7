//! The run as a whole: its names, speed, pauses and end, and the host's
//! `control` events that change them.

use super::Model;
use crate::event::{Event, Outcome};

/// Facts about the run as a whole.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    pub scenario: String,
    pub variant: Option<String>,
    pub seed: u64,
    pub speed: f64,
    pub host_pid: Option<i32>,
    pub paused: bool,
    pub outcome: Option<Outcome>,
    /// Why it ended, when the outcome alone does not say (a limit, a dead host).
    pub end_reason: Option<String>,
    /// The latest event time seen.
    pub last_us: u64,
    /// Paused stretches (start, end); the last may still be open.
    pub pauses: Vec<(u64, Option<u64>)>,
    pub ended_us: Option<u64>,
}

impl RunInfo {
    /// Whether the run was paused at `t_us` (the UI draws those stretches apart:
    /// real time went on, the actors did not).
    pub fn paused_at(&self, t_us: u64) -> bool {
        let i = self.pauses.partition_point(|(start, _)| *start <= t_us);
        i > 0 && self.pauses[i - 1].1.is_none_or(|end| t_us < end)
    }
}

impl Model {
    /// The host paused, resumed or sped up the run.
    pub(super) fn on_control(&mut self, e: &Event, what: &str) {
        let run = &mut self.run;
        match what {
            "pause" => {
                run.paused = true;
                run.pauses.push((e.t_us, None));
            }
            "resume" => {
                run.paused = false;
                if let Some((_, end @ None)) = run.pauses.last_mut() {
                    *end = Some(e.t_us);
                }
            }
            other => {
                if let Some(x) = other.strip_prefix("speed ") {
                    run.speed = x.parse().unwrap_or(run.speed);
                }
            }
        }
    }
}

//! The steps of conditions and barriers (threading.Condition, threading.Barrier).

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::expr::Expr;
use crate::event::Activity;

/// A condition's or a barrier's step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncStep {
    /// `cond.wait(timeout)`: let go of the lock, wait for a notify, take it
    /// again; `into` keeps True (1) or False (0, timed out).
    Wait {
        cond: String,
        timeout: Option<Duration>,
        into: Option<String>,
    },
    /// `cond.wait_for(predicate, timeout)`: wait until the predicate, over
    /// shared values and locals, is true; `into` keeps its last value.
    WaitFor {
        cond: String,
        until: Expr,
        timeout: Option<Duration>,
        into: Option<String>,
    },
    /// `cond.notify(n)`; None: `notify_all()`.
    Notify { cond: String, n: Option<u32> },
    /// `barrier.wait(timeout)`; `into` keeps the index (None when broken).
    Pass {
        barrier: String,
        timeout: Option<Duration>,
        into: Option<String>,
    },
    /// `barrier.abort()`.
    Abort(String),
    /// `barrier.reset()`.
    Reset(String),
}

fn secs(t: &Option<Duration>) -> String {
    t.map(|d| format!("{:.2}", d.as_secs_f64()))
        .unwrap_or_default()
}

impl SyncStep {
    /// The verb, its kind of activity and the step in words.
    pub(super) fn info(&self) -> (&'static str, Activity, String) {
        match self {
            SyncStep::Wait { cond, timeout, .. } => (
                "wait",
                Activity::Blocked,
                format!("{cond}.wait({})", secs(timeout)),
            ),
            SyncStep::WaitFor { cond, .. } => (
                "wait_for",
                Activity::Blocked,
                format!("{cond}.wait_for(...)"),
            ),
            SyncStep::Notify { cond, n: Some(n) } => {
                ("notify", Activity::Running, format!("{cond}.notify({n})"))
            }
            SyncStep::Notify { cond, n: None } => (
                "notify_all",
                Activity::Running,
                format!("{cond}.notify_all()"),
            ),
            SyncStep::Pass {
                barrier, timeout, ..
            } => (
                "wait",
                Activity::Blocked,
                format!("{barrier}.wait({})", secs(timeout)),
            ),
            SyncStep::Abort(b) => ("abort", Activity::Running, format!("{b}.abort()")),
            SyncStep::Reset(b) => ("reset", Activity::Running, format!("{b}.reset()")),
        }
    }
}

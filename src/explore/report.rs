//! The explore library's public types (issue 17 contract, shared with the TUI panel).

use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// What to explore: a lesson, its variant and parameters, and which actors are gated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExploreSpec {
    /// Lesson id.
    pub id: String,
    pub variant: Option<String>,
    /// `--set name=value` pairs.
    pub sets: Vec<(String, String)>,
    /// Gated actors (default: every actor the lesson starts except main).
    pub actors: Option<Vec<String>>,
    pub bound: Bound,
    /// Stop after this many real runs.
    pub max: Option<u64>,
    /// Runs at once (default 2).
    pub workers: usize,
}

impl ExploreSpec {
    /// A spec with the defaults: automatic bound, two workers, no limit.
    pub fn new(id: &str) -> ExploreSpec {
        ExploreSpec {
            id: id.to_string(),
            variant: None,
            sets: Vec::new(),
            actors: None,
            bound: Bound::Auto,
            max: None,
            workers: 2,
        }
    }
}

/// How much of the space is explored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// Exhaustive when the space is small, else a preemption bound of 2 (said up front).
    Auto,
    /// At most this many preemptions per interleaving.
    Preemptions(u32),
    /// Every interleaving.
    Unbounded,
}

/// Where an exploration is, reported now and then while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Real runs finished.
    pub runs: u64,
    /// Interleavings accounted for so far.
    pub explored: u64,
    /// Estimated total interleavings, when known.
    pub estimate: Option<u64>,
}

/// One outcome of the explored interleavings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeRow {
    /// Stable machine key, e.g. "oversold", "deadlock", "n=99".
    pub key: String,
    pub en: String,
    pub zh: String,
    /// How many interleavings end so.
    pub interleavings: u64,
    /// The shortest schedule that reaches it (actor names).
    pub shortest: Vec<String>,
    /// A few more examples (at most 8), shortest first.
    pub schedules: Vec<Vec<String>>,
}

/// The result of an exploration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub interleavings: u64,
    pub runs: u64,
    /// None = exhaustive.
    pub bound: Option<u32>,
    /// False when stopped by Ctrl-C, `max` or the stop flag.
    pub complete: bool,
    /// Most frequent first.
    pub outcomes: Vec<OutcomeRow>,
    pub elapsed: Duration,
}

/// Explore the interleavings of `spec`'s gated actors, running the lesson for real.
pub fn explore(
    spec: &ExploreSpec,
    progress: &mut dyn FnMut(&Progress),
    stop: &AtomicBool,
) -> anyhow::Result<Report> {
    let _ = (spec, progress, stop);
    anyhow::bail!("explore: not yet")
}

/// The command line that replays one schedule:
/// `conlab run ID --variant V --set k=v --schedule a,b,...`
pub fn replay_command(spec: &ExploreSpec, schedule: &[String]) -> String {
    let mut cmd = format!("conlab run {}", spec.id);
    if let Some(v) = &spec.variant {
        cmd.push_str(&format!(" --variant {v}"));
    }
    for (k, v) in &spec.sets {
        cmd.push_str(&format!(" --set {k}={v}"));
    }
    cmd.push_str(&format!(" --schedule {}", schedule.join(",")));
    cmd
}

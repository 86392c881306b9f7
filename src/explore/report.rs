//! The explore library's public types (issue 17 contract, shared with the TUI panel).

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use super::one::Base;
use super::runner::RealRunner;
use super::tree::Walk;

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
    /// A challenge of the lesson: each run is judged by it (its variant,
    /// parameters and actors are the defaults).
    pub challenge: Option<String>,
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
            challenge: None,
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
    /// On a challenge: whether these interleavings win it.
    pub wins: Option<bool>,
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
    let began = Instant::now();
    let base = base_of(spec)?;
    let mut runner = RealRunner {
        base,
        workers: spec.workers.max(1),
        max: spec.max,
        stop,
        runs: 0,
        estimate: None,
        progress,
        failure: None,
    };
    let Some(first) = runner.first()? else {
        return Ok(empty_report(began));
    };
    let turns: Vec<String> = first.choices.iter().map(|c| c.actor.clone()).collect();
    let estimate = match &runner.base.challenge {
        Some(c) => super::budget_estimate(c.budget, c.actors.len()),
        None => super::multinomial(&turns),
    };
    runner.estimate = Some(estimate);
    runner.tell(0);
    let bound = match spec.bound {
        Bound::Auto => super::auto_bound(estimate),
        Bound::Preemptions(n) => Some(n),
        Bound::Unbounded => None,
    };
    let mut walk = Walk::new(&mut runner, bound);
    let summary = walk.solve(&[], &first, None, 0);
    let (complete, explored) = (walk.complete, walk.explored);
    runner.tell(explored);
    if let Some(e) = runner.failure.take() {
        return Err(e);
    }
    let mut outcomes: Vec<OutcomeRow> = summary
        .into_iter()
        .map(|(key, t)| OutcomeRow {
            key,
            en: t.en,
            zh: t.zh,
            interleavings: t.count,
            shortest: t.suffixes.first().cloned().unwrap_or_default(),
            schedules: t.suffixes,
            wins: t.wins,
        })
        .collect();
    // On a challenge the winning outcomes come first.
    outcomes.sort_by(|a, b| {
        (b.wins == Some(true))
            .cmp(&(a.wins == Some(true)))
            .then(b.interleavings.cmp(&a.interleavings))
            .then(a.key.cmp(&b.key))
    });
    Ok(Report {
        interleavings: outcomes.iter().map(|o| o.interleavings).sum(),
        runs: runner.runs,
        bound,
        complete: complete && !stop.load(std::sync::atomic::Ordering::Relaxed),
        outcomes,
        elapsed: began.elapsed(),
    })
}

fn empty_report(began: Instant) -> Report {
    Report {
        interleavings: 0,
        runs: 0,
        bound: None,
        complete: false,
        outcomes: Vec::new(),
        elapsed: began.elapsed(),
    }
}

/// The lesson's plan and the actors to gate (checked against the plan).
pub fn base_of(spec: &ExploreSpec) -> anyhow::Result<Base> {
    let scenario = crate::scenario::load(&spec.id).map_err(|e| anyhow::anyhow!("{e}"))?;
    let challenge = match &spec.challenge {
        Some(id) => Some(scenario.challenge(id).map_err(|e| anyhow::anyhow!("{e}"))?),
        None => None,
    };
    let variant = spec
        .variant
        .as_deref()
        .or(challenge.and_then(|c| c.variant.as_deref()));
    let sets = match challenge {
        Some(c) if spec.sets.is_empty() => &c.sets,
        _ => &spec.sets,
    };
    let plan = scenario
        .plan(variant, sets)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let actors: Vec<String> = match (&spec.actors, challenge) {
        (Some(a), _) => a.clone(),
        (None, Some(c)) => c.actors.clone(),
        (None, None) => plan
            .actors
            .iter()
            .filter(|a| a.parent.is_some())
            .map(|a| a.name.clone())
            .collect(),
    };
    if let Some(bad) = actors.iter().find(|a| plan.actor(a).is_none()) {
        let names: Vec<&str> = plan.actors.iter().map(|a| a.name.as_str()).collect();
        anyhow::bail!(
            "--actors: {bad} is not an actor of this run ({})",
            names.join(", ")
        );
    }
    if actors.is_empty() {
        anyhow::bail!("this run starts no actor besides main: nothing to interleave");
    }
    Ok(Base {
        plan,
        actors,
        challenge: challenge.cloned(),
    })
}

/// The command line that replays one schedule:
/// `conlab run ID --variant V --set k=v --schedule a,b,...`
/// (on a challenge: `conlab run ID --challenge C --schedule ...`, which
/// sets the variant and parameters itself).
pub fn replay_command(spec: &ExploreSpec, schedule: &[String]) -> String {
    let mut cmd = format!("conlab run {}", spec.id);
    if let Some(c) = &spec.challenge {
        cmd.push_str(&format!(
            " --challenge {c} --schedule {}",
            schedule.join(",")
        ));
        return cmd;
    }
    if let Some(v) = &spec.variant {
        cmd.push_str(&format!(" --variant {v}"));
    }
    for (k, v) in &spec.sets {
        cmd.push_str(&format!(" --set {k}={v}"));
    }
    cmd.push_str(&format!(" --schedule {}", schedule.join(",")));
    cmd
}

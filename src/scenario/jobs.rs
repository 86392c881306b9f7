//! `[scheduler]` and `[[jobs]]`: the job set of a CPU-scheduling lesson. Each
//! job becomes a thread actor (its name the job's) that main starts when the
//! job arrives and that computes only while main's scheduler grants it the CPU.

use std::collections::BTreeSet;
use std::ops::Range;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::diag::Diag;
use super::plan::{ActorSpec, Step};
use super::raw::{IntOrText, RawScenario};
use super::resolve::eval_int;
use super::steps::StepBuilder;
use super::values::{substitute, Env};
use crate::event::ActorKind;
use crate::model::schedule::{Job, Policy};

/// At most this many jobs (one thread each).
pub const MAX_JOBS: usize = 26;
/// A quantum or a burst longer than this many units is refused.
pub const MAX_UNITS: i64 = 1000;
/// The shortest and the longest time unit.
const UNIT_MIN: Duration = Duration::from_millis(10);
const UNIT_MAX: Duration = Duration::from_secs(2);

/// `[scheduler]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScheduler {
    pub policy: Spanned<String>,
    pub quantum: Option<Spanned<IntOrText>>,
    /// MLFQ: one quantum per level, top level first.
    pub levels: Option<Spanned<Vec<i64>>>,
    /// How long one time unit lasts (`"100ms"`).
    pub unit: Option<Spanned<String>>,
    /// The line of the listing the job threads stand for (text it contains).
    pub py: Option<Spanned<String>>,
}

/// `[[jobs]]` as written: times in units.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJob {
    pub name: Spanned<String>,
    pub arrive: Spanned<i64>,
    pub burst: Spanned<i64>,
}

/// The table's heading as main prints it, in English and in Chinese.
pub const HEADING: (&str, &str) = (
    "job  arrive  burst  finish  turnaround  waiting",
    "作业   到达   运行    完成        周转     等待",
);

/// The table's last line, in English and in Chinese.
pub fn averages_line(turnaround: f64, waiting: f64) -> (String, String) {
    let (t, w) = (turnaround, waiting);
    (
        format!("average turnaround {t:.2}, average waiting {w:.2}"),
        format!("平均周转时间 {t:.2}，平均等待时间 {w:.2}"),
    )
}

/// The lines main prints in both languages, for checks and pages that wait
/// for them: the heading, and each averages line a check or page names.
pub(super) fn table_prints(raw: &RawScenario) -> Vec<(String, String)> {
    if raw.scheduler.is_none() {
        return vec![];
    }
    let mut out = vec![(HEADING.0.to_string(), HEADING.1.to_string())];
    let checks = raw.checks.iter().map(|c| &c.get_ref().fields);
    let pages = raw
        .pages
        .iter()
        .filter_map(|p| p.get_ref().wait_for.as_ref());
    let fields = checks.chain(pages.map(|w| &w.get_ref().fields));
    for f in fields {
        let text = f.iter().find(|(k, _)| k.get_ref() == "text");
        let Some((_, toml::Value::String(text))) = text else {
            continue;
        };
        let numbers = text
            .strip_prefix("average turnaround ")
            .and_then(|r| r.split_once(", average waiting "))
            .and_then(|(t, w)| Some((t.parse().ok()?, w.parse().ok()?)));
        if let Some((t, w)) = numbers {
            out.push(averages_line(t, w));
        }
    }
    out
}

/// The job set and policy, resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleSpec {
    pub policy: String,
    /// RR: one quantum; MLFQ: one per level; empty for the others.
    pub quanta: Vec<u32>,
    pub unit: Duration,
    /// (name, arrival, burst), in units, as declared.
    pub jobs: Vec<(String, u32, u32)>,
}

impl ScheduleSpec {
    pub fn policy(&self) -> Policy {
        Policy::parse(&self.policy).unwrap_or(Policy::Fcfs)
    }

    pub fn job_list(&self) -> Vec<Job> {
        let job = |(name, arrive, burst): &(String, u32, u32)| Job {
            name: name.clone(),
            arrive: *arrive,
            burst: *burst,
        };
        self.jobs.iter().map(job).collect()
    }
}

/// Resolve the scheduler and jobs; the job thread actors go into `actors`,
/// started by `root` (`listing`: the lines `py` points into). `limit` bounds the whole run.
pub(super) fn build(
    raw: &RawScenario,
    env: &Env,
    root: Option<&str>,
    listing: &[String],
    limit: Duration,
    actors: &mut Vec<ActorSpec>,
    diags: &mut Vec<Diag>,
) -> Option<ScheduleSpec> {
    let Some(sched) = &raw.scheduler else {
        if let Some(j) = raw.jobs.first() {
            diags.push(Diag::new(j.span(), "[[jobs]] need a [scheduler] table"));
        }
        return None;
    };
    let at = sched.span();
    let s = sched.get_ref();
    let before = diags.len();
    let policy = policy(&s.policy, env, diags);
    let quanta = policy.map_or_else(Vec::new, |p| quanta(p, s, env, at.clone(), diags));
    let unit = unit(s.unit.as_ref(), diags);
    let jobs = jobs(raw, actors, at.clone(), diags);
    let total: u64 = jobs.iter().map(|j| u64::from(j.2)).sum::<u64>()
        + jobs.iter().map(|j| u64::from(j.1)).max().unwrap_or(0);
    let run = unit.saturating_mul(total.min(u64::from(u32::MAX)) as u32);
    if run > limit.saturating_sub(Duration::from_secs(1)) {
        let msg = format!(
            "the jobs need up to {total} units of {:.3} s = {:.1} s: more than max_seconds \
             ({:.0} s) allows with 1 s to spare; shorten the bursts or the unit",
            unit.as_secs_f64(),
            run.as_secs_f64(),
            limit.as_secs_f64()
        );
        diags.push(Diag::new(at, msg));
    }
    let policy = policy?;
    if diags.len() > before {
        return None;
    }
    let parent = root.map(str::to_string);
    let line = s.py.as_ref().and_then(|py| {
        let text = super::raw::PyLine::Containing(py.get_ref().clone());
        super::listing::find_line(listing, &text)
            .map_err(|m| diags.push(Diag::new(py.span(), m)))
            .ok()
    });
    for (name, _, _) in &jobs {
        let mut script: Vec<Step> = line.map(Step::Line).into_iter().collect();
        script.push(Step::RunJob(name.clone()));
        actors.push(ActorSpec {
            name: name.clone(),
            kind: ActorKind::Thread,
            daemon: false,
            parent: parent.clone(),
            script,
            start_method: None,
        });
    }
    Some(ScheduleSpec {
        policy: policy.name().to_string(),
        quanta,
        unit,
        jobs,
    })
}

fn policy(p: &Spanned<String>, env: &Env, diags: &mut Vec<Diag>) -> Option<Policy> {
    let text = substitute(p.get_ref(), env)
        .map_err(|m| diags.push(Diag::new(p.span(), m)))
        .ok()?;
    let found = Policy::parse(&text);
    if found.is_none() {
        let names: Vec<&str> = Policy::ALL.iter().map(|(n, _)| *n).collect();
        let msg = format!("policy must be one of {}, not {text:?}", names.join(", "));
        diags.push(Diag::new(p.span(), msg));
    }
    found
}

fn quanta(
    p: Policy,
    s: &RawScheduler,
    env: &Env,
    at: Range<usize>,
    diags: &mut Vec<Diag>,
) -> Vec<u32> {
    let units = |n: i64, at: Range<usize>, diags: &mut Vec<Diag>| {
        if (1..=MAX_UNITS).contains(&n) {
            Some(n as u32)
        } else {
            let msg = format!("a quantum of {n} units must be between 1 and {MAX_UNITS}");
            diags.push(Diag::new(at, msg));
            None
        }
    };
    match p {
        Policy::Rr => match &s.quantum {
            None => {
                diags.push(Diag::new(at, "policy \"rr\" needs a quantum (quantum = 2)"));
                vec![]
            }
            Some(q) => eval_int(q, env, diags)
                .and_then(|n| units(n, q.span(), diags))
                .into_iter()
                .collect(),
        },
        Policy::Mlfq => match &s.levels {
            None => vec![1, 2, 4],
            Some(l) if l.get_ref().is_empty() || l.get_ref().len() > 8 => {
                diags.push(Diag::new(
                    l.span(),
                    "levels needs 1 to 8 quanta, top level first",
                ));
                vec![]
            }
            Some(l) => l
                .get_ref()
                .iter()
                .filter_map(|&n| units(n, l.span(), diags))
                .collect(),
        },
        Policy::Fcfs | Policy::Sjf | Policy::Srtf => vec![],
    }
}

fn unit(u: Option<&Spanned<String>>, diags: &mut Vec<Diag>) -> Duration {
    let Some(u) = u else {
        return Duration::from_millis(100);
    };
    match super::duration::parse_duration(u.get_ref()) {
        Ok(d) if (UNIT_MIN..=UNIT_MAX).contains(&d) => d,
        Ok(_) => {
            diags.push(Diag::new(u.span(), "unit must be between 10ms and 2s"));
            Duration::from_millis(100)
        }
        Err(m) => {
            diags.push(Diag::new(u.span(), m));
            Duration::from_millis(100)
        }
    }
}

/// The jobs, checked: names unique (among actors too), arrivals from 0,
/// bursts from 1.
fn jobs(
    raw: &RawScenario,
    actors: &[ActorSpec],
    at: Range<usize>,
    diags: &mut Vec<Diag>,
) -> Vec<(String, u32, u32)> {
    if raw.jobs.is_empty() {
        diags.push(Diag::new(at, "the job set is empty: add [[jobs]] entries"));
    }
    if raw.jobs.len() > MAX_JOBS {
        let msg = format!("{} jobs: at most {MAX_JOBS}", raw.jobs.len());
        diags.push(Diag::new(raw.jobs[MAX_JOBS].span(), msg));
        return vec![];
    }
    let mut seen: BTreeSet<String> = actors.iter().map(|a| a.name.clone()).collect();
    let mut out = Vec::new();
    for j in &raw.jobs {
        let j = j.get_ref();
        let name = j.name.get_ref();
        let good_name = !name.is_empty()
            && name.len() <= 16
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !good_name {
            let msg = "a job's name is 1 to 16 letters, digits or _";
            diags.push(Diag::new(j.name.span(), msg));
        } else if !seen.insert(name.clone()) {
            let msg = format!("{name:?} is already the name of a job or an actor");
            diags.push(Diag::new(j.name.span(), msg));
        }
        let (arrive, burst) = (*j.arrive.get_ref(), *j.burst.get_ref());
        if !(0..=MAX_UNITS).contains(&arrive) {
            let msg = format!("arrive = {arrive}: an arrival time is 0 to {MAX_UNITS} units");
            diags.push(Diag::new(j.arrive.span(), msg));
        }
        if !(1..=MAX_UNITS).contains(&burst) {
            let msg = format!("burst = {burst}: a burst is 1 to {MAX_UNITS} units");
            diags.push(Diag::new(j.burst.span(), msg));
        }
        out.push((name.clone(), arrive.max(0) as u32, burst.max(0) as u32));
    }
    out
}

impl StepBuilder<'_, '_> {
    /// `schedule = "jobs"`: only main may be the scheduler.
    pub(super) fn schedule_verb(&mut self, j: &Spanned<String>) {
        if j.get_ref() != "jobs" {
            let msg = format!(
                "schedule names the job set: schedule = \"jobs\", not {:?}",
                j.get_ref()
            );
            return self.err(j.span(), msg);
        }
        if self.me.parent.is_some() || self.me.kind != ActorKind::Process {
            return self.err(j.span(), "only the main process can schedule the jobs");
        }
        self.push(Step::Schedule);
    }
}

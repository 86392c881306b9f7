//! A plan: one scenario resolved for one variant and parameter set, ready to run.
//!
//! Loops are unrolled, parameters substituted and actor groups expanded, so the
//! runtime only follows a flat list of steps per actor instance.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::text::Text;
use crate::event::{Activity, ActorKind};

/// Everything a host needs to run a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub scenario: String,
    pub variant: Option<String>,
    pub actors: Vec<ActorSpec>,
    pub checks: Vec<CheckSpec>,
    /// The run is stopped (outcome timed_out) after this long.
    pub max_duration: Duration,
}

impl Plan {
    pub fn actor(&self, name: &str) -> Option<&ActorSpec> {
        self.actors.iter().find(|a| a.name == name)
    }

    /// The actor the host starts: the one without a parent.
    pub fn root(&self) -> &ActorSpec {
        self.actors
            .iter()
            .find(|a| a.parent.is_none())
            .expect("a validated plan has a root actor")
    }
}

/// One actor instance (`child3`), with its own script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorSpec {
    pub name: String,
    pub kind: ActorKind,
    pub daemon: bool,
    /// The actor that starts it; None for the root (started by the host).
    pub parent: Option<String>,
    pub script: Vec<Step>,
}

/// A time: fixed, or drawn uniformly from a range at run time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Span {
    Fixed(Duration),
    Between(Duration, Duration),
}

/// One step of a script: the vocabulary of real primitives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Start child actors (processes or threads); returns at once.
    Start(Vec<String>),
    /// Wait for actors to finish and collect their exit status.
    Join(Vec<String>),
    /// Print a line; `{pid}`, `{ppid}`, `{tid}`, `{name}` are filled in at run time.
    Print(String),
    Sleep(Span),
    /// Keep a CPU busy for this long.
    Work(Span),
    /// End the actor at once with this code, skipping clean-up (like os._exit).
    Exit(i32),
    /// Send SIGTERM to actors.
    Terminate(Vec<String>),
    /// Ask the OS whether actors are still alive, and print the answer.
    IsAlive(Vec<String>),
}

impl Step {
    pub fn op(&self) -> &'static str {
        match self {
            Step::Start(_) => "start",
            Step::Join(_) => "join",
            Step::Print(_) => "print",
            Step::Sleep(_) => "sleep",
            Step::Work(_) => "work",
            Step::Exit(_) => "exit",
            Step::Terminate(_) => "terminate",
            Step::IsAlive(_) => "is_alive",
        }
    }

    pub fn activity(&self) -> Activity {
        match self {
            Step::Join(_) => Activity::Waiting,
            Step::Sleep(_) => Activity::Sleeping,
            Step::Work(_) => Activity::Working,
            _ => Activity::Running,
        }
    }

    /// The step in words, as a timeline tooltip or status line shows it.
    pub fn describe(&self) -> String {
        match self {
            Step::Start(t) => format!("start {}", t.join(", ")),
            Step::Join(t) => format!("join {}", t.join(", ")),
            Step::Print(s) => format!("print {s:?}"),
            Step::Sleep(s) => format!("sleep {}", describe_span(s)),
            Step::Work(s) => format!("work {}", describe_span(s)),
            Step::Exit(c) => format!("exit {c}"),
            Step::Terminate(t) => format!("terminate {}", t.join(", ")),
            Step::IsAlive(t) => format!("is_alive {}", t.join(", ")),
        }
    }
}

pub fn describe_span(s: &Span) -> String {
    match s {
        Span::Fixed(d) => format!("{:.2}s", d.as_secs_f64()),
        Span::Between(a, b) => format!("{:.2}..{:.2}s", a.as_secs_f64(), b.as_secs_f64()),
    }
}

/// Whether a check wants its event to happen or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    Seen,
    NotSeen,
}

/// A promise the scenario makes about its event log, shown as a checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckSpec {
    pub label: Text,
    /// The `event` field to match.
    pub event: String,
    /// Actor name, or a prefix ending in `*`.
    pub actor: Option<String>,
    /// Other fields that must be equal.
    pub fields: BTreeMap<String, serde_json::Value>,
    pub expect: Expect,
    /// Seen only after the check before it was seen.
    pub after_previous: bool,
}

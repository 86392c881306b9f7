//! A plan: one scenario resolved for one variant and parameter set, ready to run.
//!
//! Loops are unrolled, parameters substituted and actor groups expanded, so the
//! runtime only follows a flat list of steps per actor instance.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::expr::Expr;
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
    #[serde(default)]
    pub locks: Vec<LockSpec>,
    #[serde(default)]
    pub values: Vec<ValueSpec>,
}

/// What kind of synchronisation object a lock is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LockKind {
    Mutex,
    /// Recursive: its owner may take it again; it is free when the count is 0.
    Rlock,
    Semaphore,
    Event,
}

/// Who can share a lock: the threads of one process, or processes (a real
/// file lock in the run's private directory).
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
    /// Semaphores: how many may hold it at once.
    pub permits: u32,
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

impl Plan {
    /// Values kept by the manager process (none: no manager is started).
    pub fn manager_values(&self) -> impl Iterator<Item = &ValueSpec> {
        self.values.iter().filter(|v| v.kind == ValueKind::Manager)
    }

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
    Acquire(String),
    Release(String),
    /// Wait until an event is set.
    WaitEvent(String),
    /// Set (true) or clear (false) an event.
    SetEvent(String, bool),
    /// Read a shared value into a local variable.
    Read {
        value: String,
        into: String,
    },
    /// Write an expression's result to a shared value (not atomic with a read).
    Write {
        value: String,
        expr: Expr,
    },
    /// Add to a shared value in one atomic operation.
    Add {
        value: String,
        expr: Expr,
    },
    /// Set a local variable.
    Let {
        var: String,
        expr: Expr,
    },
    /// Run `then` when `cond` is not 0, else `otherwise`.
    If {
        cond: Expr,
        then: Vec<Step>,
        otherwise: Vec<Step>,
    },
}

impl Step {
    /// The verb, its kind of activity and the step in words, from one table.
    fn info(&self) -> (&'static str, Activity, String) {
        let list = |t: &[String]| t.join(", ");
        match self {
            Step::Start(t) => ("start", Activity::Running, format!("start {}", list(t))),
            Step::Join(t) => ("join", Activity::Waiting, format!("join {}", list(t))),
            Step::Print(s) => ("print", Activity::Running, format!("print {s:?}")),
            Step::Sleep(s) => (
                "sleep",
                Activity::Sleeping,
                format!("sleep {}", describe_span(s)),
            ),
            Step::Work(s) => (
                "work",
                Activity::Working,
                format!("work {}", describe_span(s)),
            ),
            Step::Exit(c) => ("exit", Activity::Running, format!("exit {c}")),
            Step::Terminate(t) => (
                "terminate",
                Activity::Running,
                format!("terminate {}", list(t)),
            ),
            Step::IsAlive(t) => (
                "is_alive",
                Activity::Running,
                format!("is_alive {}", list(t)),
            ),
            Step::Acquire(l) => ("acquire", Activity::Blocked, format!("acquire {l}")),
            Step::Release(l) => ("release", Activity::Running, format!("release {l}")),
            Step::WaitEvent(e) => ("wait", Activity::Blocked, format!("wait {e}")),
            Step::SetEvent(e, true) => ("set", Activity::Running, format!("set {e}")),
            Step::SetEvent(e, false) => ("clear", Activity::Running, format!("clear {e}")),
            Step::Read { value, into } => {
                ("read", Activity::Running, format!("{into} = read {value}"))
            }
            Step::Write { value, .. } => ("write", Activity::Running, format!("write {value}")),
            Step::Add { value, .. } => ("add", Activity::Running, format!("add to {value}")),
            Step::Let { var, .. } => ("let", Activity::Running, format!("let {var}")),
            Step::If { .. } => ("if", Activity::Running, "if".to_string()),
        }
    }

    pub fn op(&self) -> &'static str {
        self.info().0
    }

    pub fn activity(&self) -> Activity {
        self.info().1
    }

    /// The step in words, as a timeline tooltip or status line shows it.
    pub fn describe(&self) -> String {
        self.info().2
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

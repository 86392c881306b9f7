//! A plan: one scenario resolved for one variant and parameter set, ready to run.
//!
//! `each` and `repeat` are unrolled, parameters substituted and actor groups
//! expanded, so the runtime follows a list of steps per actor instance; only
//! `if` and `loop` keep nested lists, decided at run time.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::expr::Expr;
use super::text::{Lang, Text};
use crate::event::ActorKind;

/// Everything a host needs to run a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub scenario: String,
    pub variant: Option<String>,
    pub actors: Vec<ActorSpec>,
    pub checks: Vec<CheckSpec>,
    /// `[module]`: steps main runs first and every spawn child runs again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub module: Vec<Step>,
    /// The run is stopped (outcome timed_out) after this long.
    pub max_duration: Duration,
    #[serde(default)]
    pub locks: Vec<LockSpec>,
    #[serde(default)]
    pub values: Vec<ValueSpec>,
    #[serde(default)]
    pub queues: Vec<QueueSpec>,
    #[serde(default)]
    pub pipes: Vec<PipeSpec>,
    #[serde(default)]
    pub pools: Vec<PoolSpec>,
    /// `[sockets.*]`: bound by the host before the root actor starts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sockets: Vec<super::plan_net::SocketSpec>,
    /// Tables of measured times (`[tables.*]`), filled by `measure` steps.
    #[serde(default)]
    pub tables: Vec<super::tables::TableSpec>,
    /// Where the scenario came from (a built-in id or a file path) and the
    /// parameters set for this run: enough to build the same plan again.
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    /// The program in Python this variant stands for (`listing`), if any.
    #[serde(default)]
    pub listing: Option<Text>,
    /// The modelled GIL's switch interval (`sys.setswitchinterval`), in µs;
    /// None: CPython's 5 ms.
    #[serde(default)]
    pub switch_interval_us: Option<u64>,
    /// The language the run prints in (a `print` given in both languages):
    /// the screen's, set by whoever starts the run; English by default.
    #[serde(default)]
    pub lang: Lang,
    /// The job set and policy of a CPU-scheduling lesson (`[scheduler]`, `[[jobs]]`).
    #[serde(default)]
    pub schedule: Option<super::jobs::ScheduleSpec>,
    /// `conlab py FILE`: the learner's own Python program to run instead of
    /// actors (then `actors` is empty and `listing` is the file's text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python: Option<crate::py::PySpec>,
}

pub use super::plan_info::describe_span;
pub use super::plan_shared::*;

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
    /// How a child process is started (None: a fork(2) that starts afresh
    /// from the plan, runs no module steps, every global at its initial value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_method: Option<super::start_method::StartMethod>,
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
    /// Print a line, in the run's language (`Plan::lang`); `{pid}`, `{ppid}`,
    /// `{tid}`, `{name}` are filled in at run time.
    Print(Text),
    Sleep(Span),
    /// A coroutine's blocking sleep (`time.sleep` in `async def`): its whole loop stops.
    BlockingSleep(Span),
    /// Keep a CPU busy for this long.
    Work(Span),
    /// Keep a CPU busy until this much (scenario) wall time has passed, as
    /// `while time.time() < end: pass` does, however the CPU is shared.
    Spin(Span),
    /// End the actor at once with this code, skipping clean-up (like os._exit).
    Exit(i32),
    /// Send SIGTERM to actors.
    Terminate(Vec<String>),
    /// Ask the OS whether actors are still alive (the log tells the answer);
    /// with a local, keep the (last) answer in it: 1 alive, 0 not.
    IsAlive(Vec<String>, Option<String>),
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
    /// Run the body again and again until a `break` (or the actor exits).
    Loop(Vec<Step>),
    /// Leave the innermost loop.
    Break,
    /// Put an item (an expression, or None) into a queue.
    Put {
        queue: String,
        item: Expr,
        block: Block,
    },
    /// Take an item from a queue into a local (None when Empty was raised).
    Get {
        queue: String,
        into: Option<String>,
        block: Block,
    },
    /// qsize(), empty() or full(), answered into a local (1 for True).
    Ask {
        queue: String,
        question: Question,
        into: Option<String>,
    },
    TaskDone(String),
    /// Wait until every item put into a joinable queue is marked done.
    JoinQueue(String),
    /// Send an item into one end of a pipe.
    Send {
        end: String,
        item: Expr,
    },
    /// Receive from one end of a pipe (None at end-of-file).
    Recv {
        end: String,
        into: Option<String>,
    },
    /// Close this process's copy of a pipe end.
    CloseEnd(String),
    /// Make a pool: start its workers and its result thread.
    CreatePool(String),
    /// Run one task in the pool and wait for its result (apply).
    Apply {
        pool: String,
        arg: Expr,
        into: Option<String>,
    },
    /// Hand the pool a task and go on (apply_async or submit); `handle` names
    /// it for a later `result`; `callback` runs in this process when it is done.
    Submit {
        pool: String,
        how: String,
        arg: Expr,
        handle: Option<String>,
        callback: Vec<Step>,
    },
    /// Run tasks for args 0..count and wait for all results, in order (map).
    Map {
        pool: String,
        count: Expr,
    },
    /// Wait for a submitted task's result.
    Result {
        handle: String,
        into: Option<String>,
    },
    /// No more tasks: close().
    ClosePool(String),
    /// Wait for the pool's workers to end: join().
    JoinPool(String),
    /// A pool worker's whole script: take tasks until the pool is closed.
    ServePool(String),
    /// A pool's result thread: collect results and run callbacks.
    HandleResults(String),
    /// The start or the end of a timed block (`measure`): like `Line`, never
    /// announced; its end tells `measured`.
    Measure(super::tables::Measure),
    /// Be the CPU scheduler of the plan's job set: start each job thread when
    /// it arrives, grant it slices, print the table (`schedule = "jobs"`).
    Schedule,
    /// A job thread's whole script: compute only while granted the CPU.
    RunJob(String),
    /// A UDP or multiplexing step (plan_mux.rs).
    Mux(super::plan_mux::MuxStep),
    /// A condition's or a barrier's step (plan_sync.rs).
    Sync(super::plan_sync::SyncStep),
    /// A wait with a timeout, a Timer or its cancel (see `timed`).
    Timed(super::timed::Timed),
    /// A socket's step (plan_net.rs).
    Net(super::plan_net::NetStep),
    /// Not a step: the steps after it stand for this line of the Python
    /// listing (`py = N`). Never announced, never held for a turn.
    Line(u32),
}

/// Whether a put or get may wait.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// Wait as long as it takes.
    Wait,
    /// Wait at most this long, then raise Full or Empty.
    Timeout(Duration),
    /// put_nowait / get_nowait: raise at once.
    NoWait,
}

/// What a queue is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    Qsize,
    Empty,
    Full,
}

impl Question {
    pub fn name(self) -> &'static str {
        match self {
            Question::Qsize => "qsize",
            Question::Empty => "empty",
            Question::Full => "full",
        }
    }
}

impl Block {
    pub(super) fn suffix(self) -> String {
        match self {
            Block::Wait => String::new(),
            Block::Timeout(d) => format!(" (timeout {:.2}s)", d.as_secs_f64()),
            Block::NoWait => " (nowait)".into(),
        }
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
    /// A field of `fields` may equal this instead: a print's text in the
    /// other language, when the print is given in both.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub or_fields: BTreeMap<String, serde_json::Value>,
    pub expect: Expect,
    /// Seen only after the check before it was seen.
    pub after_previous: bool,
    /// A check that compares a number, or one about order (check_compare.rs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare: Option<Box<super::check_compare::Compare>>,
}

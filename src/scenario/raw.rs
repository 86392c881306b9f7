//! The scenario file as written: serde structs that keep source positions.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::text::Text;

/// A whole `scenarios/*.toml` file. (The two-way values below deserialize in
/// raw_either.rs.)
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub format: Option<Spanned<i64>>,
    pub id: Spanned<String>,
    pub title: Text,
    pub summary: Text,
    pub lesson: Option<Text>,
    /// Lesson pages (`[[pages]]`); without them `lesson` is the one page.
    #[serde(default)]
    pub pages: Vec<Spanned<RawPage>>,
    /// The same program in Python, shown beside the run (`py = N` on a step
    /// marks its line).
    pub listing: Option<Spanned<RawListing>>,
    pub max_seconds: Option<Spanned<f64>>,
    /// The speed the lesson opens at when `--speed` is not given.
    pub pace: Option<Spanned<f64>>,
    /// The modelled GIL's switch interval (`"5ms"`, or a parameter).
    pub switch_interval: super::switch_interval::RawInterval,
    #[serde(default)]
    pub params: BTreeMap<Spanned<String>, Spanned<RawParam>>,
    #[serde(default)]
    pub variants: Vec<RawVariant>,
    pub actors: Vec<Spanned<RawActor>>,
    /// The module's top level: scenario/start_method.rs.
    pub module: Option<Spanned<super::start_method::RawModule>>,
    #[serde(default)]
    pub checks: Vec<Spanned<RawCheck>>,
    #[serde(default)]
    pub locks: BTreeMap<Spanned<String>, Spanned<RawLock>>,
    #[serde(default)]
    pub values: BTreeMap<Spanned<String>, Spanned<RawValue>>,
    #[serde(default)]
    pub queues: BTreeMap<Spanned<String>, Spanned<RawQueue>>,
    #[serde(default)]
    pub pipes: BTreeMap<Spanned<String>, Spanned<RawPipe>>,
    #[serde(default)]
    pub pools: BTreeMap<Spanned<String>, Spanned<RawPool>>,
    /// Tables of measured times (`measure` steps fill their cells).
    #[serde(default)]
    pub tables: BTreeMap<Spanned<String>, Spanned<super::tables::RawTable>>,
    /// `[scheduler]` and `[[jobs]]`: a CPU-scheduling lesson's policy and job set.
    pub scheduler: Option<Spanned<super::jobs::RawScheduler>>,
    #[serde(default)]
    pub jobs: Vec<Spanned<super::jobs::RawJob>>,
    /// `[sockets.NAME]`: loopback sockets the host binds before main starts.
    #[serde(default)]
    pub sockets: BTreeMap<Spanned<String>, Spanned<super::decls_net::RawSocket>>,
    /// `[[challenges]]`: the learner is the scheduler (scenario/challenge.rs).
    #[serde(default)]
    pub challenges: Vec<Spanned<super::challenge::RawChallenge>>,
}

/// `[queues.NAME]`: a queue between threads or between processes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQueue {
    pub capacity: Option<Spanned<IntOrText>>,
    pub order: Option<Spanned<String>>,
    pub scope: Option<Spanned<String>>,
    pub joinable: Option<Spanned<BoolOrText>>,
}

/// `[pipes.NAME]`: a pipe with two named ends.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPipe {
    pub ends: Spanned<Vec<String>>,
}

/// `[pools.NAME]`: a pool of worker processes or threads running one task script.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPool {
    /// "processes" or "threads" (or a parameter, `"{kind}"`).
    pub kind: Spanned<String>,
    pub size: Option<Spanned<IntOrText>>,
    pub owner: Option<Spanned<String>>,
    #[serde(default)]
    pub task: Vec<Spanned<RawStep>>,
}

/// `[locks.NAME]`: a mutex, recursive lock, semaphore or event.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLock {
    pub kind: Spanned<String>,
    pub scope: Option<Spanned<String>>,
    pub permits: Option<Spanned<IntOrText>>,
    /// A condition's lock (another declared lock).
    pub lock: Option<Spanned<String>>,
    /// A barrier's parties.
    pub parties: Option<Spanned<IntOrText>>,
    /// A barrier's default timeout (`"1s"`).
    pub timeout: Option<Spanned<String>>,
}

/// `[values.NAME]`: a shared value.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawValue {
    pub kind: Spanned<String>,
    pub initial: Option<Spanned<IntOrText>>,
}

/// A parameter that variants and `--set NAME=VALUE` may change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParam {
    pub default: Spanned<toml::Value>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// What the parameter means, for readers of the file (not yet shown on screen).
    #[allow(dead_code)]
    pub help: Option<Text>,
}

/// A named way to run the scenario: parameter values and script replacements.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVariant {
    pub name: Spanned<String>,
    pub label: Option<Text>,
    #[serde(default)]
    pub set: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    /// Replacement scripts, by actor name as declared (`main`, `child{i}`).
    #[serde(default)]
    pub scripts: BTreeMap<Spanned<String>, Vec<Spanned<RawStep>>>,
    /// This variant's Python listing, when its program differs.
    pub listing: Option<Spanned<RawListing>>,
    /// The speed this variant opens at, when it differs from the lesson's.
    pub pace: Option<Spanned<f64>>,
    /// Its own switch interval, when it differs from the lesson's.
    pub switch_interval: super::switch_interval::RawInterval,
}

/// An actor declaration; with `count`, a group of instances named by `{i}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    pub name: Spanned<String>,
    pub kind: Spanned<String>,
    pub count: Option<Spanned<IntOrText>>,
    pub parent: Option<Spanned<String>>,
    pub daemon: Option<Spanned<BoolOrText>>,
    #[serde(default)]
    pub script: Vec<Spanned<RawStep>>,
    /// "fork" or "spawn" (or a parameter): scenario/start_method.rs.
    pub start_method: Option<Spanned<String>>,
}

/// A number written as a number, or as text naming a parameter (`"{children}"`).
#[derive(Debug, Clone)]
pub enum IntOrText {
    Int(i64),
    Text(String),
}

/// true or false, written as such or as text naming a parameter (`"{daemon}"`).
#[derive(Debug, Clone)]
pub enum BoolOrText {
    Bool(bool),
    Text(String),
}

/// A Python listing: one text, or one per language (comments translated,
/// the code and its line numbers the same).
#[derive(Debug, Clone)]
pub enum RawListing {
    Same(String),
    Both(Text),
}

/// `print = "text"` (printed whatever the screen's language), or
/// `print = { en = "...", zh = "..." }` (the run prints its language's text).
#[derive(Debug, Clone)]
pub enum RawPrint {
    Same(String),
    Both(Text),
}

impl RawPrint {
    /// The English text and the Chinese one (the same text when given once).
    pub fn texts(&self) -> (&str, &str) {
        match self {
            RawPrint::Same(s) => (s, s),
            RawPrint::Both(t) => (&t.en, &t.zh),
        }
    }
}

/// `py = 12`, or `py = "p.start()"`: the one line that contains the text.
#[derive(Debug, Clone)]
pub enum PyLine {
    Number(i64),
    Containing(String),
}

/// One or several actor names or `prefix*` patterns.
#[derive(Debug, Clone)]
pub enum Targets {
    One(String),
    Many(Vec<String>),
}

impl Targets {
    pub fn items(&self) -> Vec<String> {
        match self {
            Targets::One(s) => vec![s.clone()],
            Targets::Many(v) => v.clone(),
        }
    }
}

/// A step: exactly one verb key, plus that verb's options.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    /// The line of the scenario's Python listing this step stands for.
    pub py: Option<Spanned<PyLine>>,
    pub start: Option<Spanned<Targets>>,
    pub join: Option<Spanned<Targets>>,
    pub pick: Option<Spanned<String>>,
    pub print: Option<Spanned<RawPrint>>,
    pub sleep: Option<Spanned<String>>,
    /// `sleep` in a coroutine: a blocking call (`time.sleep`) that stops its
    /// loop; `acquire` with `blocking = false`: acquire(blocking=False).
    pub blocking: Option<Spanned<bool>>,
    pub work: Option<Spanned<String>>,
    pub spin: Option<Spanned<String>>,
    pub exit: Option<Spanned<IntOrText>>,
    pub terminate: Option<Spanned<Targets>>,
    pub is_alive: Option<Spanned<Targets>>,
    pub each: Option<Spanned<Targets>>,
    pub repeat: Option<Spanned<IntOrText>>,
    #[serde(rename = "as")]
    pub as_name: Option<Spanned<String>>,
    #[serde(rename = "do")]
    pub body: Option<Vec<Spanned<RawStep>>>,
    pub acquire: Option<Spanned<String>>,
    pub release: Option<Spanned<String>>,
    /// `with = "L", do = [...]`: acquire, the steps, release.
    pub with: Option<Spanned<String>>,
    pub wait: Option<Spanned<String>>,
    pub set: Option<Spanned<String>>,
    pub clear: Option<Spanned<String>>,
    pub read: Option<Spanned<String>>,
    pub into: Option<Spanned<String>>,
    pub write: Option<Spanned<String>>,
    pub add: Option<Spanned<String>>,
    #[serde(rename = "let")]
    pub let_var: Option<Spanned<String>>,
    /// The expression of write, add and let.
    pub value: Option<Spanned<IntOrText>>,
    #[serde(rename = "if")]
    pub if_cond: Option<Spanned<String>>,
    pub then: Option<Vec<Spanned<RawStep>>>,
    #[serde(rename = "else")]
    pub otherwise: Option<Vec<Spanned<RawStep>>>,
    #[serde(rename = "loop")]
    pub loop_body: Option<Vec<Spanned<RawStep>>>,
    #[serde(rename = "break")]
    pub break_loop: Option<Spanned<bool>>,
    // Queues.
    pub put: Option<Spanned<String>>,
    pub get: Option<Spanned<String>>,
    pub qsize: Option<Spanned<String>>,
    pub empty: Option<Spanned<String>>,
    pub full: Option<Spanned<String>>,
    pub task_done: Option<Spanned<String>>,
    /// How long a put or get may wait (`"0.5s"`).
    pub timeout: Option<Spanned<String>>,
    pub nowait: Option<Spanned<bool>>,
    /// threading.Timer: the thread actor started after `after`; cancel() it.
    pub timer: Option<Spanned<Targets>>,
    pub after: Option<Spanned<String>>,
    pub cancel: Option<Spanned<Targets>>,
    // UDP and multiplexing (steps_mux.rs).
    pub bind: Option<Spanned<String>>,
    pub sendto: Option<Spanned<String>>,
    /// sendto's destination: a declared UDP socket.
    pub to: Option<Spanned<String>>,
    pub recvfrom: Option<Spanned<String>>,
    pub setblocking: Option<Spanned<String>>,
    /// select's sockets: names or `prefix*` patterns.
    pub select: Option<Spanned<Targets>>,
    pub if_listener: Option<Spanned<String>>,
    // Pipes.
    pub send: Option<Spanned<String>>,
    pub recv: Option<Spanned<String>>,
    /// A pipe end or a pool.
    pub close: Option<Spanned<String>>,
    // Pools.
    pub create: Option<Spanned<String>>,
    pub apply: Option<Spanned<String>>,
    pub apply_async: Option<Spanned<String>>,
    pub submit: Option<Spanned<String>>,
    pub map: Option<Spanned<String>>,
    pub result: Option<Spanned<String>>,
    /// A task's argument (an expression).
    pub arg: Option<Spanned<IntOrText>>,
    pub callback: Option<Vec<Spanned<RawStep>>>,
    /// map: tasks for args 0..range.
    pub range: Option<Spanned<IntOrText>>,
    /// `measure = "TABLE", row = "R", column = "C", do = [...]`: time the steps.
    pub measure: Option<Spanned<String>>,
    pub row: Option<Spanned<String>>,
    pub column: Option<Spanned<String>>,
    /// `schedule = "jobs"`: be the CPU scheduler of the `[[jobs]]`.
    pub schedule: Option<Spanned<String>>,
    // Conditions and barriers.
    pub notify: Option<Spanned<String>>,
    /// How many waiters a `notify` wakes (default 1).
    pub n: Option<Spanned<IntOrText>>,
    pub notify_all: Option<Spanned<String>>,
    pub wait_for: Option<Spanned<String>>,
    /// The predicate of `wait_for`.
    pub until: Option<Spanned<String>>,
    pub abort: Option<Spanned<String>>,
    pub reset: Option<Spanned<String>>,
    // Sockets (steps_net.rs); `send`, `recv` and `close` are above.
    pub listen: Option<Spanned<String>>,
    pub accept: Option<Spanned<String>>,
    pub connect: Option<Spanned<String>>,
    pub sendall: Option<Spanned<String>>,
    pub shutdown: Option<Spanned<String>>,
    /// What a socket's send carries.
    pub text: Option<Spanned<String>>,
    /// recv's size.
    pub size: Option<Spanned<IntOrText>>,
    /// A 4-byte length header before each message.
    pub framed: Option<Spanned<bool>>,
    /// shutdown's read, write or both.
    pub how: Option<Spanned<String>>,
}

/// A promise about the event log.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCheck {
    /// Required in `[[checks]]`; a challenge's `win` condition needs none.
    #[serde(default)]
    pub label: Text,
    /// Absent in a check that compares (below).
    pub event: Option<Spanned<String>>,
    pub actor: Option<Spanned<String>>,
    #[serde(default, rename = "where")]
    pub fields: BTreeMap<Spanned<String>, toml::Value>,
    pub expect: Option<Spanned<String>>,
    #[serde(default)]
    pub after_previous: bool,
    /// Only in these variants (default: in every variant).
    pub variants: Option<Spanned<Vec<String>>>,
    // Checks that compare (scenario/check_compare.rs).
    pub value: Option<Spanned<String>>,
    pub count: Option<Spanned<super::check_compare::RawMatch>>,
    pub max_holders: Option<Spanned<String>>,
    pub max_open: Option<Spanned<String>>,
    pub before: Option<Spanned<super::check_compare::RawMatch>>,
    pub after: Option<Spanned<super::check_compare::RawMatch>>,
    pub equals: Option<Spanned<IntOrText>>,
    pub at_most: Option<Spanned<IntOrText>>,
    pub at_least: Option<Spanned<IntOrText>>,
    pub between: Option<Spanned<Vec<Spanned<IntOrText>>>>,
}

/// `[[pages]]`: one page of the lesson.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    pub text: Text,
    /// The page is shown once such an event happened.
    pub wait_for: Option<Spanned<RawWait>>,
    /// The panel the page talks about.
    pub panel: Option<Spanned<String>>,
    /// Only in these variants (default: in every variant).
    pub variants: Option<Spanned<Vec<String>>>,
}

/// `wait_for = { event = ..., actor = ..., where = {...} }`: matched as a check is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWait {
    pub event: Spanned<String>,
    pub actor: Option<Spanned<String>>,
    #[serde(default, rename = "where")]
    pub fields: BTreeMap<Spanned<String>, toml::Value>,
    /// The page waits for this many such events (default 1).
    pub count: Option<Spanned<i64>>,
}

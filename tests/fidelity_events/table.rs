//! Which lessons are compared, and how: every lesson and variant, with the
//! way its events are promised (`How`); `ci` marks the subset run by default.

use super::compare::How::{self, *};
use super::compare::Watch;
use super::project::Projection;

pub struct Case {
    pub lesson: &'static str,
    /// "" for a lesson without variants.
    pub variant: &'static str,
    pub how: How,
    pub watch: Watch,
    /// Python stops after this many seconds (a deadlock never ends under
    /// `conlab py`, which leaves breaking it to the learner).
    pub py_seconds: u32,
    /// Python's name → the lab's, for objects the lesson names otherwise than
    /// the listing's variable (the lab draws lock `A`, the listing says
    /// `mutexA`), or that `conlab py` could not name (`Lock-1`).
    pub aliases: &'static [(&'static str, &'static str)],
    /// A timeout and a wake-up a few milliseconds apart decide who gives up
    /// (a loaded python3 starts its threads late): differences are printed,
    /// never failed.
    pub timing: bool,
    /// In the subset run by default (CI).
    pub ci: bool,
}

const fn case(lesson: &'static str, variant: &'static str, how: How) -> Case {
    Case {
        lesson,
        variant,
        how,
        watch: Watch {
            waits: false,
            zombies: false,
        },
        py_seconds: 40,
        aliases: &[],
        timing: false,
        ci: false,
    }
}

const fn ci(lesson: &'static str, variant: &'static str, how: How) -> Case {
    Case {
        ci: true,
        ..case(lesson, variant, how)
    }
}

/// A deadlock: waits are compared, Python is stopped after 4 s.
const fn stuck(mut c: Case) -> Case {
    c.watch.waits = true;
    c.py_seconds = 4;
    c
}

const fn alias(mut c: Case, aliases: &'static [(&'static str, &'static str)]) -> Case {
    c.aliases = aliases;
    c
}

/// The deadlock lesson's locks: the lab draws `A` and `B`.
const MUTEX_AB: &[(&str, &str)] = &[("mutexA", "A"), ("mutexB", "B")];

/// `A, B = Lock(), Lock()`: conlab py names them `Lock-1` and `Lock-2`
/// (it names only `NAME = ...`; reported, assets/py is not this suite's).
const LOCK_12: &[(&str, &str)] = &[("Lock-1", "A"), ("Lock-2", "B")];

const fn timing(mut c: Case) -> Case {
    c.timing = true;
    c
}

/// Zombies are the lesson.
const fn zombies(mut c: Case) -> Case {
    c.watch.zombies = true;
    c
}

pub const CASES: &[Case] = &[
    case("barrier", "all", Order),
    case("barrier", "broken", Bag),
    case("callback", "http", Race),
    ci("callback", "sleep", Race),
    ci("condition", "notify", Race),
    case("condition", "notify_all", Race),
    case("condition", "wait_for", Bag),
    case("coroutines", "await", Bag),
    case("coroutines", "blocking", Bag),
    case("coroutines", "cpu", Bag),
    Case {
        py_seconds: 150,
        ..case("cpu-vs-io", "", Bag)
    },
    case("daemon-process", "", Loose),
    case("daemon-thread", "", Bag),
    alias(stuck(ci("deadlock", "", Bag)), MUTEX_AB),
    stuck(case("deadlock-processes", "flock", Bag)),
    alias(stuck(case("deadlock-processes", "lock", Bag)), LOCK_12),
    alias(case("deadlock-rlock", "", Bag), &[("mutexA", "R")]),
    timing(case("event", "timeouts", Bag)),
    case("event", "timer", Bag),
    case("event", "wait", Order),
    case("executor", "processes", Race),
    case("executor", "threads", Race),
    case("gil", "io", Bag),
    case("gil", "processes", Bag),
    case("gil", "race", Loose),
    case("gil", "race-locked", Race),
    case("gil", "threads", Bag),
    case("io-models", "epoll", Bag),
    case("io-models", "poll", Bag),
    case("io-models", "select", Bag),
    case("io-models", "threads", Bag),
    case("isolation", "processes", Bag),
    case("isolation", "threads", Order),
    case("join-patterns", "join-all", Bag),
    case("join-patterns", "join-in-loop", Bag),
    case("join-patterns", "join-last", Bag),
    case("join-patterns", "no-join", Bag),
    case("manager-dict", "lock", Race),
    case("manager-dict", "no-lock", Loose),
    case("many-clients", "coroutines", Race),
    case("many-clients", "pool", Race),
    case("many-clients", "threads", Race),
    case("orphan", "", Bag),
    case("pipe", "close", Order),
    case("pipe", "forgot-close", Bag),
    case("pool", "apply", Race),
    case("pool", "apply_async", Race),
    case("pool", "map", Race),
    case("pool-server", "", Race),
    case("process-start", "", Bag),
    case("producer-consumer", "bounded", Race),
    case("producer-consumer", "joinable", Race),
    ci("producer-consumer", "sentinel", Race),
    case("queue-basics", "", Order),
    case("rlock", "", Order),
    case("scheduling", "fcfs", Bag),
    case("scheduling", "mlfq", Bag),
    case("scheduling", "rr", Bag),
    case("scheduling", "sjf", Bag),
    case("scheduling", "srtf", Bag),
    timing(case("semaphore", "timeouts", Bag)),
    ci("semaphore", "with", Bag),
    case("spawn-vs-fork", "fork", Bag),
    case("spawn-vs-fork", "spawn", Bag),
    case("spawn-vs-fork", "spawn-no-guard", Bag),
    case("sticky-packets", "framed", Bag),
    case("sticky-packets", "raw", Bag),
    case("tcp-echo", "echo", Bag),
    case("tcp-echo", "refused", Bag),
    case("terminate", "", Loose),
    case("thread-queues", "", Race),
    case("thread-race", "lock", Race),
    case("thread-race", "no-lock", Loose),
    case("threaded-server", "serial", Bag),
    case("threaded-server", "threads", Bag),
    ci("threads-basics", "", Order),
    ci("ticket-grab", "lock", Race),
    ci("ticket-grab", "no-lock", Loose),
    case("udp", "", Bag),
    zombies(ci("zombie", "", Order)),
];

/// Both projections, actor by actor, one token a line: Python left, the lab right.
pub fn side_by_side(py: &Projection, lab: &Projection) -> String {
    let mut out = String::new();
    let actors: std::collections::BTreeSet<&String> = py.keys().chain(lab.keys()).collect();
    let empty = Vec::new();
    for a in actors {
        out.push_str(&format!("  [{a}]\n"));
        let (p, l) = (py.get(a).unwrap_or(&empty), lab.get(a).unwrap_or(&empty));
        for i in 0..p.len().max(l.len()) {
            let get = |v: &Vec<String>| v.get(i).cloned().unwrap_or_default();
            let mark = if get(p) == get(l) { " " } else { "≠" };
            out.push_str(&format!("  {mark} {:<44} | {}\n", get(p), get(l)));
        }
    }
    out
}

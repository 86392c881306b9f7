//! Which lessons are compared, and how: every lesson and variant, with the
//! way its events are promised (`How`); `ci` marks the subset run by default.

use super::compare::How::{self, *};
use super::project::Projection;

pub struct Case {
    pub lesson: &'static str,
    /// "" for a lesson without variants.
    pub variant: &'static str,
    pub how: How,
    /// Waiting is the lesson (a deadlock): `lock_wait` and `queue_wait` are
    /// compared as any other token, not only as seen or not.
    pub waits: bool,
    /// In the subset run by default (CI).
    pub ci: bool,
}

const fn case(lesson: &'static str, variant: &'static str, how: How) -> Case {
    Case {
        lesson,
        variant,
        how,
        waits: false,
        ci: false,
    }
}

const fn ci(lesson: &'static str, variant: &'static str, how: How) -> Case {
    Case {
        ci: true,
        ..case(lesson, variant, how)
    }
}

pub const CASES: &[Case] = &[
    case("barrier", "all", Bag),
    case("barrier", "broken", Bag),
    case("callback", "http", Bag),
    case("callback", "sleep", Bag),
    ci("condition", "notify", Bag),
    case("condition", "notify_all", Bag),
    case("condition", "wait_for", Bag),
    case("coroutines", "await", Bag),
    case("coroutines", "blocking", Bag),
    case("coroutines", "cpu", Bag),
    case("cpu-vs-io", "", Bag),
    case("daemon-process", "", Bag),
    case("daemon-thread", "", Bag),
    ci("deadlock", "", Bag),
    case("deadlock-processes", "flock", Bag),
    case("deadlock-processes", "lock", Bag),
    case("deadlock-rlock", "", Bag),
    case("event", "timeouts", Bag),
    case("event", "timer", Bag),
    case("event", "wait", Bag),
    case("executor", "processes", Bag),
    case("executor", "threads", Bag),
    case("gil", "io", Bag),
    case("gil", "processes", Bag),
    case("gil", "race", Bag),
    case("gil", "race-locked", Bag),
    case("gil", "threads", Bag),
    case("io-models", "epoll", Bag),
    case("io-models", "poll", Bag),
    case("io-models", "select", Bag),
    case("io-models", "threads", Bag),
    case("isolation", "processes", Bag),
    case("isolation", "threads", Bag),
    case("join-patterns", "join-all", Bag),
    case("join-patterns", "join-in-loop", Bag),
    case("join-patterns", "join-last", Bag),
    case("join-patterns", "no-join", Bag),
    case("manager-dict", "lock", Bag),
    case("manager-dict", "no-lock", Bag),
    case("many-clients", "coroutines", Bag),
    case("many-clients", "pool", Bag),
    case("many-clients", "threads", Bag),
    case("orphan", "", Bag),
    ci("pipe", "close", Bag),
    case("pipe", "forgot-close", Bag),
    case("pool", "apply", Bag),
    case("pool", "apply_async", Bag),
    ci("pool", "map", Bag),
    case("pool-server", "", Bag),
    case("process-start", "", Bag),
    case("producer-consumer", "bounded", Bag),
    case("producer-consumer", "joinable", Bag),
    ci("producer-consumer", "sentinel", Bag),
    case("queue-basics", "", Bag),
    case("rlock", "", Bag),
    case("scheduling", "fcfs", Bag),
    case("scheduling", "mlfq", Bag),
    case("scheduling", "rr", Bag),
    case("scheduling", "sjf", Bag),
    case("scheduling", "srtf", Bag),
    case("semaphore", "timeouts", Bag),
    ci("semaphore", "with", Bag),
    case("spawn-vs-fork", "fork", Bag),
    case("spawn-vs-fork", "spawn", Bag),
    case("spawn-vs-fork", "spawn-no-guard", Bag),
    case("sticky-packets", "framed", Bag),
    case("sticky-packets", "raw", Bag),
    case("tcp-echo", "echo", Bag),
    case("tcp-echo", "refused", Bag),
    case("terminate", "", Bag),
    case("thread-queues", "", Bag),
    case("thread-race", "lock", Bag),
    case("thread-race", "no-lock", Bag),
    case("threaded-server", "serial", Bag),
    case("threaded-server", "threads", Bag),
    ci("threads-basics", "", Bag),
    ci("ticket-grab", "lock", Bag),
    ci("ticket-grab", "no-lock", Bag),
    case("udp", "", Bag),
    ci("zombie", "", Bag),
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

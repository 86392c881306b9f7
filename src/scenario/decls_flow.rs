//! `[queues.*]`, `[pipes.*]` and `[pools.*]`, and the rule that every name
//! a script can use (actors, locks, values, queues, pipes, ends, pools) differs.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::decls::{name_problem, Decls};
use super::diag::Diag;
use super::plan::{PipeSpec, PoolSpec, QueueOrder, QueueSpec, Scope};
use super::raw::{RawPool, RawQueue, RawScenario, RawVariant};
use super::resolve::{eval_bool, eval_int, Instance};
use super::steps::StepBuilder;
use super::values::{substitute, Env};
use super::verbs::Ctx;
use crate::event::ActorKind;

/// A process queue's message is 128 bytes and its pipe holds 64 KiB.
pub const MAX_PROCESS_QUEUE: i64 = 512;
pub const MAX_THREAD_QUEUE: i64 = 100_000;
/// The most workers a pool may have.
pub const MAX_POOL: i64 = 16;

fn bad_name(diags: &mut Vec<Diag>, at: Range<usize>, name: &str, what: &str) -> bool {
    let Some(why) = name_problem(name) else {
        return false;
    };
    let msg = format!("{what} {name:?}: {why}");
    diags.push(Diag::new(at, msg));
    true
}

pub(super) fn queues(raw: &RawScenario, env: &Env, diags: &mut Vec<Diag>) -> Vec<QueueSpec> {
    let mut out = Vec::new();
    for (name, q) in &raw.queues {
        if !bad_name(diags, name.span(), name.get_ref(), "queue") {
            out.push(queue(name.get_ref(), q.get_ref(), env, diags));
        }
    }
    out
}

fn queue(name: &str, q: &RawQueue, env: &Env, diags: &mut Vec<Diag>) -> QueueSpec {
    let scope = match q.scope.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
        None | Some(("threads", _)) => Scope::Threads,
        Some(("processes", _)) => Scope::Processes,
        Some((other, at)) => {
            let msg = format!("scope must be threads or processes, not {other:?}");
            diags.push(Diag::new(at, msg));
            Scope::Threads
        }
    };
    let order = match q.order.as_ref().map(|o| (o.get_ref().as_str(), o.span())) {
        None | Some(("fifo", _)) => QueueOrder::Fifo,
        Some((word @ ("lifo" | "priority"), at)) => {
            if scope == Scope::Processes {
                let msg = format!(
                    "a {word} queue is for threads only (Python has LifoQueue and \
                     PriorityQueue in queue, not in multiprocessing): use scope = \"threads\""
                );
                diags.push(Diag::new(at, msg));
            }
            if word == "lifo" {
                QueueOrder::Lifo
            } else {
                QueueOrder::Priority
            }
        }
        Some((other, at)) => {
            let msg = format!("order must be fifo, lifo or priority, not {other:?}");
            diags.push(Diag::new(at, msg));
            QueueOrder::Fifo
        }
    };
    let most = match scope {
        Scope::Processes => MAX_PROCESS_QUEUE,
        Scope::Threads => MAX_THREAD_QUEUE,
    };
    let cap = match &q.capacity {
        None => 0,
        Some(c) => match eval_int(c, env, diags) {
            Some(n) if (0..=most).contains(&n) => n as u32,
            Some(n) => {
                let why = match scope {
                    Scope::Processes => " (a process queue is a pipe of 64 KiB, 128 bytes an item)",
                    Scope::Threads => "",
                };
                let msg = format!("capacity {n} must be 0 (unbounded) or 1..={most}{why}");
                diags.push(Diag::new(c.span(), msg));
                0
            }
            None => 0,
        },
    };
    QueueSpec {
        name: name.to_string(),
        order,
        cap,
        scope,
        joinable: q
            .joinable
            .as_ref()
            .is_some_and(|j| eval_bool(j, env, diags).unwrap_or(false)),
    }
}

pub(super) fn pipes(raw: &RawScenario, diags: &mut Vec<Diag>) -> Vec<PipeSpec> {
    let mut out = Vec::new();
    for (name, p) in &raw.pipes {
        let ends = p.get_ref().ends.get_ref();
        let at = p.get_ref().ends.span();
        if bad_name(diags, name.span(), name.get_ref(), "pipe") {
            continue;
        }
        let [a, b] = ends.as_slice() else {
            let msg = format!("a pipe has exactly two ends, not {}", ends.len());
            diags.push(Diag::new(at, msg));
            continue;
        };
        if a == b {
            diags.push(Diag::new(at, "the two ends of a pipe need different names"));
            continue;
        }
        if bad_name(diags, at.clone(), a, "pipe end") || bad_name(diags, at, b, "pipe end") {
            continue;
        }
        out.push(PipeSpec {
            name: name.get_ref().clone(),
            ends: [a.clone(), b.clone()],
        });
    }
    out
}

pub(super) fn pools(
    raw: &RawScenario,
    env: &Env,
    instances: &[Instance],
    diags: &mut Vec<Diag>,
) -> Vec<PoolSpec> {
    let mut out = Vec::new();
    for (name, p) in &raw.pools {
        if !bad_name(diags, name.span(), name.get_ref(), "pool") {
            out.extend(pool(name.get_ref(), p.get_ref(), env, instances, diags));
        }
    }
    out
}

fn pool(
    name: &str,
    p: &RawPool,
    env: &Env,
    instances: &[Instance],
    diags: &mut Vec<Diag>,
) -> Option<PoolSpec> {
    let kind_text = substitute(p.kind.get_ref(), env)
        .map_err(|m| diags.push(Diag::new(p.kind.span(), m)))
        .ok()?;
    let kind = match kind_text.as_str() {
        "processes" => ActorKind::Process,
        "threads" => ActorKind::Thread,
        other => {
            let msg = format!("kind must be processes or threads, not {other:?}");
            diags.push(Diag::new(p.kind.span(), msg));
            return None;
        }
    };
    let size = match &p.size {
        None => cpu_count(),
        Some(s) => match eval_int(s, env, diags)? {
            0 => cpu_count(),
            n if (1..=MAX_POOL).contains(&n) => n as u32,
            n => {
                let msg = format!("size {n} must be 1..={MAX_POOL}, or 0 for one per CPU");
                diags.push(Diag::new(s.span(), msg));
                return None;
            }
        },
    };
    let owner = owner(p, env, instances, diags)?;
    if kind == ActorKind::Process && owner.daemon && owner.kind == ActorKind::Process {
        let msg = format!(
            "{} is a daemon process, and daemonic processes are not allowed to have \
             children: it cannot own a process pool",
            owner.name
        );
        diags.push(Diag::new(p.kind.span(), msg));
    }
    Some(PoolSpec {
        name: name.to_string(),
        kind,
        size,
        owner: owner.name.clone(),
        workers: (0..size).map(|i| format!("{name}-w{i}")).collect(),
        handler: format!("{name}-results"),
        task: Vec::new(),
    })
}

/// Python's os.cpu_count(), read when the file is loaded (at most MAX_POOL).
fn cpu_count() -> u32 {
    let n = std::thread::available_parallelism().map_or(1, |n| n.get());
    n.min(MAX_POOL as usize) as u32
}

fn owner<'i>(
    p: &RawPool,
    env: &Env,
    instances: &'i [Instance<'i>],
    diags: &mut Vec<Diag>,
) -> Option<&'i Instance<'i>> {
    let Some(o) = &p.owner else {
        return instances.iter().find(|i| i.parent.is_none());
    };
    let name = substitute(o.get_ref(), env)
        .map_err(|m| diags.push(Diag::new(o.span(), m)))
        .ok()?;
    let found = instances.iter().find(|i| i.name == name);
    if found.is_none() {
        let msg = format!("owner {name:?} is not an actor of this scenario");
        diags.push(Diag::new(o.span(), msg));
    }
    found
}

/// Build each pool's task script, now that every declaration is known; a
/// variant's `scripts.POOL` replaces that pool's task.
pub(super) fn build_tasks(
    raw: &RawScenario,
    variant: Option<&RawVariant>,
    env: &Env,
    instances: &[Instance],
    decls: &mut Decls,
    diags: &mut Vec<Diag>,
) {
    let mut tasks = Vec::new();
    for (name, p) in &raw.pools {
        let Some(spec) = decls.pool(name.get_ref()) else {
            continue;
        };
        let Some(owner) = instances.iter().find(|i| i.name == spec.owner) else {
            continue;
        };
        let own = variant.and_then(|v| {
            v.scripts
                .iter()
                .find(|(k, _)| k.get_ref() == name.get_ref())
        });
        let task = own.map_or(p.get_ref().task.as_slice(), |(_, s)| s.as_slice());
        let mut b = StepBuilder::new(owner, instances, decls, diags).for_ctx(Ctx::Task, &["arg"]);
        tasks.push((spec.name.clone(), b.build(task, env)));
    }
    for (name, task) in tasks {
        if let Some(p) = decls.pools.iter_mut().find(|p| p.name == name) {
            p.task = task;
        }
    }
}

/// Every name a script can use is one thing only; the later one is reported.
pub(super) fn distinct_names(
    raw: &RawScenario,
    instances: &[Instance],
    decls: &Decls,
    diags: &mut Vec<Diag>,
) {
    let mut names: Vec<(String, String, Range<usize>)> = Vec::new();
    for i in instances {
        names.push((i.name.clone(), "an actor".into(), i.decl.name.span()));
    }
    let key = |what: &str, n: &Spanned<String>| (n.get_ref().clone(), what.to_string(), n.span());
    names.extend(raw.locks.keys().map(|n| key("a lock", n)));
    names.extend(raw.values.keys().map(|n| key("a value", n)));
    names.extend(raw.queues.keys().map(|n| key("a queue", n)));
    names.extend(raw.pipes.keys().map(|n| key("a pipe", n)));
    names.extend(raw.pools.keys().map(|n| key("a pool", n)));
    names.extend(raw.sockets.keys().map(|n| key("a socket", n)));
    for (name, p) in &raw.pipes {
        for end in p.get_ref().ends.get_ref() {
            let what = format!("an end of pipe {}", name.get_ref());
            names.push((end.clone(), what, p.get_ref().ends.span()));
        }
    }
    for name in raw.pools.keys() {
        if let Some(spec) = decls.pool(name.get_ref()) {
            let what = format!("an actor of pool {}", spec.name);
            for actor in spec.workers.iter().chain([&spec.handler]) {
                names.push((actor.clone(), what.clone(), name.span()));
            }
        }
    }
    names.sort_by_key(|(_, _, at)| at.start);
    // Per name: the first thing given it, and the first that is not an actor
    // (actors may share a declaration's name: a group's instances); linear.
    let mut seen: HashMap<&str, (&str, Option<&str>)> = HashMap::new();
    for (name, what, at) in &names {
        let is_actor = what == "an actor";
        let earlier = match seen.get(name.as_str()) {
            Some((_, non_actor)) if is_actor => *non_actor,
            Some((first, _)) => Some(*first),
            None => None,
        };
        let entry = seen.entry(name).or_insert((what, None));
        if !is_actor && entry.1.is_none() {
            entry.1 = Some(what);
        }
        if let Some(first) = earlier {
            if first == what && what.starts_with("an end of pipe") {
                continue; // reported by the pipe itself
            }
            let msg = format!(
                "{name:?} is already the name of {first}: actors, locks, values, queues, \
                 pipes, pipe ends, pools and sockets each need a name of their own"
            );
            diags.push(Diag::new(at.clone(), msg));
        }
    }
}

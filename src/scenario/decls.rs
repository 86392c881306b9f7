//! The shared objects a scenario declares: `[locks.*]` and `[values.*]`
//! here, queues, pipes and pools in decls_flow.rs.

use super::diag::Diag;
use super::plan::{
    ActorSpec, LockKind, LockSpec, PipeSpec, PoolSpec, QueueSpec, Scope, Step, ValueKind, ValueSpec,
};
use super::raw::RawScenario;
use super::resolve::{eval_int, Instance};
use super::values::Env;
use crate::event::ActorKind;

/// The shared objects a script may name.
pub(super) struct Decls {
    pub locks: Vec<LockSpec>,
    pub values: Vec<ValueSpec>,
    pub queues: Vec<QueueSpec>,
    pub pipes: Vec<PipeSpec>,
    pub pools: Vec<PoolSpec>,
    /// `[sockets.*]`, and every name an accept or a connect gives (`as`).
    pub sockets: Vec<super::plan_net::SocketSpec>,
    pub sock_names: Vec<String>,
    /// Tables of measured times, for `measure`.
    pub tables: Vec<super::tables::TableSpec>,
    /// The lines of the Python listing this variant shows (English), for `py`.
    pub listing: Vec<String>,
}

impl Decls {
    pub fn queue(&self, name: &str) -> Option<&QueueSpec> {
        self.queues.iter().find(|q| q.name == name)
    }

    pub fn pool(&self, name: &str) -> Option<&PoolSpec> {
        self.pools.iter().find(|p| p.name == name)
    }

    /// The pipe that has an end named `end`.
    pub fn pipe_of_end(&self, end: &str) -> Option<&PipeSpec> {
        self.pipes.iter().find(|p| p.ends.iter().any(|e| e == end))
    }

    /// Every pool's workers (`P-w0`...) and result thread (`P-results`):
    /// the owner's, started by the runtime (daemons unless the pool is an
    /// executor: see `executors`).
    pub fn pool_actors(&self) -> Vec<ActorSpec> {
        let mut out = Vec::new();
        for p in &self.pools {
            let actor = |name: &str, kind, step| ActorSpec {
                name: name.to_string(),
                kind,
                daemon: true,
                parent: Some(p.owner.clone()),
                script: vec![step],
                start_method: None,
            };
            for w in &p.workers {
                out.push(actor(w, p.kind, Step::ServePool(p.name.clone())));
            }
            let results = Step::HandleResults(p.name.clone());
            out.push(actor(&p.handler, ActorKind::Thread, results));
        }
        out
    }

    /// The pool whose worker or result thread is called `actor`.
    pub fn pool_of_actor(&self, actor: &str) -> Option<&str> {
        self.pools
            .iter()
            .find(|p| p.handler == actor || p.workers.iter().any(|w| w == actor))
            .map(|p| p.name.as_str())
    }
}

/// The most permits a semaphore may have.
const MAX_PERMITS: i64 = 256;

/// Every declaration, checked; pools' task scripts are built later (they
/// may name the other declarations), by `decls_flow::build_tasks`.
pub(super) fn build(
    raw: &RawScenario,
    env: &Env,
    instances: &[Instance],
    diags: &mut Vec<Diag>,
) -> Decls {
    let decls = Decls {
        locks: raw
            .locks
            .iter()
            .filter_map(|(name, l)| lock(name.get_ref(), l.get_ref(), env, diags))
            .collect(),
        values: raw
            .values
            .iter()
            .filter_map(|(name, v)| value(name.get_ref(), v.get_ref(), env, diags))
            .collect(),
        queues: super::decls_flow::queues(raw, env, diags),
        pipes: super::decls_flow::pipes(raw, diags),
        pools: super::decls_flow::pools(raw, env, instances, diags),
        sockets: super::decls_net::sockets(raw, env, diags),
        sock_names: super::decls_net::given_names(raw),
        tables: super::tables::build(raw, diags),
        listing: Vec::new(),
    };
    super::decls_flow::distinct_names(raw, instances, &decls, diags);
    super::decls_sync::check_conditions(raw, &decls.locks, diags);
    decls
}

pub(super) use super::resolve::name_problem;

fn lock(name: &str, l: &super::raw::RawLock, env: &Env, diags: &mut Vec<Diag>) -> Option<LockSpec> {
    if let Some(why) = name_problem(name) {
        diags.push(Diag::new(l.kind.span(), format!("lock {name:?}: {why}")));
        return None;
    }
    if let Some(kind) = super::decls_sync::kind(l.kind.get_ref()) {
        return super::decls_sync::lock(name, kind, l, env, diags);
    }
    super::decls_sync::refuse_fields(l, diags);
    let kind = match l.kind.get_ref().as_str() {
        "mutex" => LockKind::Mutex,
        "rlock" => LockKind::Rlock,
        "semaphore" => LockKind::Semaphore,
        "event" => LockKind::Event,
        "file_lock" => LockKind::FileLock,
        other => {
            let msg =
                format!("kind must be mutex, rlock, semaphore, event, file_lock, condition or barrier, not {other:?}");
            diags.push(Diag::new(l.kind.span(), msg));
            return None;
        }
    };
    let scope = match l.scope.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
        // fcntl.flock is what this lab offers between processes only.
        None if kind == LockKind::FileLock => Scope::Processes,
        Some(("threads", sp)) if kind == LockKind::FileLock => {
            diags.push(Diag::new(
                sp,
                "a file_lock is between processes: scope = \"processes\"",
            ));
            Scope::Processes
        }
        None | Some(("threads", _)) => Scope::Threads,
        Some(("processes", _)) => Scope::Processes,
        Some((other, sp)) => {
            diags.push(Diag::new(
                sp,
                format!("scope must be threads or processes, not {other:?}"),
            ));
            Scope::Threads
        }
    };
    let permits = match (&l.permits, kind) {
        (None, LockKind::Semaphore) => {
            diags.push(Diag::new(l.kind.span(), "a semaphore needs permits = N"));
            1
        }
        (None, _) => 1,
        (Some(p), LockKind::Semaphore) => match eval_int(p, env, diags) {
            Some(n) if (1..=MAX_PERMITS).contains(&n) => n as u32,
            Some(n) => {
                diags.push(Diag::new(
                    p.span(),
                    format!("permits {n} must be 1..={MAX_PERMITS}"),
                ));
                1
            }
            None => 1,
        },
        (Some(p), _) => {
            diags.push(Diag::new(p.span(), "permits go with a semaphore only"));
            1
        }
    };
    Some(LockSpec {
        name: name.to_string(),
        kind,
        scope,
        permits,
        over: None,
        timeout: None,
    })
}

fn value(
    name: &str,
    v: &super::raw::RawValue,
    env: &Env,
    diags: &mut Vec<Diag>,
) -> Option<ValueSpec> {
    if let Some(why) = name_problem(name) {
        diags.push(Diag::new(v.kind.span(), format!("value {name:?}: {why}")));
        return None;
    }
    let kind = match v.kind.get_ref().as_str() {
        "global" => ValueKind::Global,
        "file" => ValueKind::File,
        "manager" => ValueKind::Manager,
        other => {
            diags.push(Diag::new(
                v.kind.span(),
                format!("kind must be global, file or manager, not {other:?}"),
            ));
            return None;
        }
    };
    let initial = v
        .initial
        .as_ref()
        .map_or(Some(0), |i| eval_int(i, env, diags))?;
    Some(ValueSpec {
        name: name.to_string(),
        kind,
        initial,
    })
}

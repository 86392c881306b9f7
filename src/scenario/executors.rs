//! Which pools are executors: a pool handed tasks only by `submit` stands for
//! `concurrent.futures`' ProcessPoolExecutor / ThreadPoolExecutor, any other
//! verb (apply, apply_async, map) for `multiprocessing.Pool`. The two differ
//! in what Python does: a Pool's workers are daemons started by its
//! constructor; an executor's are not daemons (Python 3.9 and later join
//! them at exit instead) and start on submit.

use super::plan::{ActorSpec, PoolSpec, Step};

/// Whether `pool` is handed tasks by `submit` only, in any actor's script.
pub fn only_submitted(actors: &[ActorSpec], pool: &str) -> bool {
    let (submit, other) = actors
        .iter()
        .map(|a| verbs_used(&a.script, pool))
        .fold((false, false), |(a, b), (c, d)| (a || c, b || d));
    submit && !other
}

/// An executor's workers and management thread are not daemons.
pub(super) fn mark_executor_actors(actors: &mut [ActorSpec], pools: &[PoolSpec]) {
    let executors: Vec<&PoolSpec> = pools
        .iter()
        .filter(|p| only_submitted(actors, &p.name))
        .collect();
    for a in actors.iter_mut() {
        let ours = |p: &&PoolSpec| p.handler == a.name || p.workers.contains(&a.name);
        if executors.iter().any(ours) {
            a.daemon = false;
        }
    }
}

/// (submit used, another verb used) for `pool` in `steps`.
fn verbs_used(steps: &[Step], pool: &str) -> (bool, bool) {
    let (mut submit, mut other) = (false, false);
    for step in steps {
        let (s, o) = match step {
            Step::Submit { pool: p, how, .. } if p == pool => (how == "submit", how != "submit"),
            Step::Apply { pool: p, .. } | Step::Map { pool: p, .. } => (false, p == pool),
            Step::If {
                then, otherwise, ..
            } => {
                let (a, b) = verbs_used(then, pool);
                let (c, d) = verbs_used(otherwise, pool);
                (a || c, b || d)
            }
            Step::Loop(body) => verbs_used(body, pool),
            _ => (false, false),
        };
        submit |= s;
        other |= o;
    }
    (submit, other)
}

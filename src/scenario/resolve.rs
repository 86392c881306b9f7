//! Turn a parsed file into a plan for one variant: expand groups, bind
//! parameters, unroll loops, and check every name and rule on the way.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::{Spanned, Value};

use super::decls::Decls;
use super::diag::Diag;
pub(super) use super::params::{eval_bool, eval_int};
use super::plan::{ActorSpec, Plan};
use super::raw::{RawActor, RawScenario, RawVariant};
use super::steps::{StepBuilder, MAX_TOTAL_STEPS};
use super::values::{value_text, Env};
use crate::event::ActorKind;

/// Limits checked before anything starts.
pub const MAX_PROCESSES: usize = 64;
/// Threads a run may start: 400 clients and a thread per connection (the
/// many-clients lesson) need about 800; the kernel and the host cope with
/// far more, and each costs a stack of virtual memory only.
pub const MAX_THREADS: usize = 1024;
/// Actors once groups are expanded, coroutines included (a thread server and
/// a coroutine server of one lesson each declare a task per client).
pub const MAX_ACTORS: usize = 2048;
pub const MAX_SECONDS: f64 = 600.0;
pub const DEFAULT_SECONDS: f64 = 60.0;
/// The slowest and the fastest a run may go (`--speed`, a lesson's `pace`).
pub const SPEED_MIN: f64 = 0.05;
pub const SPEED_MAX: f64 = 4.0;

/// One actor instance before its script is built.
pub(super) struct Instance<'a> {
    pub name: String,
    pub decl: &'a RawActor,
    pub env: Env,
    pub parent: Option<String>,
    pub kind: ActorKind,
    pub daemon: bool,
    pub start_method: Option<super::start_method::StartMethod>,
}

/// Resolve `raw` with the variant's settings and the extra `values` (already checked).
pub fn resolve(
    raw: &RawScenario,
    variant: Option<&RawVariant>,
    overrides: &BTreeMap<String, Value>,
) -> Result<Plan, Vec<Diag>> {
    let mut diags = Vec::new();
    let values = super::params::bind_params(raw, variant, overrides, &mut diags);
    let env: Env = values
        .iter()
        .map(|(k, v)| (k.clone(), value_text(v)))
        .collect();
    let instances = expand_actors(raw, &env, &mut diags);
    let mut decls = super::decls::build(raw, &env, &instances, &mut diags);
    let listing = super::listing::for_variant(raw, variant, &mut diags);
    decls.listing = listing
        .as_ref()
        .map_or_else(Vec::new, |t| t.en.lines().map(str::to_string).collect());
    super::decls_flow::build_tasks(raw, variant, &env, &instances, &mut decls, &mut diags);
    check_tree(raw, &instances, &decls, &mut diags);
    super::coroutines::check_instances(&instances, &mut diags);
    let (mut actors, module) = build_scripts(raw, variant, &instances, &decls, &mut diags);
    actors.extend(decls.pool_actors());
    super::executors::mark_executor_actors(&mut actors, &decls.pools);
    let checks = super::resolve_checks::build_checks(raw, variant, &actors, &env, &mut diags);
    let max_duration = super::resolve_checks::max_duration(raw, &mut diags);
    let switch_interval_us = super::switch_interval::resolve(raw, variant, &env, &mut diags);
    let root = instances.iter().find(|i| i.parent.is_none());
    let root = root.map(|i| i.name.as_str());
    let lines = &decls.listing;
    let schedule = super::jobs::build(
        raw,
        &env,
        root,
        lines,
        max_duration,
        &mut actors,
        &mut diags,
    );
    if !diags.is_empty() {
        return Err(diags);
    }
    let plan = Plan {
        scenario: raw.id.get_ref().clone(),
        variant: variant.map(|v| v.name.get_ref().clone()),
        actors,
        checks,
        module,
        max_duration,
        locks: decls.locks,
        values: decls.values,
        queues: decls.queues,
        pipes: decls.pipes,
        pools: decls.pools,
        sockets: decls.sockets,
        tables: decls.tables,
        source: String::new(),
        params: BTreeMap::new(),
        listing,
        switch_interval_us,
        lang: Default::default(),
        schedule,
        python: None,
    };
    match super::limits::check_wire(&plan, span(&raw.id)) {
        Some(d) => Err(vec![d]),
        None => Ok(plan),
    }
}

fn span<T>(s: &Spanned<T>) -> Range<usize> {
    s.span()
}

fn expand_actors<'a>(raw: &'a RawScenario, env: &Env, diags: &mut Vec<Diag>) -> Vec<Instance<'a>> {
    let mut out: Vec<Instance<'a>> = Vec::new();
    let mut taken = std::collections::HashSet::new();
    for decl in &raw.actors {
        if out.len() > MAX_ACTORS {
            let msg = format!(
                "more than {MAX_ACTORS} actors: the limits are {MAX_PROCESSES} processes, \
                 {MAX_THREADS} threads and {MAX_ACTORS} actors with the coroutines"
            );
            diags.push(Diag::new(span(&decl.get_ref().name), msg));
            break;
        }
        let decl = decl.get_ref();
        let kind = match decl.kind.get_ref().as_str() {
            "process" => ActorKind::Process,
            "thread" => ActorKind::Thread,
            "coroutine" => ActorKind::Coroutine,
            other => {
                diags.push(Diag::new(
                    span(&decl.kind),
                    format!("kind must be \"process\", \"thread\" or \"coroutine\", not {other:?}"),
                ));
                continue;
            }
        };
        let template = decl.name.get_ref();
        let count = match &decl.count {
            None => None,
            Some(c) => match eval_int(c, env, diags) {
                Some(n) if (1..=MAX_THREADS as i64).contains(&n) => Some(n as usize),
                Some(n) => {
                    diags.push(Diag::new(
                        span(c),
                        format!("count {n} must be between 1 and {MAX_THREADS}"),
                    ));
                    continue;
                }
                None => continue,
            },
        };
        if count.is_some() != template.contains("{i}") {
            diags.push(Diag::new(
                span(&decl.name),
                "a name has {i} exactly when the actor has a count (child{i} with count = 3)",
            ));
            continue;
        }
        for i in 0..count.unwrap_or(1) {
            let mut env = env.clone();
            if count.is_some() {
                env.insert("i".into(), i.to_string());
            }
            let name = template.replace("{i}", &i.to_string());
            if let Some(why) = name_problem(&name) {
                diags.push(Diag::new(span(&decl.name), format!("{name:?}: {why}")));
                break;
            }
            if name == "host" || !taken.insert(name.clone()) {
                diags.push(Diag::new(
                    span(&decl.name),
                    format!("actor name {name:?} is used twice (or is reserved)"),
                ));
                break;
            }
            let parent = decl
                .parent
                .as_ref()
                .map(|p| p.get_ref().replace("{i}", &i.to_string()));
            let daemon = decl
                .daemon
                .as_ref()
                .is_some_and(|d| eval_bool(d, &env, diags).unwrap_or(false));
            let start_method = super::start_method::of_actor(raw, decl, kind, &env, diags);
            out.push(Instance {
                name,
                decl,
                env,
                parent,
                kind,
                daemon,
                start_method,
            });
        }
    }
    out
}

/// Longest name of an actor or a declaration.
pub const MAX_NAME: usize = 32;

/// What is wrong with a name, in words, or None.
pub(super) fn name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("a name cannot be empty".into());
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        let what = super::fullwidth::describe(c);
        return Some(format!(
            "names use letters, digits, '-' and '_' only, not {what}"
        ));
    }
    (name.len() > MAX_NAME).then(|| format!("the name is longer than {MAX_NAME} characters"))
}

fn check_tree(raw: &RawScenario, instances: &[Instance], decls: &Decls, diags: &mut Vec<Diag>) {
    let roots: Vec<_> = instances.iter().filter(|i| i.parent.is_none()).collect();
    match roots.as_slice() {
        [root] if root.kind == ActorKind::Process => {}
        [root] => diags.push(Diag::new(
            span(&root.decl.kind),
            "the actor without a parent (main) must be a process",
        )),
        [] if !instances.is_empty() => diags.push(Diag::new(
            span(&raw.actors[0]),
            "exactly one actor must have no parent: the main process the host starts",
        )),
        [] => diags.push(Diag::new(
            span(&raw.id),
            "a scenario needs at least one actor",
        )),
        [_, second, ..] => diags.push(Diag::new(
            span(&second.decl.name),
            "exactly one actor may have no parent (main); give this one a parent",
        )),
    }
    for inst in instances {
        if let (Some(p), Some(ps)) = (&inst.parent, &inst.decl.parent) {
            if !instances.iter().any(|o| &o.name == p) {
                diags.push(Diag::new(
                    span(ps),
                    format!("parent {p:?} is not an actor of this scenario"),
                ));
            } else if p == &inst.name {
                diags.push(Diag::new(span(ps), "an actor cannot be its own parent"));
            }
        }
    }
    // A pool's workers and result thread count too.
    let kinds = instances.iter().map(|i| i.kind);
    let pooled = decls.pool_actors().into_iter().map(|a| a.kind);
    let (procs, threads) = kinds.chain(pooled).fold((0, 0), |(p, t), k| match k {
        ActorKind::Process => (p + 1, t),
        ActorKind::Thread => (p, t + 1),
        ActorKind::Coroutine => (p, t),
    });
    if procs > MAX_PROCESSES {
        diags.push(Diag::new(
            span(&raw.id),
            format!("{procs} processes: the limit is {MAX_PROCESSES}"),
        ));
    }
    if threads > MAX_THREADS {
        diags.push(Diag::new(
            span(&raw.id),
            format!("{threads} threads: the limit is {MAX_THREADS}"),
        ));
    }
}

fn build_scripts(
    raw: &RawScenario,
    variant: Option<&RawVariant>,
    instances: &[Instance],
    decls: &Decls,
    diags: &mut Vec<Diag>,
) -> (Vec<ActorSpec>, Vec<super::plan::Step>) {
    let module = super::start_method::build_module(raw, variant, instances, decls, diags);
    let mut queue_uses = module.queue_uses;
    let mut starts = module.starts;
    let mut total = 0;
    if let Some(v) = variant {
        for key in v.scripts.keys() {
            let module = key.get_ref() == super::start_method::MODULE;
            let pool = raw.pools.keys().any(|p| p.get_ref() == key.get_ref());
            if !module
                && !pool
                && !instances
                    .iter()
                    .any(|i| i.decl.name.get_ref() == key.get_ref())
            {
                diags.push(Diag::new(
                    span(key),
                    format!("no actor or pool is declared as {:?}", key.get_ref()),
                ));
            }
        }
    }
    let actors = instances
        .iter()
        .map_while(|inst| {
            if total > MAX_TOTAL_STEPS {
                let msg = format!(
                    "the scripts have more than {MAX_TOTAL_STEPS} steps in all once unrolled"
                );
                diags.push(Diag::new(span(&inst.decl.name), msg));
                return None;
            }
            let raw_script = variant
                .and_then(|v| {
                    v.scripts
                        .iter()
                        .find(|(k, _)| k.get_ref() == inst.decl.name.get_ref())
                })
                .map(|(_, s)| s.as_slice())
                .unwrap_or(inst.decl.script.as_slice());
            let mut builder = StepBuilder::new(inst, instances, decls, diags);
            let script = builder.build(raw_script, &inst.env);
            queue_uses.append(&mut builder.queue_uses);
            starts.append(&mut builder.starts);
            total += builder.built();
            Some(ActorSpec {
                name: inst.name.clone(),
                kind: inst.kind,
                daemon: inst.daemon,
                parent: inst.parent.clone(),
                script,
                start_method: inst.start_method,
            })
        })
        .collect();
    super::steps_flow::check_queue_scopes(&queue_uses, decls, diags);
    super::decls_sync::check_sync_scopes(&queue_uses, &decls.locks, diags);
    super::starts::check_restarts(&starts, instances, diags);
    super::starts::check_bound(&starts, instances, &decls.pool_actors(), diags);
    (actors, module.steps)
}

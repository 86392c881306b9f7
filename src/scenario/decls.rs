//! `[locks.*]` and `[values.*]`: the shared objects a scenario declares.

use super::diag::Diag;
use super::plan::{LockKind, LockSpec, Scope, ValueKind, ValueSpec};
use super::raw::RawScenario;
use super::resolve::eval_int;
use super::steps::Decls;
use super::values::Env;

/// The most permits a semaphore may have.
const MAX_PERMITS: i64 = 256;

pub(super) fn build(raw: &RawScenario, env: &Env, diags: &mut Vec<Diag>) -> Decls {
    Decls {
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
        queues: Vec::new(),
        pipes: Vec::new(),
        pools: Vec::new(),
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 32
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn lock(name: &str, l: &super::raw::RawLock, env: &Env, diags: &mut Vec<Diag>) -> Option<LockSpec> {
    if !valid_name(name) {
        diags.push(Diag::new(
            l.kind.span(),
            format!("{name:?}: lock names use letters, digits, '-' and '_'"),
        ));
        return None;
    }
    let kind = match l.kind.get_ref().as_str() {
        "mutex" => LockKind::Mutex,
        "rlock" => LockKind::Rlock,
        "semaphore" => LockKind::Semaphore,
        "event" => LockKind::Event,
        other => {
            let msg = format!("kind must be mutex, rlock, semaphore or event, not {other:?}");
            diags.push(Diag::new(l.kind.span(), msg));
            return None;
        }
    };
    let scope = match l.scope.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
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
    })
}

fn value(
    name: &str,
    v: &super::raw::RawValue,
    env: &Env,
    diags: &mut Vec<Diag>,
) -> Option<ValueSpec> {
    if !valid_name(name) {
        diags.push(Diag::new(
            v.kind.span(),
            format!("{name:?}: value names use letters, digits, '-' and '_'"),
        ));
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

//! Conditions and barriers, declared under `[locks.*]` with
//! `kind = "condition"` (over its own rlock or `lock = "door"`) or
//! `kind = "barrier"` (`parties = N`, optional `timeout`).

use super::diag::Diag;
use super::duration::parse_duration;
use super::plan::{LockKind, LockSpec, Scope};
use super::raw::{RawLock, RawScenario};
use super::resolve::eval_int;
use super::values::{substitute, Env};

/// The most parties a barrier may have (the thread limit is 256 too).
pub const MAX_PARTIES: i64 = 256;

/// Condition or barrier, when `kind` names one.
pub(super) fn kind(kind: &str) -> Option<LockKind> {
    match kind {
        "condition" => Some(LockKind::Condition),
        "barrier" => Some(LockKind::Barrier),
        _ => None,
    }
}

/// `lock`, `parties` and `timeout` go with a condition or a barrier only.
pub(super) fn refuse_fields(l: &RawLock, diags: &mut Vec<Diag>) {
    if let Some(x) = &l.lock {
        diags.push(Diag::new(x.span(), "lock = goes with a condition only"));
    }
    if let Some(x) = &l.parties {
        diags.push(Diag::new(x.span(), "parties go with a barrier only"));
    }
    if let Some(x) = &l.timeout {
        diags.push(Diag::new(x.span(), "timeout goes with a barrier only"));
    }
}

/// A condition's or a barrier's spec, checked (its `lock` is checked later,
/// against the other locks, by `check_conditions`).
pub(super) fn lock(
    name: &str,
    kind: LockKind,
    l: &RawLock,
    env: &Env,
    diags: &mut Vec<Diag>,
) -> Option<LockSpec> {
    let what = if kind == LockKind::Condition {
        "condition"
    } else {
        "barrier"
    };
    if let Some(s) = l.scope.as_ref().filter(|s| s.get_ref() != "threads") {
        let msg = format!(
            "a {what} is between the threads of one process (threading.{}): scope = \"threads\" \
             or no scope; the lab has no multiprocessing.{} yet",
            capital(what),
            capital(what)
        );
        diags.push(Diag::new(s.span(), msg));
    }
    if let Some(p) = &l.permits {
        diags.push(Diag::new(p.span(), "permits go with a semaphore only"));
    }
    let mut spec = LockSpec {
        name: name.to_string(),
        kind,
        scope: Scope::Threads,
        permits: 1,
        over: None,
        timeout: None,
    };
    if kind == LockKind::Condition {
        if let Some(x) = &l.parties {
            diags.push(Diag::new(x.span(), "parties go with a barrier only"));
        }
        if let Some(x) = &l.timeout {
            diags.push(Diag::new(x.span(), "timeout goes with a barrier only"));
        }
        spec.over = l.lock.as_ref().map(|o| o.get_ref().clone());
        return Some(spec);
    }
    if let Some(x) = &l.lock {
        diags.push(Diag::new(x.span(), "lock = goes with a condition only"));
    }
    spec.permits = parties(name, l, env, diags)?;
    if let Some(t) = &l.timeout {
        let text = substitute(t.get_ref(), env).map_err(|m| diags.push(Diag::new(t.span(), m)));
        match text.ok().map(|t| parse_duration(&t)) {
            Some(Ok(d)) => spec.timeout = Some(d),
            Some(Err(m)) => diags.push(Diag::new(t.span(), m)),
            None => {}
        }
    }
    Some(spec)
}

fn capital(what: &str) -> String {
    let mut c = what.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn parties(name: &str, l: &RawLock, env: &Env, diags: &mut Vec<Diag>) -> Option<u32> {
    let Some(p) = &l.parties else {
        let msg =
            format!("barrier {name} needs parties = N (how many threads wait for each other)");
        diags.push(Diag::new(l.kind.span(), msg));
        return None;
    };
    match eval_int(p, env, diags)? {
        n if (1..=MAX_PARTIES).contains(&n) => Some(n as u32),
        n => {
            let msg = format!("parties {n} must be 1..={MAX_PARTIES}");
            diags.push(Diag::new(p.span(), msg));
            None
        }
    }
}

/// A condition's `lock` must be a declared mutex or rlock between threads.
pub(super) fn check_conditions(raw: &RawScenario, locks: &[LockSpec], diags: &mut Vec<Diag>) {
    for (name, l) in &raw.locks {
        let (Some(over), Some(LockKind::Condition)) =
            (&l.get_ref().lock, kind(l.get_ref().kind.get_ref()))
        else {
            continue;
        };
        let name = name.get_ref();
        let target = locks.iter().find(|s| &s.name == over.get_ref());
        let ok = target.is_some_and(|t| {
            matches!(t.kind, LockKind::Mutex | LockKind::Rlock) && t.scope == Scope::Threads
        });
        if !ok {
            let msg = format!(
                "condition {name}: lock = {:?} must name a mutex or rlock declared under [locks] \
                 (between threads)",
                over.get_ref()
            );
            diags.push(Diag::new(over.span(), msg));
        }
    }
}

/// The lock a condition's `with`, `acquire` and `release` take: its `lock`, or itself.
pub(super) fn lock_of(locks: &[LockSpec], name: &str) -> String {
    locks
        .iter()
        .find(|l| l.name == name)
        .and_then(|l| l.over.clone())
        .unwrap_or_else(|| name.to_string())
}

/// A condition or a barrier lives in one process's memory, as a
/// threading.Condition or Barrier does: every user must live in that process.
pub(super) fn check_sync_scopes(
    uses: &[super::steps_flow::QueueUse],
    locks: &[LockSpec],
    diags: &mut Vec<Diag>,
) {
    let syncs = locks
        .iter()
        .filter(|l| matches!(l.kind, LockKind::Condition | LockKind::Barrier));
    for s in syncs {
        let mut mine = uses.iter().filter(|u| u.queue == s.name);
        let Some(first) = mine.next() else {
            continue;
        };
        for u in mine.filter(|u| u.process != first.process) {
            let msg = format!(
                "{} lives in the memory of process {} (used by {}); {} lives in process {}: \
                 a threading.Condition or Barrier is shared by the threads of one process, and \
                 the lab has no multiprocessing.Condition or Barrier yet",
                s.name, first.process, first.actor, u.actor, u.process
            );
            diags.push(Diag::new(u.at.clone(), msg));
        }
    }
}

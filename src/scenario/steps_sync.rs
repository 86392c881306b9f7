//! The verbs of conditions and barriers: `wait` (on a condition or a
//! barrier), `wait_for`, `notify`, `notify_all`, `abort`, `reset`.

use std::ops::Range;
use std::time::Duration;

use toml::Spanned;

use super::diag::Diag;
use super::expr::Expr;
use super::plan::{LockKind, Step};
use super::plan_sync::SyncStep;
use super::raw::{IntOrText, RawStep};
use super::resolve::eval_int;
use super::steps::StepBuilder;
use super::steps_flow::QueueUse;
use super::values::{substitute, Env};

/// The most waiters one `notify` may name.
const MAX_NOTIFY: i64 = 256;

impl StepBuilder<'_, '_> {
    /// Build a condition's or a barrier's step; false when the step is of
    /// another kind (a `wait` on an event among them).
    pub(super) fn sync_verb(&mut self, r: &RawStep, env: &Env, at: Range<usize>) -> bool {
        if let Some(w) = &r.wait {
            let Some(kind) = self.sync_kind(w, env) else {
                return false;
            };
            let (Some(name), Some(timeout)) = (self.sync(w, env, kind), self.sync_timeout(r, env))
            else {
                return true;
            };
            let into = r.into.as_ref().and_then(|i| self.local_name(i));
            self.push(Step::Sync(match kind {
                LockKind::Condition => SyncStep::Wait {
                    cond: name,
                    timeout,
                    into,
                },
                _ => SyncStep::Pass {
                    barrier: name,
                    timeout,
                    into,
                },
            }));
        } else if let Some(c) = &r.wait_for {
            self.wait_for(c, r, env, at);
        } else if let Some(c) = r.notify.as_ref().or(r.notify_all.as_ref()) {
            let n = match &r.n {
                Some(n) => self.notify_count(n, env),
                None => Some(r.notify.is_some().then_some(1)),
            };
            if let (Some(cond), Some(n)) = (self.sync(c, env, LockKind::Condition), n) {
                self.push(Step::Sync(SyncStep::Notify { cond, n }));
            }
        } else if let Some(b) = r.abort.as_ref().or(r.reset.as_ref()) {
            if let Some(b) = self.sync(b, env, LockKind::Barrier) {
                let step = if r.abort.is_some() {
                    SyncStep::Abort(b)
                } else {
                    SyncStep::Reset(b)
                };
                self.push(Step::Sync(step));
            }
        } else {
            return false;
        }
        true
    }

    /// Whether `s` names a condition or a barrier (else: not ours).
    fn sync_kind(&mut self, s: &Spanned<String>, env: &Env) -> Option<LockKind> {
        let name = substitute(s.get_ref(), env).ok()?;
        let spec = self.decls.locks.iter().find(|l| l.name == name)?;
        matches!(spec.kind, LockKind::Condition | LockKind::Barrier).then_some(spec.kind)
    }

    /// A declared condition's or barrier's name; its use is noted, for the
    /// check that its users live in one process.
    fn sync(&mut self, s: &Spanned<String>, env: &Env, want: LockKind) -> Option<String> {
        let name = substitute(s.get_ref(), env)
            .map_err(|m| self.err(s.span(), m))
            .ok()?;
        let what = if want == LockKind::Condition {
            "condition"
        } else {
            "barrier"
        };
        let found = self.decls.locks.iter().find(|l| l.name == name);
        if found.is_none_or(|l| l.kind != want) {
            let declared: Vec<&str> = self
                .decls
                .locks
                .iter()
                .filter(|l| l.kind == want)
                .map(|l| l.name.as_str())
                .collect();
            let msg = format!(
                "no {what} named {name:?} is declared under [locks] (kind = \"{what}\"); \
                 declared: {}",
                if declared.is_empty() {
                    "none".to_string()
                } else {
                    declared.join(", ")
                }
            );
            self.err(s.span(), msg);
            return None;
        }
        self.queue_uses.push(QueueUse {
            queue: name.clone(),
            actor: self.me.name.clone(),
            process: self.my_process(),
            at: s.span(),
        });
        Some(name)
    }

    /// `timeout = "1s"`: Some(None) when absent, None when it is wrong.
    fn sync_timeout(&mut self, r: &RawStep, env: &Env) -> Option<Option<Duration>> {
        match &r.timeout {
            None => Some(None),
            Some(t) => self.timeout(t, env).map(Some),
        }
    }

    fn notify_count(&mut self, n: &Spanned<IntOrText>, env: &Env) -> Option<Option<u32>> {
        let mut diags = Vec::new();
        let v = eval_int(n, env, &mut diags);
        self.diags.extend(diags);
        match v? {
            k if (0..=MAX_NOTIFY).contains(&k) => Some(Some(k as u32)),
            k => {
                self.err(n.span(), format!("n {k} must be 0..={MAX_NOTIFY}"));
                None
            }
        }
    }

    fn wait_for(&mut self, c: &Spanned<String>, r: &RawStep, env: &Env, at: Range<usize>) {
        let Some(until) = &r.until else {
            return self.err(
                at,
                "wait_for needs until = \"a predicate\" over values and locals (like \"dishes > 0\")",
            );
        };
        let (Some(cond), Some(timeout)) = (
            self.sync(c, env, LockKind::Condition),
            self.sync_timeout(r, env),
        ) else {
            return;
        };
        let Some(until) = self.predicate(until, env) else {
            return;
        };
        let into = r.into.as_ref().and_then(|i| self.local_name(i));
        self.push(Step::Sync(SyncStep::WaitFor {
            cond,
            until,
            timeout,
            into,
        }));
    }

    /// A predicate whose names are declared values (read each time it is
    /// tested) or locals with a value.
    fn predicate(&mut self, s: &Spanned<String>, env: &Env) -> Option<Expr> {
        let text = substitute(s.get_ref(), env)
            .map_err(|m| self.err(s.span(), m))
            .ok()?;
        let expr = Expr::parse_at(&text)
            .map_err(|e| {
                let d = if &text == s.get_ref() {
                    Diag::within(s.span(), e.at, e.message)
                } else {
                    Diag::new(s.span(), e.message)
                };
                self.diags.push(d)
            })
            .ok()?;
        let mut used = Vec::new();
        expr.vars(&mut used);
        let unknown: Vec<String> = used
            .into_iter()
            .filter(|n| !self.locals.contains(n) && !self.decls.values.iter().any(|v| &v.name == n))
            .collect();
        for name in unknown {
            let msg = format!(
                "wait_for's predicate names {name}, which is neither a value declared under \
                 [values] nor a local with a value"
            );
            self.err(s.span(), msg);
        }
        Some(expr)
    }
}

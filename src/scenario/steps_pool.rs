//! The verbs of pools: create, apply, apply_async / submit (with a
//! callback), map, result; close and join are in steps_flow.rs.

use std::ops::Range;

use toml::Spanned;

use super::expr::Expr;
use super::plan::Step;
use super::raw::RawStep;
use super::steps::{StepBuilder, MAX_STEPS};
use super::values::Env;
use super::verbs::Ctx;

impl StepBuilder<'_, '_> {
    /// Build a pool step; false when the step is of another kind.
    pub(super) fn pool_verb(&mut self, r: &RawStep, env: &Env, at: Range<usize>) -> bool {
        if let Some(p) = &r.create {
            if let Some(pool) = self.pool(p, env) {
                self.push(Step::CreatePool(pool));
            }
        } else if let Some(p) = &r.apply {
            let (Some(pool), Some(arg)) = (self.pool(p, env), self.arg(r, env, &at, "apply"))
            else {
                return true;
            };
            let into = r.into.as_ref().and_then(|i| self.local_name(i));
            self.push(Step::Apply { pool, arg, into });
        } else if let Some((p, how)) = submit(r) {
            self.submit(p, how, r, env, at);
        } else if let Some(p) = &r.map {
            let (Some(pool), Some(count)) = (self.pool(p, env), self.count(r, env, &at)) else {
                return true;
            };
            self.push(Step::Map { pool, count });
        } else if let Some(h) = &r.result {
            self.result(h, r, env);
        } else {
            return false;
        }
        true
    }

    fn submit(&mut self, p: &Spanned<String>, how: &str, r: &RawStep, env: &Env, at: Range<usize>) {
        let (Some(pool), Some(arg)) = (self.pool(p, env), self.arg(r, env, &at, how)) else {
            return;
        };
        let handle = match &r.as_name {
            None => None,
            Some(h) => match self.handle_name(h, env) {
                Some(h) => Some(h),
                None => return,
            },
        };
        let callback = match &r.callback {
            None => Vec::new(),
            Some(body) => self.callback(body, env),
        };
        if let Some(h) = &handle {
            self.handles.insert(h.clone());
        }
        self.push(Step::Submit {
            pool,
            how: how.to_string(),
            arg,
            handle,
            callback,
        });
    }

    fn result(&mut self, h: &Spanned<String>, r: &RawStep, env: &Env) {
        let Some(handle) = self.name(h, env) else {
            return;
        };
        if !self.handles.contains(&handle) {
            let msg = format!(
                "no task handle named {handle:?} yet: name one earlier in this script with \
                 apply_async or submit, as = \"{handle}\""
            );
            return self.err(h.span(), msg);
        }
        let into = r.into.as_ref().and_then(|i| self.local_name(i));
        self.push(Step::Result { handle, into });
    }

    /// A callback's steps: they run on the pool's result thread, with their own
    /// locals `result` and `task`, and without queue, pool or actor verbs.
    fn callback(&mut self, body: &[Spanned<RawStep>], env: &Env) -> Vec<Step> {
        let locals = ["result", "task"].map(String::from).into();
        let outer_locals = std::mem::replace(&mut self.locals, locals);
        let outer_ctx = std::mem::replace(&mut self.ctx, Ctx::Callback);
        let outer_loops = std::mem::replace(&mut self.loops, 0);
        let steps = self.nested(body, env);
        self.locals = outer_locals;
        self.ctx = outer_ctx;
        self.loops = outer_loops;
        steps
    }

    /// A declared pool that this actor owns.
    pub(super) fn pool(&mut self, s: &Spanned<String>, env: &Env) -> Option<String> {
        let name = self.name(s, env)?;
        let Some(spec) = self.decls.pool(&name) else {
            let msg = format!("no pool named {name:?} is declared under [pools]");
            self.err(s.span(), msg);
            return None;
        };
        if spec.owner != self.me.name {
            let msg = format!(
                "only {}, the owner of pool {name}, can use it (the Pool object lives in its \
                 owner's process); set owner = \"{}\" to change that",
                spec.owner, self.me.name
            );
            self.err(s.span(), msg);
            return None;
        }
        Some(name)
    }

    fn arg(&mut self, r: &RawStep, env: &Env, at: &Range<usize>, verb: &str) -> Option<Expr> {
        if r.arg.is_none() {
            let msg = format!("{verb} needs arg = the task's argument (an expression)");
            self.err(at.clone(), msg);
            return None;
        }
        self.expr(r.arg.as_ref(), env, at)
    }

    /// map's `range = N`: tasks for args 0..N.
    fn count(&mut self, r: &RawStep, env: &Env, at: &Range<usize>) -> Option<Expr> {
        let Some(range) = &r.range else {
            self.err(at.clone(), "map needs range = N (tasks for args 0..N)");
            return None;
        };
        let count = self.expr(Some(range), env, at)?;
        if let Expr::Num(n) = count {
            if !(0..=MAX_STEPS as i64).contains(&n) {
                self.err(range.span(), format!("range {n} must be 0..={MAX_STEPS}"));
                return None;
            }
        }
        Some(count)
    }

    fn handle_name(&mut self, h: &Spanned<String>, env: &Env) -> Option<String> {
        let name = self.name(h, env)?;
        let Some(why) = super::decls::name_problem(&name) else {
            return Some(name);
        };
        let msg = format!("task handle {name:?}: {why}");
        self.err(h.span(), msg);
        None
    }
}

/// apply_async or submit, with the pool it names.
fn submit(r: &RawStep) -> Option<(&Spanned<String>, &'static str)> {
    r.apply_async
        .as_ref()
        .map(|p| (p, "apply_async"))
        .or(r.submit.as_ref().map(|p| (p, "submit")))
}

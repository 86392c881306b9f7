//! The verbs of shared state: locks, events, shared values, local variables, `if`.

use std::ops::Range;

use toml::Spanned;

use super::diag::Diag;
use super::expr::Expr;
use super::plan::{LockKind, Step};
use super::raw::{IntOrText, RawStep};
use super::steps::StepBuilder;
use super::values::{substitute, Env};

impl StepBuilder<'_, '_> {
    /// Build a step whose verb is about shared state (the caller checked there is one).
    pub(super) fn shared_verb(&mut self, r: &RawStep, env: &Env, at: Range<usize>) {
        if let Some(l) = &r.acquire {
            if let Some(l) = self.lock(l, env, false) {
                self.push(Step::Acquire(l));
            }
        } else if let Some(l) = &r.release {
            if let Some(l) = self.lock(l, env, false) {
                self.push(Step::Release(l));
            }
        } else if let Some(l) = &r.with {
            self.with(l, r, env, at);
        } else if let Some(e) = &r.wait {
            if let Some(o) = r.timeout.as_ref().or(r.into.as_ref()) {
                return self.err(o.span(), "an event's wait takes no timeout or into (yet)");
            }
            if let Some(e) = self.lock(e, env, true) {
                self.push(Step::WaitEvent(e));
            }
        } else if let Some(e) = r.set.as_ref().or(r.clear.as_ref()) {
            if let Some(e) = self.lock(e, env, true) {
                self.push(Step::SetEvent(e, r.set.is_some()));
            }
        } else if let Some(v) = &r.read {
            self.read(v, r.into.as_ref(), env, at);
        } else if let Some(v) = r.write.as_ref().or(r.add.as_ref()) {
            let (Some(value), Some(expr)) =
                (self.value(v, env), self.expr(r.value.as_ref(), env, &at))
            else {
                return;
            };
            let step = if r.write.is_some() {
                Step::Write { value, expr }
            } else {
                Step::Add { value, expr }
            };
            self.push(step);
        } else if let Some(var) = &r.let_var {
            let Some(expr) = self.expr(r.value.as_ref(), env, &at) else {
                return;
            };
            if let Some(var) = self.local_name(var) {
                self.push(Step::Let { var, expr });
            }
        } else if let Some(cond) = &r.if_cond {
            self.branch(cond, r, env, at);
        }
    }

    fn with(&mut self, l: &Spanned<String>, r: &RawStep, env: &Env, at: Range<usize>) {
        let Some(lock) = self.lock(l, env, false) else {
            return;
        };
        let Some(body) = &r.body else {
            return self.err(at, "with needs a do = [ ... ] list of steps");
        };
        self.push(Step::Acquire(lock.clone()));
        // A break would leave the lock held: no loop reaches inside a with.
        let loops = std::mem::replace(&mut self.loops, 0);
        self.steps(body, env);
        self.loops = loops;
        self.push(Step::Release(lock));
    }

    fn read(
        &mut self,
        v: &Spanned<String>,
        into: Option<&Spanned<String>>,
        env: &Env,
        at: Range<usize>,
    ) {
        let Some(value) = self.value(v, env) else {
            return;
        };
        let Some(into) = into else {
            return self.err(at, "read needs into = \"a local name\"");
        };
        if let Some(into) = self.local_name(into) {
            self.push(Step::Read { value, into });
        }
    }

    fn branch(&mut self, cond: &Spanned<String>, r: &RawStep, env: &Env, at: Range<usize>) {
        let text = Spanned::new(cond.span(), IntOrText::Text(cond.get_ref().clone()));
        let Some(cond) = self.expr(Some(&text), env, &at) else {
            return;
        };
        let Some(then) = &r.then else {
            return self.err(at, "if needs then = [ ... ] (and may have else = [ ... ])");
        };
        let then = self.nested(then, env);
        let otherwise = r
            .otherwise
            .as_ref()
            .map(|o| self.nested(o, env))
            .unwrap_or_default();
        self.push(Step::If {
            cond,
            then,
            otherwise,
        });
    }

    /// A declared lock's name; `event` says whether the verb wants an event.
    pub(super) fn lock(&mut self, s: &Spanned<String>, env: &Env, event: bool) -> Option<String> {
        let name = substitute(s.get_ref(), env)
            .map_err(|m| self.err(s.span(), m))
            .ok()?;
        let Some(spec) = self.decls.locks.iter().find(|l| l.name == name) else {
            self.err(
                s.span(),
                format!("no lock named {name:?} is declared under [locks]"),
            );
            return None;
        };
        match (spec.kind, event) {
            (LockKind::Condition, false) => {
                return Some(super::decls_sync::lock_of(&self.decls.locks, &name))
            }
            (LockKind::Barrier, _) => self.err(
                s.span(),
                format!("{name} is a barrier: use wait, abort and reset"),
            ),
            (LockKind::Condition, true) => self.err(
                s.span(),
                format!(
                    "{name} is a condition: use with, acquire, release, wait, wait_for, notify \
                     and notify_all"
                ),
            ),
            (LockKind::Event, false) => self.err(
                s.span(),
                format!("{name} is an event: use wait, set and clear"),
            ),
            (LockKind::Event, true) => return Some(name),
            (_, true) => self.err(
                s.span(),
                format!("{name} is not an event: use acquire, release or with"),
            ),
            _ => return Some(name),
        }
        None
    }

    fn value(&mut self, s: &Spanned<String>, env: &Env) -> Option<String> {
        let name = substitute(s.get_ref(), env)
            .map_err(|m| self.err(s.span(), m))
            .ok()?;
        if self.decls.values.iter().any(|v| v.name == name) {
            Some(name)
        } else {
            self.err(
                s.span(),
                format!("no value named {name:?} is declared under [values]"),
            );
            None
        }
    }

    /// A new local variable's name; from here on the script may use it.
    pub(super) fn local_name(&mut self, s: &Spanned<String>) -> Option<String> {
        let name = s.get_ref();
        let ok = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok {
            self.err(
                s.span(),
                format!("{name:?} is not a variable name (letters, digits, _)"),
            );
            return None;
        }
        self.locals.insert(name.clone());
        Some(name.clone())
    }

    /// An expression: parameters filled in, locals checked to exist by now.
    pub(super) fn expr(
        &mut self,
        v: Option<&Spanned<IntOrText>>,
        env: &Env,
        at: &Range<usize>,
    ) -> Option<Expr> {
        let Some(v) = v else {
            self.err(
                at.clone(),
                "this step needs value = an expression (like \"t - 1\")",
            );
            return None;
        };
        let (text, written) = match v.get_ref() {
            IntOrText::Int(i) => return Some(Expr::Num(*i)),
            IntOrText::Text(t) => (
                substitute(t, env).map_err(|m| self.err(v.span(), m)).ok()?,
                t,
            ),
        };
        let expr = Expr::parse_at(&text)
            .map_err(|e| {
                // Point at the character when the text is the one written.
                let d = if &text == written {
                    Diag::within(v.span(), e.at, e.message)
                } else {
                    Diag::new(v.span(), e.message)
                };
                self.diags.push(d)
            })
            .ok()?;
        let mut used = Vec::new();
        expr.vars(&mut used);
        let missing: Vec<String> = used
            .into_iter()
            .filter(|n| !self.locals.contains(n))
            .collect();
        for name in missing {
            let msg =
                format!("{name} is used before it gets a value (read it into {name}, or let it)");
            self.err(v.span(), msg);
        }
        Some(expr)
    }
}

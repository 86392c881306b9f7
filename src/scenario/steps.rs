//! Building one actor's flat step list: verbs checked, targets expanded, loops unrolled.

use std::ops::Range;

use toml::Spanned;

use super::diag::Diag;
use super::duration::parse_span;
use super::plan::{Span, Step};
use super::raw::{RawStep, Targets};
use super::resolve::{eval_int, Instance};
use super::values::{substitute, Env};
use crate::event::ActorKind;

/// Scripts longer than this after unrolling are refused.
pub const MAX_STEPS: usize = 10_000;

/// Builds the script of one actor instance.
pub(super) struct StepBuilder<'a, 'd> {
    me: &'a Instance<'a>,
    all: &'a [Instance<'a>],
    diags: &'d mut Vec<Diag>,
    out: Vec<Step>,
}

/// The verbs a step may use, for messages.
const VERBS: &str = "start, join, print, sleep, work, exit, terminate, is_alive, each, repeat";

impl<'a, 'd> StepBuilder<'a, 'd> {
    pub fn new(me: &'a Instance<'a>, all: &'a [Instance<'a>], diags: &'d mut Vec<Diag>) -> Self {
        StepBuilder {
            me,
            all,
            diags,
            out: Vec::new(),
        }
    }

    pub fn build(&mut self, script: &[Spanned<RawStep>], env: &Env) -> Vec<Step> {
        self.steps(script, env);
        std::mem::take(&mut self.out)
    }

    fn err(&mut self, at: Range<usize>, msg: impl Into<String>) {
        self.diags.push(Diag::new(at, msg));
    }

    fn steps(&mut self, script: &[Spanned<RawStep>], env: &Env) {
        for s in script {
            if self.out.len() > MAX_STEPS {
                self.err(
                    s.span(),
                    format!("the script is longer than {MAX_STEPS} steps once loops are unrolled"),
                );
                return;
            }
            self.step(s, env);
        }
    }

    fn step(&mut self, s: &Spanned<RawStep>, env: &Env) {
        let r = s.get_ref();
        let verbs: Vec<&str> = [
            ("start", r.start.is_some()),
            ("join", r.join.is_some()),
            ("print", r.print.is_some()),
            ("sleep", r.sleep.is_some()),
            ("work", r.work.is_some()),
            ("exit", r.exit.is_some()),
            ("terminate", r.terminate.is_some()),
            ("is_alive", r.is_alive.is_some()),
            ("each", r.each.is_some()),
            ("repeat", r.repeat.is_some()),
        ]
        .into_iter()
        .filter_map(|(v, present)| present.then_some(v))
        .collect();
        if verbs.len() != 1 {
            let found = if verbs.is_empty() {
                "none".to_string()
            } else {
                verbs.join(", ")
            };
            return self.err(
                s.span(),
                format!("a step needs exactly one verb ({VERBS}); found {found}"),
            );
        }
        if let (Some(pick), None) = (&r.pick, &r.join) {
            return self.err(pick.span(), "pick goes with join only");
        }
        let looped = r.each.is_some() || r.repeat.is_some();
        if !looped && (r.as_name.is_some() || r.body.is_some()) {
            return self.err(s.span(), "as and do go with each or repeat only");
        }
        self.verb(r, env, s.span());
    }

    fn verb(&mut self, r: &RawStep, env: &Env, at: Range<usize>) {
        if let Some(t) = &r.start {
            let names = self.own_children(t, env, "start");
            self.out.push(Step::Start(names));
        } else if let Some(t) = &r.join {
            let mut names = self.own_children(t, env, "join");
            match r.pick.as_ref().map(|p| (p.get_ref().as_str(), p.span())) {
                None | Some(("all", _)) => {}
                Some(("first", _)) => names.truncate(1),
                Some(("last", _)) => names = names.split_off(names.len().saturating_sub(1)),
                Some((other, sp)) => self.err(
                    sp,
                    format!("pick must be all, first or last, not {other:?}"),
                ),
            }
            self.out.push(Step::Join(names));
        } else if let Some(p) = &r.print {
            if let Some(text) = self.text(p, env) {
                self.out.push(Step::Print(text));
            }
        } else if let Some(d) = &r.sleep {
            if let Some(span) = self.span_of(d, env) {
                self.out.push(Step::Sleep(span));
            }
        } else if let Some(d) = &r.work {
            if let Some(span) = self.span_of(d, env) {
                self.out.push(Step::Work(span));
            }
        } else if let Some(c) = &r.exit {
            match eval_int(c, env, self.diags) {
                Some(code) if (0..=255).contains(&code) => self.out.push(Step::Exit(code as i32)),
                Some(code) => self.err(c.span(), format!("exit code {code} must be 0..=255")),
                None => {}
            }
        } else if let Some(t) = &r.terminate {
            let names = self.own_children(t, env, "terminate");
            for n in &names {
                if self
                    .all
                    .iter()
                    .any(|i| &i.name == n && i.kind == ActorKind::Thread)
                {
                    self.err(
                        t.span(),
                        format!("{n} is a thread: only processes can be terminated from outside"),
                    );
                }
            }
            self.out.push(Step::Terminate(names));
        } else if let Some(t) = &r.is_alive {
            let names = self.own_children(t, env, "is_alive");
            self.out.push(Step::IsAlive(names));
        } else if let Some(t) = &r.each {
            let items = self.targets(t, env);
            self.looped(r, env, at, items);
        } else if let Some(n) = &r.repeat {
            match eval_int(n, env, self.diags) {
                Some(k) if (0..=MAX_STEPS as i64).contains(&k) => {
                    let items = (0..k).map(|i| i.to_string()).collect();
                    self.looped(r, env, at, items);
                }
                Some(k) => self.err(n.span(), format!("repeat {k} must be 0..={MAX_STEPS}")),
                None => {}
            }
        }
    }

    fn looped(&mut self, r: &RawStep, env: &Env, at: Range<usize>, items: Vec<String>) {
        let Some(body) = &r.body else {
            return self.err(at, "each and repeat need a do = [ ... ] list of steps");
        };
        let var = r
            .as_name
            .as_ref()
            .map_or("it".to_string(), |a| a.get_ref().clone());
        for item in items {
            let mut inner = env.clone();
            inner.insert(var.clone(), item);
            self.steps(body, &inner);
        }
    }

    fn text(&mut self, s: &Spanned<String>, env: &Env) -> Option<String> {
        substitute(s.get_ref(), env)
            .map_err(|m| self.err(s.span(), m))
            .ok()
    }

    fn span_of(&mut self, s: &Spanned<String>, env: &Env) -> Option<Span> {
        let text = self.text(s, env)?;
        parse_span(&text).map_err(|m| self.err(s.span(), m)).ok()
    }

    /// Names or `prefix*` patterns, expanded against every instance.
    fn targets(&mut self, t: &Spanned<Targets>, env: &Env) -> Vec<String> {
        let mut names = Vec::new();
        for pattern in t.get_ref().items() {
            let Ok(p) = substitute(&pattern, env).map_err(|m| self.err(t.span(), m)) else {
                continue;
            };
            let found: Vec<String> = match p.strip_suffix('*') {
                Some(prefix) => self
                    .all
                    .iter()
                    .filter(|i| i.name.starts_with(prefix))
                    .map(|i| i.name.clone())
                    .collect(),
                None => self
                    .all
                    .iter()
                    .filter(|i| i.name == p)
                    .map(|i| i.name.clone())
                    .collect(),
            };
            if found.is_empty() {
                self.err(t.span(), format!("no actor matches {p:?}"));
            }
            names.extend(found);
        }
        names
    }

    /// Targets that must be this actor's own children (only a parent holds the handle).
    fn own_children(&mut self, t: &Spanned<Targets>, env: &Env, verb: &str) -> Vec<String> {
        let names = self.targets(t, env);
        for n in &names {
            let parent = self
                .all
                .iter()
                .find(|i| &i.name == n)
                .and_then(|i| i.parent.clone());
            if parent.as_deref() != Some(self.me.name.as_str()) {
                let owner = parent.unwrap_or_else(|| "the host".into());
                let msg = format!(
                    "{} cannot {verb} {n}: only its parent ({owner}) can",
                    self.me.name
                );
                self.err(t.span(), msg);
            }
        }
        names
    }
}

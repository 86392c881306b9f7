//! Building one actor's step list: verbs checked, targets expanded, `each`
//! and `repeat` unrolled (a `loop` stays a loop: it runs at run time).

use std::collections::BTreeSet;
use std::ops::Range;

use toml::Spanned;

use super::decls::Decls;
use super::diag::Diag;
use super::duration::parse_span;
use super::plan::{Span, Step};
use super::raw::{PyLine, RawStep};
use super::resolve::{eval_int, Instance};
use super::steps_flow::QueueUse;
use super::text::Text;
use super::values::{substitute, Env};
use super::verbs::{self, Ctx};
use crate::event::ActorKind;

/// Scripts longer than this after unrolling are refused.
pub const MAX_STEPS: usize = 10_000;
/// Steps of all the actors' scripts together, once unrolled.
pub const MAX_TOTAL_STEPS: usize = 20_000;

/// Builds the script of one actor instance (or a pool's task, or a callback).
pub(super) struct StepBuilder<'a, 'd> {
    pub(super) me: &'a Instance<'a>,
    pub(super) all: &'a [Instance<'a>],
    pub(super) decls: &'a Decls,
    pub(super) diags: &'d mut Vec<Diag>,
    pub(super) out: Vec<Step>,
    /// Local variables given a value so far (read into, let), in script order.
    pub(super) locals: BTreeSet<String>,
    /// What kind of script this is, which limits its verbs.
    pub(super) ctx: Ctx,
    /// How many `loop`s the step being built is inside (`break` needs one).
    pub(super) loops: usize,
    /// Task handles named so far by `as` (for `result`).
    pub(super) handles: BTreeSet<String>,
    /// Every use of a queue, for the scope check across actors.
    pub(super) queue_uses: Vec<QueueUse>,
    /// Every `start` of a child, for the static bound on processes and threads.
    pub(super) starts: Vec<super::starts::Start>,
    /// Actors started as a threading.Timer so far (what `cancel` may name).
    pub(super) timers: BTreeSet<String>,
    count: usize,
    /// Iterations of `repeat` and `each` unrolled so far (empty bodies too).
    unrolled: usize,
    /// A `measure` step came before: prints may show `{seconds}` and `{ratio}`.
    pub(super) measured: bool,
}

/// Problems reported by one script before the rest is skipped: a repeat
/// must not multiply one error into millions.
const MAX_DIAGS: usize = 200;

impl<'a, 'd> StepBuilder<'a, 'd> {
    pub fn new(
        me: &'a Instance<'a>,
        all: &'a [Instance<'a>],
        decls: &'a Decls,
        diags: &'d mut Vec<Diag>,
    ) -> Self {
        StepBuilder {
            me,
            all,
            decls,
            diags,
            out: Vec::new(),
            locals: BTreeSet::new(),
            ctx: match me.kind {
                ActorKind::Coroutine => Ctx::Coroutine,
                _ => Ctx::Actor,
            },
            loops: 0,
            handles: BTreeSet::new(),
            queue_uses: Vec::new(),
            starts: Vec::new(),
            timers: BTreeSet::new(),
            count: 0,
            unrolled: 0,
            measured: false,
        }
    }

    /// A builder for a pool task or a callback: its own verbs and locals.
    pub fn for_ctx(mut self, ctx: Ctx, locals: &[&str]) -> Self {
        self.ctx = ctx;
        self.locals = locals.iter().map(|l| l.to_string()).collect();
        self
    }

    /// How many steps were built so far (nested ones included).
    pub fn built(&self) -> usize {
        self.count
    }

    pub fn build(&mut self, script: &[Spanned<RawStep>], env: &Env) -> Vec<Step> {
        self.steps(script, env);
        std::mem::take(&mut self.out)
    }

    pub(super) fn err(&mut self, at: Range<usize>, msg: impl Into<String>) {
        if self.diags.len() < MAX_DIAGS {
            self.diags.push(Diag::new(at, msg));
        }
    }

    /// Whether building should stop: too long once unrolled, or too many errors.
    fn exhausted(&self) -> bool {
        self.count > MAX_STEPS || self.unrolled > MAX_STEPS || self.diags.len() >= MAX_DIAGS
    }

    pub(super) fn steps(&mut self, script: &[Spanned<RawStep>], env: &Env) {
        for s in script {
            if self.exhausted() {
                let msg =
                    format!("the script is longer than {MAX_STEPS} steps once loops are unrolled");
                return self.err(s.span(), msg);
            }
            self.step(s, env);
        }
    }

    /// Build `script` into its own list (the branches of an `if`).
    pub(super) fn nested(&mut self, script: &[Spanned<RawStep>], env: &Env) -> Vec<Step> {
        let outer = std::mem::take(&mut self.out);
        self.steps(script, env);
        std::mem::replace(&mut self.out, outer)
    }

    /// Add a step; one naming k actors counts as k steps toward the limits
    /// (a `join = "*"` written many times must not build millions of names).
    pub(super) fn push(&mut self, step: Step) {
        self.count += match &step {
            Step::Start(n) | Step::Join(n) | Step::Terminate(n) | Step::IsAlive(n, _) => {
                n.len().max(1)
            }
            _ => 1,
        };
        self.out.push(step);
    }

    fn step(&mut self, s: &Spanned<RawStep>, env: &Env) {
        let r = s.get_ref();
        if let Some(py) = &r.py {
            self.python_line(py);
        }
        let keys = verbs::present(r);
        let found: Vec<&str> = keys.iter().copied().filter(|k| verbs::is_verb(k)).collect();
        let [verb] = found.as_slice() else {
            let names: Vec<&str> = verbs::verb_names().collect();
            let found = if found.is_empty() {
                "none".to_string()
            } else {
                found.join(", ")
            };
            let msg = format!(
                "a step needs exactly one verb ({}); found {found}",
                names.join(", ")
            );
            return self.err(s.span(), msg);
        };
        let allowed = verbs::options(verb);
        for key in keys.iter().filter(|k| !verbs::is_verb(k)) {
            if !allowed.contains(key) {
                let why = super::timed::no_timeout_here(key, verb);
                return self.err(s.span(), format!("{key} does not go with {verb}{why}"));
            }
        }
        if self.net_verb(r, env, s.span()) {
            return;
        }
        if let Some(msg) = verbs::refused(verb, self.ctx) {
            return self.err(s.span(), msg);
        }
        let at = s.span();
        if let Some(j) = &r.schedule {
            return self.schedule_verb(j);
        }
        if !self.sync_verb(r, env, at.clone())
            && !self.timed_verb(r, env, at.clone())
            && !self.flow_verb(r, env, at.clone())
            && !self.process_verb(r, env, at.clone())
            && !self.measure_verb(r, env, at.clone())
        {
            self.shared_verb(r, env, at);
        }
    }

    /// `py`: the steps from here on stand for this line of the listing.
    fn python_line(&mut self, py: &Spanned<PyLine>) {
        match super::listing::find_line(&self.decls.listing, py.get_ref()) {
            Ok(n) => self.push(Step::Line(n)),
            Err(msg) => self.err(py.span(), msg),
        }
    }

    /// The verbs of processes and threads; false when the step is another kind.
    fn process_verb(&mut self, r: &RawStep, env: &Env, at: Range<usize>) -> bool {
        if let Some(t) = &r.start {
            let found = self.own_children(t, env, "start");
            self.count_starts(t, &found);
            self.push(Step::Start(self.names(&found)));
        } else if let Some(t) = &r.join {
            let found = self.own_children(t, env, "join");
            let mut names = self.names(&found);
            match r.pick.as_ref().map(|p| (p.get_ref().as_str(), p.span())) {
                None | Some(("all", _)) => {}
                Some(("first", _)) => names.truncate(1),
                Some(("last", _)) => names = names.split_off(names.len().saturating_sub(1)),
                Some((other, sp)) => self.err(
                    sp,
                    format!("pick must be all, first or last, not {other:?}"),
                ),
            }
            self.push(Step::Join(names));
        } else if let Some(p) = &r.print {
            let (en, zh) = p.get_ref().texts();
            let at = p.span();
            let en = self.text_at(en, at.clone(), env);
            let zh = self.text_at(zh, at, env);
            if let (Some(en), Some(zh)) = (en, zh) {
                self.push(Step::Print(Text { en, zh }));
            }
        } else if let Some(d) = r.sleep.as_ref().or(r.work.as_ref()).or(r.spin.as_ref()) {
            if let Some(span) = self.span_of(d, env) {
                let step = if r.sleep.is_some() {
                    self.sleep_step(r, span)
                } else if r.work.is_some() {
                    Some(Step::Work(span))
                } else {
                    Some(Step::Spin(span))
                };
                if let Some(step) = step {
                    self.push(step);
                }
            }
        } else if let Some(c) = &r.exit {
            match eval_int(c, env, self.diags) {
                Some(code) if (0..=255).contains(&code) => self.push(Step::Exit(code as i32)),
                Some(code) => self.err(c.span(), format!("exit code {code} must be 0..=255")),
                None => {}
            }
        } else if let Some(t) = &r.terminate {
            let found = self.own_children(t, env, "terminate");
            self.no_coroutine_targets(t, &found, "terminate");
            for &i in &found {
                if self.all[i].kind == ActorKind::Thread {
                    let n = &self.all[i].name;
                    let msg =
                        format!("{n} is a thread: only processes can be terminated from outside");
                    self.err(t.span(), msg);
                }
            }
            self.push(Step::Terminate(self.names(&found)));
        } else if let Some(t) = &r.is_alive {
            let found = self.own_children(t, env, "is_alive");
            self.no_coroutine_targets(t, &found, "is_alive");
            let into = r.into.as_ref().and_then(|i| self.local_name(i));
            self.push(Step::IsAlive(self.names(&found), into));
        } else if let Some(t) = &r.each {
            let found = self.targets(t, env);
            let items = self.names(&found);
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
        } else {
            return false;
        }
        true
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
            self.unrolled += 1;
            if self.exhausted() {
                let msg =
                    format!("repeat and each unroll more than {MAX_STEPS} times in this script");
                return self.err(at, msg);
            }
            let mut inner = env.clone();
            inner.insert(var.clone(), item);
            self.steps(body, &inner);
        }
    }

    /// Substitute parameters; local variables stay as `{name}` for run time.
    pub(super) fn text(&mut self, s: &Spanned<String>, env: &Env) -> Option<String> {
        self.text_at(s.get_ref(), s.span(), env)
    }

    fn text_at(&mut self, s: &str, at: Range<usize>, env: &Env) -> Option<String> {
        let mut env = env.clone();
        for v in &self.locals {
            env.entry(v.clone()).or_insert_with(|| format!("{{{v}}}"));
        }
        for sock in &self.decls.sockets {
            let v = format!("port.{}", sock.name);
            env.entry(v.clone()).or_insert_with(|| format!("{{{v}}}"));
        }
        if self.measured {
            for v in super::steps_measure::MEASURE_PLACEHOLDERS {
                env.entry(v.into()).or_insert_with(|| format!("{{{v}}}"));
            }
        }
        substitute(s, &env).map_err(|m| self.err(at, m)).ok()
    }

    fn span_of(&mut self, s: &Spanned<String>, env: &Env) -> Option<Span> {
        let text = self.text(s, env)?;
        parse_span(&text).map_err(|m| self.err(s.span(), m)).ok()
    }
}

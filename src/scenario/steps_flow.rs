//! The verbs of data flow between actors: `loop` and `break`, queues and
//! pipes (pools are in steps_pool.rs), and the queue scope check.

use std::ops::Range;

use toml::Spanned;

use super::decls::Decls;
use super::diag::Diag;
use super::duration::parse_duration;
use super::plan::{Block, Question, Scope, Step};
use super::raw::{RawStep, Targets};
use super::steps::StepBuilder;
use super::values::{substitute, Env};
use crate::event::ActorKind;

/// One step's use of a queue, by an actor living in `process`.
pub(super) struct QueueUse {
    pub queue: String,
    pub actor: String,
    pub process: String,
    pub at: Range<usize>,
}

impl StepBuilder<'_, '_> {
    /// Build a loop, queue or pipe step, or a pool step; false when the step
    /// is of another kind (a `join` of actors among them).
    pub(super) fn flow_verb(&mut self, r: &RawStep, env: &Env, at: Range<usize>) -> bool {
        if let Some(body) = &r.loop_body {
            self.loop_body(body, env, at);
        } else if let Some(b) = &r.break_loop {
            self.break_step(b);
        } else if let Some(q) = &r.put {
            self.put(q, r, env, at);
        } else if let Some(q) = &r.get {
            let (Some(queue), Some(block)) = (self.queue(q, env), self.block(r, env)) else {
                return true;
            };
            let into = self.into(r);
            self.push(Step::Get { queue, into, block });
        } else if let Some((q, question)) = ask(r) {
            if let Some(queue) = self.queue(q, env) {
                let into = self.into(r);
                self.push(Step::Ask {
                    queue,
                    question,
                    into,
                });
            }
        } else if let Some(q) = &r.task_done {
            if let Some(queue) = self.joinable(q, env, "task_done") {
                self.push(Step::TaskDone(queue));
            }
        } else if let Some(e) = &r.send {
            self.send(e, r, env, at);
        } else if let Some(e) = &r.recv {
            if let Some(end) = self.end(e, env) {
                let into = self.into(r);
                self.push(Step::Recv { end, into });
            }
        } else if let Some(c) = &r.close {
            self.close(c, env);
        } else if let Some(t) = &r.join {
            return self.join_queue_or_pool(t, r, env);
        } else {
            return self.pool_verb(r, env, at);
        }
        true
    }

    fn loop_body(&mut self, body: &[Spanned<RawStep>], env: &Env, at: Range<usize>) {
        if body.is_empty() {
            return self.err(at, "a loop needs steps: loop = [ ... ]");
        }
        self.loops += 1;
        let steps = self.nested(body, env);
        self.loops -= 1;
        self.push(Step::Loop(steps));
    }

    fn break_step(&mut self, b: &Spanned<bool>) {
        if !*b.get_ref() {
            return self.err(b.span(), "write break = true (or leave the step out)");
        }
        if self.loops == 0 {
            let msg = "break must be inside a loop = [ ... ] (and not inside a with, whose \
                       lock it would leave held)";
            return self.err(b.span(), msg);
        }
        self.push(Step::Break);
    }

    fn put(&mut self, q: &Spanned<String>, r: &RawStep, env: &Env, at: Range<usize>) {
        if r.value.is_none() {
            return self.err(at, "put needs value = the item (an expression, or None)");
        }
        let (Some(queue), Some(block)) = (self.queue(q, env), self.block(r, env)) else {
            return;
        };
        if let Some(item) = self.expr(r.value.as_ref(), env, &at) {
            self.push(Step::Put { queue, item, block });
        }
    }

    fn send(&mut self, e: &Spanned<String>, r: &RawStep, env: &Env, at: Range<usize>) {
        if r.value.is_none() {
            return self.err(at, "send needs value = the item (an expression, or None)");
        }
        let Some(end) = self.end(e, env) else {
            return;
        };
        if let Some(item) = self.expr(r.value.as_ref(), env, &at) {
            self.push(Step::Send { end, item });
        }
    }

    /// `close` names a pipe end or a pool.
    fn close(&mut self, c: &Spanned<String>, env: &Env) {
        let Some(name) = self.name(c, env) else {
            return;
        };
        if self.decls.pipe_of_end(&name).is_some() {
            self.push(Step::CloseEnd(name));
        } else if self.decls.pool(&name).is_some() {
            if let Some(pool) = self.pool(c, env) {
                self.push(Step::ClosePool(pool));
            }
        } else {
            let msg = format!("close needs a pipe end or a pool; {name:?} is neither");
            self.err(c.span(), msg);
        }
    }

    /// `join` of a declared queue or pool; false when it names actors.
    fn join_queue_or_pool(&mut self, t: &Spanned<Targets>, r: &RawStep, env: &Env) -> bool {
        let Targets::One(raw) = t.get_ref() else {
            return false;
        };
        let Ok(name) = substitute(raw, env) else {
            return false;
        };
        let is_queue = self.decls.queue(&name).is_some();
        if !is_queue && self.decls.pool(&name).is_none() {
            return false;
        }
        if let Some(p) = &r.pick {
            self.err(
                p.span(),
                "pick goes with joining actors, not a queue or a pool",
            );
        }
        let named = Spanned::new(t.span(), raw.clone());
        if is_queue {
            if let Some(q) = self.joinable(&named, env, "join") {
                self.push(Step::JoinQueue(q));
            }
        } else if let Some(pool) = self.pool(&named, env) {
            self.push(Step::JoinPool(pool));
        }
        true
    }

    /// put/get: wait (default), `timeout = "0.5s"` or `nowait = true`.
    fn block(&mut self, r: &RawStep, env: &Env) -> Option<Block> {
        let nowait = r.nowait.as_ref().filter(|n| *n.get_ref());
        match (&r.timeout, nowait) {
            (Some(t), Some(_)) => {
                self.err(t.span(), "timeout and nowait = true do not go together");
                None
            }
            (Some(t), None) => {
                let text = self.text(t, env)?;
                let d = parse_duration(&text)
                    .map_err(|m| self.err(t.span(), m))
                    .ok()?;
                Some(Block::Timeout(d))
            }
            (None, Some(_)) => Some(Block::NoWait),
            (None, None) => Some(Block::Wait),
        }
    }

    /// `into = "x"`, when present, defines the local x.
    fn into(&mut self, r: &RawStep) -> Option<String> {
        r.into.as_ref().and_then(|i| self.local_name(i))
    }

    pub(super) fn name(&mut self, s: &Spanned<String>, env: &Env) -> Option<String> {
        substitute(s.get_ref(), env)
            .map_err(|m| self.err(s.span(), m))
            .ok()
    }

    /// A declared queue's name; the use is noted for the scope check.
    fn queue(&mut self, s: &Spanned<String>, env: &Env) -> Option<String> {
        let name = self.name(s, env)?;
        if self.decls.queue(&name).is_none() {
            let msg = format!("no queue named {name:?} is declared under [queues]");
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

    fn joinable(&mut self, s: &Spanned<String>, env: &Env, verb: &str) -> Option<String> {
        let name = self.queue(s, env)?;
        if self.decls.queue(&name).is_some_and(|q| q.joinable) {
            return Some(name);
        }
        let msg = format!(
            "{verb} needs a joinable queue (a JoinableQueue): declare {name} with joinable = true"
        );
        self.err(s.span(), msg);
        None
    }

    fn end(&mut self, s: &Spanned<String>, env: &Env) -> Option<String> {
        let name = self.name(s, env)?;
        if self.decls.pipe_of_end(&name).is_some() {
            return Some(name);
        }
        let msg = format!("no pipe has an end named {name:?} (declare ends = [...] under [pipes])");
        self.err(s.span(), msg);
        None
    }

    /// The process this actor lives in: itself, or a thread's nearest process ancestor.
    pub(super) fn my_process(&self) -> String {
        let mut cur = self.me;
        for _ in 0..self.all.len() {
            if cur.kind == ActorKind::Process {
                break;
            }
            let parent = cur.parent.as_ref();
            match parent.and_then(|p| self.all.iter().find(|i| &i.name == p)) {
                Some(p) => cur = p,
                None => break,
            }
        }
        cur.name.clone()
    }
}

/// qsize, empty or full, with the queue it asks.
fn ask(r: &RawStep) -> Option<(&Spanned<String>, Question)> {
    r.qsize
        .as_ref()
        .map(|q| (q, Question::Qsize))
        .or(r.empty.as_ref().map(|q| (q, Question::Empty)))
        .or(r.full.as_ref().map(|q| (q, Question::Full)))
}

/// A thread queue lives in one process's memory: every actor that uses it
/// must live in the same process (the first user's).
pub(super) fn check_queue_scopes(uses: &[QueueUse], decls: &Decls, diags: &mut Vec<Diag>) {
    for q in decls.queues.iter().filter(|q| q.scope == Scope::Threads) {
        let mut mine = uses.iter().filter(|u| u.queue == q.name);
        let Some(first) = mine.next() else {
            continue;
        };
        for u in mine.filter(|u| u.process != first.process) {
            let msg = format!(
                "{} is a thread queue in the memory of process {} (used by {}); {} lives in \
                 process {}: declare it with scope = \"processes\" to share it between processes",
                q.name, first.process, first.actor, u.actor, u.process
            );
            diags.push(Diag::new(u.at.clone(), msg));
        }
    }
}

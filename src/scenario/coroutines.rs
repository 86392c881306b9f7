//! Coroutine actors (`kind = "coroutine"`): tasks that their parent's OS
//! thread runs on an event loop, as `asyncio` or gevent run them. The rules a
//! file must follow for them, each reported at its FILE:LINE:COL.

use toml::Spanned;

use super::diag::Diag;
use super::plan::{Span, Step};
use super::raw::RawStep;
use super::resolve::Instance;
use super::steps::StepBuilder;
use crate::event::{Activity, ActorKind};

/// The verbs a coroutine may use: it prints, awaits sleeps (or blocks the
/// loop with `blocking = true`), computes, and works with locals and shared
/// values. Everything that starts, waits for or talks to other actors, locks,
/// queues, pipes and pools is a thread's business (a `threading.Lock` taken
/// in a task would block the whole loop).
const ALLOWED: &[&str] = &[
    "print", "sleep", "work", "spin", "each", "repeat", "read", "write", "add", "let", "if",
    "loop", "break",
];

/// Why `verb` may not be used in a coroutine's script, if it may not.
pub(super) fn refused(verb: &str) -> Option<String> {
    (!ALLOWED.contains(&verb)).then(|| {
        format!(
            "{verb} cannot be used in a coroutine: a task may {} (its parent starts and joins it)",
            ALLOWED.join(", ")
        )
    })
}

/// Check every coroutine instance's place in the tree: its parent is a
/// thread or a process (the loop's thread), and it is never a daemon.
pub(super) fn check_instances(instances: &[Instance], diags: &mut Vec<Diag>) {
    for inst in instances.iter().filter(|i| i.kind == ActorKind::Coroutine) {
        if let Some(d) = &inst.decl.daemon {
            let msg = "a coroutine cannot be a daemon: its loop runs it while its parent \
                       joins it (leave daemon out)";
            diags.push(Diag::new(d.span(), msg));
        }
        let parent = inst
            .parent
            .as_ref()
            .and_then(|p| instances.iter().find(|o| &o.name == p));
        if let (Some(p), Some(at)) = (parent, &inst.decl.parent) {
            if p.kind == ActorKind::Coroutine {
                let msg = format!(
                    "{}'s parent {} is a coroutine: a coroutine's parent must be a thread or \
                     a process, whose thread runs the event loop",
                    inst.name, p.name
                );
                diags.push(Diag::new(at.span(), msg));
            }
        }
    }
}

impl StepBuilder<'_, '_> {
    /// `sleep` with `blocking = true`: Python's `time.sleep` inside `async def`
    /// (or an unpatched call under gevent), which stops the whole loop. Only a
    /// coroutine can say it: a thread's sleep always blocks its own thread.
    pub(super) fn sleep_step(&mut self, r: &RawStep, span: Span) -> Option<Step> {
        let Some(b) = &r.blocking else {
            return Some(Step::Sleep(span));
        };
        if self.me.kind != ActorKind::Coroutine {
            let msg = format!(
                "blocking = true is for a coroutine's sleep ({} is a {}: its sleep always \
                 blocks its own thread)",
                self.me.name,
                kind_word(self.me.kind)
            );
            self.err(b.span(), msg);
            return None;
        }
        Some(match b.get_ref() {
            true => Step::BlockingSleep(span),
            false => Step::Sleep(span),
        })
    }

    /// `terminate` and `is_alive` name processes (and `is_alive` threads); a
    /// task is neither.
    pub(super) fn no_coroutine_targets<T>(&mut self, t: &Spanned<T>, found: &[usize], verb: &str) {
        for &i in found {
            if self.all[i].kind == ActorKind::Coroutine {
                let msg = format!(
                    "{} is a coroutine: {verb} names a process or a thread (a task ends when \
                     its parent's join has run it to its end)",
                    self.all[i].name
                );
                self.err(t.span(), msg);
            }
        }
    }
}

/// `process`, `thread` or `coroutine`, as a message says it.
pub(super) fn kind_word(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Process => "process",
        ActorKind::Thread => "thread",
        ActorKind::Coroutine => "coroutine",
    }
}

/// The words of a blocking sleep, for `Step::info`.
pub(super) fn blocking_info(s: &Span) -> (&'static str, Activity, String) {
    let d = super::plan::describe_span(s);
    (
        "sleep",
        Activity::Sleeping,
        format!("time.sleep {d} (blocks the loop)"),
    )
}

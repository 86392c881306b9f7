//! The step vocabulary as a table: each verb, the options that go with it,
//! and which verbs only an actor's own script may use.

use super::raw::RawStep;

/// Where a script runs, which decides the verbs it may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ctx {
    /// An actor's own script: every verb.
    Actor,
    /// A pool's task script, run by a worker; `arg` is defined.
    Task,
    /// A callback, run on a pool's result thread; `result` and `task` are defined.
    Callback,
    /// A coroutine's script, run by its parent's event loop (coroutines.rs).
    Coroutine,
}

/// Each verb, and the options that may go with it.
pub(super) const VERBS: &[(&str, &[&str])] = &[
    ("start", &[]),
    ("join", &["pick", "timeout"]),
    ("print", &[]),
    ("sleep", &["blocking"]),
    ("work", &[]),
    ("spin", &[]),
    ("exit", &[]),
    ("terminate", &[]),
    ("is_alive", &["into"]),
    ("each", &["as", "do"]),
    ("repeat", &["as", "do"]),
    ("acquire", &["timeout", "blocking", "into"]),
    ("release", &[]),
    ("with", &["do"]),
    ("wait", &["timeout", "into"]),
    ("set", &[]),
    ("clear", &[]),
    ("read", &["into"]),
    ("write", &["value"]),
    ("add", &["value"]),
    ("let", &["value"]),
    ("if", &["then", "else"]),
    ("loop", &[]),
    ("break", &[]),
    ("put", &["value", "timeout", "nowait"]),
    ("get", &["into", "timeout", "nowait"]),
    ("qsize", &["into"]),
    ("empty", &["into"]),
    ("full", &["into"]),
    ("task_done", &[]),
    ("send", &["value", "text", "framed", "into"]),
    ("recv", &["into", "size", "framed", "timeout"]),
    ("close", &[]),
    ("create", &[]),
    ("apply", &["arg", "into"]),
    ("apply_async", &["arg", "as", "callback"]),
    ("submit", &["arg", "as", "callback"]),
    ("map", &["range"]),
    ("result", &["into"]),
    ("measure", &["row", "column", "do"]),
    ("schedule", &[]),
    ("notify", &["n"]),
    ("notify_all", &[]),
    ("wait_for", &["until", "timeout", "into"]),
    ("abort", &[]),
    ("reset", &[]),
    ("timer", &["after"]),
    ("cancel", &[]),
    ("listen", &[]),
    ("accept", &["as", "timeout", "into"]),
    ("connect", &["as", "timeout", "into"]),
    ("sendall", &["text", "framed", "into"]),
    ("shutdown", &["how"]),
];

/// Verbs that start, end or talk to other actors, queues, pipes and pools:
/// a pool task or a callback may not use them.
const ACTOR_ONLY: &[&str] = &[
    "start",
    "join",
    "exit",
    "terminate",
    "is_alive",
    "put",
    "get",
    "qsize",
    "empty",
    "full",
    "task_done",
    "send",
    "recv",
    "close",
    "create",
    "apply",
    "apply_async",
    "submit",
    "map",
    "result",
    "schedule",
    "timer",
    "cancel",
];

/// The verbs a step may use, in table order.
pub(super) fn verb_names() -> impl Iterator<Item = &'static str> {
    VERBS.iter().map(|(v, _)| *v)
}

/// The options that may go with `verb`.
pub(super) fn options(verb: &str) -> &'static [&'static str] {
    VERBS
        .iter()
        .find(|(v, _)| *v == verb)
        .map_or(&[], |(_, o)| *o)
}

pub(super) fn is_verb(key: &str) -> bool {
    VERBS.iter().any(|(v, _)| *v == key)
}

/// Why `verb` may not be used in `ctx`, if it may not.
pub(super) fn refused(verb: &str, ctx: Ctx) -> Option<String> {
    let place = match ctx {
        Ctx::Actor => return None,
        Ctx::Task => "a pool task",
        Ctx::Callback => "a callback",
        Ctx::Coroutine => return super::coroutines::refused(verb),
    };
    ACTOR_ONLY.contains(&verb).then(|| {
        format!(
            "{verb} cannot be used in {place}: it may print, sleep, work, let, if, loop \
             and use locks and values"
        )
    })
}

/// The keys present in a raw step, verbs and options alike.
pub(super) fn present(r: &RawStep) -> Vec<&'static str> {
    [
        ("start", r.start.is_some()),
        ("join", r.join.is_some()),
        ("print", r.print.is_some()),
        ("sleep", r.sleep.is_some()),
        ("work", r.work.is_some()),
        ("spin", r.spin.is_some()),
        ("exit", r.exit.is_some()),
        ("terminate", r.terminate.is_some()),
        ("is_alive", r.is_alive.is_some()),
        ("each", r.each.is_some()),
        ("repeat", r.repeat.is_some()),
        ("acquire", r.acquire.is_some()),
        ("release", r.release.is_some()),
        ("with", r.with.is_some()),
        ("wait", r.wait.is_some()),
        ("set", r.set.is_some()),
        ("clear", r.clear.is_some()),
        ("read", r.read.is_some()),
        ("write", r.write.is_some()),
        ("add", r.add.is_some()),
        ("let", r.let_var.is_some()),
        ("if", r.if_cond.is_some()),
        ("loop", r.loop_body.is_some()),
        ("break", r.break_loop.is_some()),
        ("put", r.put.is_some()),
        ("get", r.get.is_some()),
        ("qsize", r.qsize.is_some()),
        ("empty", r.empty.is_some()),
        ("full", r.full.is_some()),
        ("task_done", r.task_done.is_some()),
        ("send", r.send.is_some()),
        ("recv", r.recv.is_some()),
        ("close", r.close.is_some()),
        ("create", r.create.is_some()),
        ("apply", r.apply.is_some()),
        ("apply_async", r.apply_async.is_some()),
        ("submit", r.submit.is_some()),
        ("map", r.map.is_some()),
        ("result", r.result.is_some()),
        ("schedule", r.schedule.is_some()),
        ("timer", r.timer.is_some()),
        ("cancel", r.cancel.is_some()),
        ("listen", r.listen.is_some()),
        ("accept", r.accept.is_some()),
        ("connect", r.connect.is_some()),
        ("sendall", r.sendall.is_some()),
        ("shutdown", r.shutdown.is_some()),
        ("pick", r.pick.is_some()),
        ("as", r.as_name.is_some()),
        ("do", r.body.is_some()),
        ("into", r.into.is_some()),
        ("value", r.value.is_some()),
        ("then", r.then.is_some()),
        ("else", r.otherwise.is_some()),
        ("timeout", r.timeout.is_some()),
        ("nowait", r.nowait.is_some()),
        ("blocking", r.blocking.is_some()),
        ("after", r.after.is_some()),
        ("arg", r.arg.is_some()),
        ("callback", r.callback.is_some()),
        ("range", r.range.is_some()),
        ("measure", r.measure.is_some()),
        ("row", r.row.is_some()),
        ("column", r.column.is_some()),
        ("notify", r.notify.is_some()),
        ("n", r.n.is_some()),
        ("notify_all", r.notify_all.is_some()),
        ("wait_for", r.wait_for.is_some()),
        ("until", r.until.is_some()),
        ("abort", r.abort.is_some()),
        ("reset", r.reset.is_some()),
        ("text", r.text.is_some()),
        ("size", r.size.is_some()),
        ("framed", r.framed.is_some()),
        ("how", r.how.is_some()),
    ]
    .into_iter()
    .filter_map(|(k, p)| p.then_some(k))
    .collect()
}

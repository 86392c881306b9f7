//! Waits with a timeout and `threading.Timer` in a script:
//! `acquire(timeout=…)` / `acquire(blocking=False)`, `Event.wait(timeout)`,
//! `join(timeout)`, `{ timer = "alarm", after = "2s" }` and `{ cancel = "alarm" }`.

use std::ops::Range;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::duration::parse_duration;
use super::plan::{describe_span, Block, Span, Step};
use super::raw::{RawStep, Targets};
use super::steps::StepBuilder;
use super::values::Env;
use crate::event::{Activity, ActorKind};

/// One timed step (a `Step::Timed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timed {
    /// lock.acquire(timeout=…) (`Block::Timeout`), acquire(blocking=False)
    /// (`Block::NoWait`) or acquire() kept in a local; True is 1.
    Acquire {
        lock: String,
        block: Block,
        into: Option<String>,
    },
    /// event.wait(timeout): 1 when the event was set in time, else 0.
    Wait {
        event: String,
        timeout: Option<Duration>,
        into: Option<String>,
    },
    /// join(timeout) of each target in turn: it returns when the target ended
    /// or when the time is up (the target still alive).
    Join {
        targets: Vec<String>,
        timeout: Duration,
    },
    /// threading.Timer(after, fn).start(): the thread actor `target` starts
    /// now and runs its script once `after` has passed, unless cancelled.
    Timer { target: String, after: Duration },
    /// timer.cancel().
    Cancel { target: String },
    /// A timer thread's own wait before its script (put there by the runtime).
    Fire { after: Duration },
}

fn secs(d: &Duration) -> String {
    describe_span(&Span::Fixed(*d))
}

impl Timed {
    /// The verb, its kind of activity and the step in words.
    pub(super) fn info(&self) -> (&'static str, Activity, String) {
        match self {
            Timed::Acquire { lock, block, .. } => (
                match block {
                    Block::Wait => "acquire",
                    _ => crate::model::waitfor::TIMED_ACQUIRE,
                },
                Activity::Blocked,
                format!("acquire {lock}{}", block.suffix()),
            ),
            Timed::Wait { event, timeout, .. } => {
                let t = timeout.map_or(String::new(), |d| format!(" (timeout {})", secs(&d)));
                ("wait", Activity::Blocked, format!("wait {event}{t}"))
            }
            Timed::Join { targets, timeout } => (
                "join",
                Activity::Waiting,
                format!("join {} (timeout {})", targets.join(", "), secs(timeout)),
            ),
            Timed::Timer { target, after } => (
                "timer",
                Activity::Running,
                format!("start timer {target} ({})", secs(after)),
            ),
            Timed::Cancel { target } => ("cancel", Activity::Running, format!("{target}.cancel()")),
            Timed::Fire { after } => (
                "fire",
                Activity::Sleeping,
                format!("timer: wait {}, then run", secs(after)),
            ),
        }
    }
}

/// Why `key` does not go with `verb`, when it is a timeout where Python has none.
pub(super) fn no_timeout_here(key: &str, verb: &str) -> &'static str {
    match key {
        "timeout" if verb != "with" => {
            ": in Python only acquire, wait, join, get and put take a timeout"
        }
        "timeout" => ": `with lock:` cannot time out; use acquire with timeout and release",
        _ => "",
    }
}

impl StepBuilder<'_, '_> {
    /// A step with a timeout or a timer's; false when the step is another kind.
    pub(super) fn timed_verb(&mut self, r: &RawStep, env: &Env, at: Range<usize>) -> bool {
        let step = if let Some(t) = &r.timer {
            self.timer(t, r.after.as_ref(), env, at)
        } else if let Some(t) = &r.cancel {
            self.cancel(t, env)
        } else if let Some(l) = r
            .acquire
            .as_ref()
            .filter(|_| r.timeout.is_some() || r.blocking.is_some() || r.into.is_some())
        {
            self.timed_acquire(l, r, env)
        } else if let Some(e) = r
            .wait
            .as_ref()
            .filter(|_| r.timeout.is_some() || r.into.is_some())
        {
            self.timed_wait(e, r, env)
        } else if let (Some(t), Some(timeout)) = (&r.join, &r.timeout) {
            if let Some(p) = &r.pick {
                self.err(
                    p.span(),
                    "pick and timeout do not go together: join one at a time",
                );
            }
            let found = self.own_children(t, env, "join");
            let targets = self.names(&found);
            self.timeout(timeout, env)
                .map(|timeout| Timed::Join { targets, timeout })
        } else {
            return false;
        };
        if let Some(s) = step {
            self.push(Step::Timed(s));
        }
        true
    }

    /// A timeout: a duration, checked (not negative, not absurd).
    pub(super) fn timeout(&mut self, t: &Spanned<String>, env: &Env) -> Option<Duration> {
        let text = self.text(t, env)?;
        parse_duration(&text)
            .map_err(|m| self.err(t.span(), format!("timeout: {m}")))
            .ok()
    }

    fn timed_wait(&mut self, e: &Spanned<String>, r: &RawStep, env: &Env) -> Option<Timed> {
        let event = self.lock(e, env, true);
        let timeout = match &r.timeout {
            Some(t) => Some(self.timeout(t, env)?),
            None => None,
        };
        let into = r.into.as_ref().and_then(|i| self.local_name(i));
        Some(Timed::Wait {
            event: event?,
            timeout,
            into,
        })
    }

    fn timed_acquire(&mut self, l: &Spanned<String>, r: &RawStep, env: &Env) -> Option<Timed> {
        let lock = self.lock(l, env, false);
        let blocking = r.blocking.as_ref().is_none_or(|b| *b.get_ref());
        let block = match (&r.timeout, blocking) {
            (Some(t), false) => {
                let msg = "timeout and blocking = false do not go together \
                           (ValueError in Python: can't specify a timeout for a non-blocking call)";
                self.err(t.span(), msg);
                return None;
            }
            (Some(t), true) => Block::Timeout(self.timeout(t, env)?),
            (None, false) => Block::NoWait,
            (None, true) => Block::Wait,
        };
        let into = r.into.as_ref().and_then(|i| self.local_name(i));
        Some(Timed::Acquire {
            lock: lock?,
            block,
            into,
        })
    }

    fn timer(
        &mut self,
        t: &Spanned<Targets>,
        after: Option<&Spanned<String>>,
        env: &Env,
        at: Range<usize>,
    ) -> Option<Timed> {
        let found = self.own_children(t, env, "start a timer for");
        // Known as a timer even when this step is wrong: no second error at its cancel.
        if let [one] = found.as_slice() {
            self.timers.insert(self.all[*one].name.clone());
        }
        let Some(after) = after else {
            self.err(
                at,
                "timer needs after = \"2s\" (threading.Timer's interval)",
            );
            return None;
        };
        let text = self.text(after, env)?;
        let after = parse_duration(&text)
            .map_err(|m| self.err(after.span(), format!("after: {m}")))
            .ok()?;
        let [one] = found.as_slice() else {
            if !found.is_empty() {
                self.err(t.span(), "a timer step names one thread actor");
            }
            return None;
        };
        if self.all[*one].kind == ActorKind::Process {
            let msg = format!(
                "{} is a process: threading.Timer runs its function in a thread",
                self.all[*one].name
            );
            self.err(t.span(), msg);
            return None;
        }
        self.count_starts(t, &found);
        let target = self.all[*one].name.clone();
        Some(Timed::Timer { target, after })
    }

    fn cancel(&mut self, t: &Spanned<Targets>, env: &Env) -> Option<Timed> {
        let items = t.get_ref().items();
        let [name] = items.as_slice() else {
            self.err(t.span(), "cancel names one timer");
            return None;
        };
        let name = self.name(&Spanned::new(t.span(), name.clone()), env)?;
        if !self.timers.contains(&name) {
            let known: Vec<&str> = self.timers.iter().map(String::as_str).collect();
            let known = if known.is_empty() {
                "none so far".to_string()
            } else {
                known.join(", ")
            };
            let msg = format!(
                "no timer named {name:?}: cancel names a thread this actor started earlier with \
                 timer = \"NAME\", after = \"2s\" (timers: {known})"
            );
            self.err(t.span(), msg);
            return None;
        }
        Some(Timed::Cancel { target: name })
    }
}

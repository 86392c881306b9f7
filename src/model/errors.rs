//! Failed steps counted per actor, torn reads apart: a reader that caught a
//! file half-written is the lesson, not a bug in the scenario.

use std::collections::BTreeMap;

/// How the runtime words a torn read (the start of an `error` event's text).
pub const TORN_READ: &str = "torn read";

/// One actor's failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActorErrors {
    /// Every `error` event, torn reads included.
    pub errors: u32,
    pub torn_reads: u32,
}

/// Failures by actor name.
#[derive(Debug, Clone, Default)]
pub struct Errors {
    by_actor: BTreeMap<String, ActorErrors>,
}

impl Errors {
    /// Count an `error` event.
    pub fn note(&mut self, actor: &str, text: &str) {
        let e = self.by_actor.entry(actor.to_string()).or_default();
        e.errors += 1;
        if text.starts_with(TORN_READ) {
            e.torn_reads += 1;
        }
    }

    /// One actor's failures (none if it never failed).
    pub fn of(&self, actor: &str) -> ActorErrors {
        self.by_actor.get(actor).copied().unwrap_or_default()
    }

    /// Torn reads over all actors.
    pub fn torn_reads(&self) -> u32 {
        self.by_actor.values().map(|e| e.torn_reads).sum()
    }

    /// Actors with at least one error, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, ActorErrors)> {
        self.by_actor.iter().map(|(a, e)| (a.as_str(), *e))
    }
}

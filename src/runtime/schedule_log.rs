//! A run's schedule, read off its events: the actors of its `granted` events
//! in order, and the host's complaint when a `--schedule` entry could not be taken.

use crate::event::{Event, EventKind};

/// The prefix of the host's error for a schedule entry that cannot be taken.
pub const SCHEDULE_ERROR: &str = "--schedule position ";

#[derive(Debug, Default, Clone)]
pub struct ScheduleLog {
    pub turns: Vec<String>,
    /// The `enabled` list of each turn.
    pub enabled: Vec<Vec<String>>,
    error: Option<String>,
}

impl ScheduleLog {
    pub fn note(&mut self, e: &Event) {
        match &e.kind {
            EventKind::Granted { enabled, .. } => {
                self.turns.push(e.actor.clone());
                self.enabled.push(enabled.clone());
            }
            EventKind::Error { text } if e.actor == "host" && text.starts_with(SCHEDULE_ERROR) => {
                self.error = Some(text.clone());
            }
            _ => {}
        }
    }

    /// `schedule: a,b,a,...`, when any turn was granted.
    pub fn line(&self) -> Option<String> {
        (!self.turns.is_empty()).then(|| format!("schedule: {}", self.turns.join(",")))
    }

    /// Why the schedule could not be followed, naming its position.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

//! The schedule a stepped run has played so far, read from its events: the
//! actor of each `granted` event, in order. The host grants turns only while
//! actors are gated (step mode, a schedule and its fixed tail), so nothing
//! else needs telling apart. This is what `--schedule` replays, and what
//! undo cuts.

use crate::event::{Event, EventKind};

/// The granted turns, in order.
#[derive(Debug, Clone, Default)]
pub struct StepLog {
    pub schedule: Vec<String>,
}

impl StepLog {
    /// Note one event; true when it granted a turn.
    pub fn apply(&mut self, e: &Event) -> bool {
        let granted = matches!(e.kind, EventKind::Granted { .. });
        if granted {
            self.schedule.push(e.actor.clone());
        }
        granted
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Activity;

    fn ev(actor: &str, kind: EventKind) -> Event {
        Event::new(1, actor, 1, kind)
    }

    fn granted(actor: &str, turn: u32) -> Event {
        let kind = EventKind::Granted {
            turn,
            enabled: vec!["t0".into(), "t1".into()],
        };
        Event::new(1, actor, 1, kind)
    }

    #[test]
    fn the_schedule_is_the_actors_of_the_granted_events() {
        let mut log = StepLog::default();
        let step = EventKind::Step {
            index: 0,
            op: "x".into(),
            text: "x".into(),
            activity: Activity::Running,
            line: None,
            targets: None,
        };
        let held = EventKind::Held {
            index: 0,
            text: "x".into(),
        };
        assert!(!log.apply(&ev("main", step.clone())));
        assert!(!log.apply(&ev("t0", held.clone())));
        assert!(log.apply(&granted("t1", 1)));
        log.apply(&ev("t1", step.clone()));
        log.apply(&ev("t1", step.clone()));
        assert!(log.apply(&granted("t0", 2)));
        log.apply(&ev("t0", step));
        log.apply(&ev("t0", held));
        assert_eq!(log.schedule, ["t1", "t0"], "a step without a grant is free");
    }
}

//! The run as it stood at the time cursor: the model at that moment, from the
//! store's checkpoint before it and the few events after (`crate::store`), so
//! the locks, values, queues, pools, wait-for graph, checks and outcome line
//! show then, not now. Rebuilt only when the cursor moves.

use crate::event::Event;
use crate::model::Model;
use crate::store::Store;

#[derive(Debug, Clone, Default)]
pub struct Past {
    /// The events so far, small, with checkpoints of the model.
    store: Store,
    /// The model at one cursor time, kept until the cursor moves.
    at: Option<(u64, Model)>,
}

impl Past {
    /// Keep `e`; `before` is the model it is about to be folded into.
    pub fn record(&mut self, before: &Model, e: &Event) {
        self.store.record(before, e);
    }

    /// Build the model at `t_us` (None, following live: keep nothing).
    pub fn seek(&mut self, t_us: Option<u64>) {
        let Some(t) = t_us else {
            self.at = None;
            return;
        };
        if self.at.as_ref().is_some_and(|(at, _)| *at == t) {
            return;
        }
        self.at = Some((t, self.store.model_at(t)));
    }
    /// The model at `t_us`, if it has been built for exactly that time.
    pub fn model_at(&self, t_us: Option<u64>) -> Option<&Model> {
        let t = t_us?;
        self.at.as_ref().filter(|(at, _)| *at == t).map(|(_, m)| m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::EventKind;

    fn print(t_us: u64, text: &str) -> Event {
        Event {
            t_us,
            actor: "main".into(),
            pid: 1,
            tid: None,
            kind: EventKind::Print { text: text.into() },
        }
    }

    #[test]
    fn the_past_holds_only_what_had_happened() {
        let mut model = Model::default();
        let mut past = Past::default();
        for e in [print(10, "one"), print(20, "two"), print(30, "three")] {
            past.record(&model, &e);
            model.apply(&e);
        }
        assert!(past.model_at(Some(25)).is_none(), "not built yet");
        past.seek(Some(25));
        let then = past.model_at(Some(25)).expect("built");
        assert_eq!(then.events_seen, 2);
        assert_eq!(model.events_seen, 3);
        assert!(past.model_at(Some(26)).is_none(), "built for 25 only");
        past.seek(None);
        assert!(past.model_at(Some(25)).is_none());
    }
}

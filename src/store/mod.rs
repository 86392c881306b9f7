//! The run's events kept for the time cursor, small, with checkpoints: the
//! model as it stood every `every` events (a cheap clone: the model's
//! histories are shared, see `model::history`). The model at a time is the
//! checkpoint before it plus at most a block or two of events replayed, not
//! a fold from the first event.

pub mod codec;
pub mod sample;

use crate::event::Event;
use crate::model::Model;
use codec::{Codec, Pos};

/// Events between checkpoints: replaying half as many (a seek's mean) costs
/// about 3 ms at 1 M events; a checkpoint (its clone and the copies the
/// live model makes after it) costs about 10 B per event of its block.
pub const EVERY: usize = 4096;

#[derive(Debug, Clone)]
struct Checkpoint {
    /// Where its block's first event starts.
    pos: Pos,
    /// The latest `t_us` among the events before it (0 for the first).
    max_t_before: u64,
    /// The model before its block's first event.
    model: Model,
}

#[derive(Debug, Clone)]
pub struct Store {
    every: usize,
    codec: Codec,
    checkpoints: Vec<Checkpoint>,
    /// The earliest `t_us` in each block (events may arrive a little out of
    /// time order, so a block can hold events from before its checkpoint).
    block_min_t: Vec<u64>,
    max_t: u64,
}

impl Default for Store {
    fn default() -> Self {
        Store::with_every(EVERY)
    }
}

impl Store {
    /// A store with a checkpoint every `every` events.
    pub fn with_every(every: usize) -> Self {
        Store {
            every: every.max(1),
            codec: Codec::default(),
            checkpoints: Vec::new(),
            block_min_t: Vec::new(),
            max_t: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.codec.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codec.is_empty()
    }

    /// Keep `e`; `before` is the model it is about to be folded into.
    pub fn record(&mut self, before: &Model, e: &Event) {
        if self.codec.len().is_multiple_of(self.every) {
            self.checkpoints.push(Checkpoint {
                pos: self.codec.end(),
                max_t_before: self.max_t,
                model: before.clone(),
            });
            self.block_min_t.push(u64::MAX);
        }
        let min = self.block_min_t.last_mut().expect("a block");
        *min = (*min).min(e.t_us);
        self.max_t = self.max_t.max(e.t_us);
        self.codec.push(e);
    }

    /// The model with every event up to `t_us` folded in, in arrival order.
    pub fn model_at(&self, t_us: u64) -> Model {
        // The last checkpoint with no later event before it.
        let first = self
            .checkpoints
            .partition_point(|c| c.max_t_before <= t_us)
            .saturating_sub(1);
        let Some(checkpoint) = self.checkpoints.get(first) else {
            return Model::default();
        };
        // The blocks after `last` hold nothing up to `t_us`.
        let last = self
            .block_min_t
            .iter()
            .rposition(|&min| min <= t_us)
            .unwrap_or(first)
            .max(first);
        let mut model = checkpoint.model.clone();
        let mut pos = checkpoint.pos;
        let end = ((last + 1) * self.every).min(self.codec.len());
        for _ in first * self.every..end {
            let (t, next) = self.codec.time_at(pos);
            if t <= t_us {
                model.apply(&self.codec.decode(pos).0);
            }
            pos = next;
        }
        model
    }

    /// Every event, decoded, in arrival order (for tests and export).
    pub fn events(&self) -> impl Iterator<Item = Event> + '_ {
        let mut pos = self.checkpoints.first().map(|c| c.pos).unwrap_or_default();
        (0..self.codec.len()).map(move |_| {
            let (e, next) = self.codec.decode(pos);
            pos = next;
            e
        })
    }
}

#[cfg(test)]
mod tests;

//! The interpreter's `measure` blocks: time the steps between the two marks
//! (scenario time, as `{elapsed}`), tell `measured`, and keep the result
//! for `{seconds}` and `{ratio}`.

use std::collections::BTreeMap;

use super::actor::Actor;
use crate::event::EventKind;
use crate::scenario::tables::{Cell, Measure};

/// One actor's timed blocks.
#[derive(Debug, Default)]
pub(super) struct Stopwatch {
    /// Blocks begun and not yet ended: when each began.
    running: BTreeMap<Cell, f64>,
    /// Every cell this actor measured, for the ratios.
    done: BTreeMap<Cell, f64>,
    /// The latest measure: its seconds and its ratio to the baseline, if known.
    last: Option<(f64, Option<f64>)>,
}

impl Actor {
    pub(super) fn measure(&mut self, m: &Measure) {
        let now = self.proc.control.scenario_secs();
        match m {
            Measure::Begin(c) => {
                self.watch.running.insert(c.clone(), now);
            }
            Measure::End(c) => {
                let Some(began) = self.watch.running.remove(c) else {
                    return;
                };
                let seconds = ((now - began).max(0.0) * 1000.0).round() / 1000.0;
                self.watch.done.insert(c.clone(), seconds);
                let ratio = self.baseline_of(c).map(|b| seconds / b);
                self.watch.last = Some((seconds, ratio));
                self.say(EventKind::Measured {
                    table: c.table.clone(),
                    row: c.row.clone(),
                    column: c.column.clone(),
                    seconds,
                });
            }
        }
    }

    /// The time this actor measured in the baseline row of `c`'s column.
    fn baseline_of(&self, c: &Cell) -> Option<f64> {
        let table = self.proc.plan.tables.iter().find(|t| t.name == c.table)?;
        let base = Cell {
            row: table.baseline.clone()?,
            ..c.clone()
        };
        self.watch.done.get(&base).copied().filter(|b| *b > 0.0)
    }

    /// `{seconds}` and `{ratio}` in a print: the latest measure, one decimal
    /// each (as Python's `f"{t:.1f}"`); `?` when not known.
    pub(super) fn fill_measure(&self, text: String) -> String {
        if !text.contains("{seconds}") && !text.contains("{ratio}") {
            return text;
        }
        let (secs, ratio) = self.watch.last.unwrap_or((f64::NAN, None));
        let one = |x: Option<f64>| {
            x.filter(|x| x.is_finite())
                .map_or("?".into(), |x| format!("{x:.1}"))
        };
        text.replace("{seconds}", &one(Some(secs)))
            .replace("{ratio}", &one(ratio))
    }
}

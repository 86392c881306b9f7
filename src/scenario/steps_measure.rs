//! The `measure` step: time a block of steps into a cell of a declared table.

use std::ops::Range;

use super::plan::Step;
use super::raw::RawStep;
use super::steps::StepBuilder;
use super::tables::{cell, Measure};
use super::values::{substitute, Env};

/// Print placeholders a `measure` step gives the steps after it: the time
/// it measured (one decimal) and its ratio to the baseline row's time.
pub const MEASURE_PLACEHOLDERS: [&str; 2] = ["seconds", "ratio"];

impl StepBuilder<'_, '_> {
    /// `{ measure = "TABLE", row = "R", column = "C", do = [ ... ] }`; false
    /// when the step is of another kind.
    pub(super) fn measure_verb(&mut self, r: &RawStep, env: &Env, at: Range<usize>) -> bool {
        let Some(t) = &r.measure else {
            return false;
        };
        // Even a wrong one: its prints are not to be reported as well.
        self.measured = true;
        let texts = [Some(t), r.row.as_ref(), r.column.as_ref()];
        let mut got: Vec<Option<(String, Range<usize>)>> = Vec::new();
        for s in texts {
            match s.map(|s| (substitute(s.get_ref(), env), s.span())) {
                None => got.push(None),
                Some((Ok(v), sp)) => got.push(Some((v, sp))),
                Some((Err(m), sp)) => {
                    self.err(sp, m);
                    return true;
                }
            }
        }
        let [Some((table, table_at)), row, column] = <[_; 3]>::try_from(got).expect("three") else {
            return true;
        };
        let c = match cell(&self.decls.tables, &table, part(&row), part(&column)) {
            Ok(c) => c,
            Err((at, msg)) => {
                self.err(at.unwrap_or(table_at), msg);
                return true;
            }
        };
        let Some(body) = &r.body else {
            self.err(
                at,
                "measure needs a do = [ ... ] list of the steps it times",
            );
            return true;
        };
        self.push(Step::Measure(Measure::Begin(c.clone())));
        // A break would leave the block unmeasured: no loop reaches inside it.
        let loops = std::mem::replace(&mut self.loops, 0);
        self.steps(body, env);
        self.loops = loops;
        self.push(Step::Measure(Measure::End(c)));
        true
    }
}

fn part(p: &Option<(String, Range<usize>)>) -> Option<(&str, Range<usize>)> {
    p.as_ref().map(|(v, s)| (v.as_str(), s.clone()))
}

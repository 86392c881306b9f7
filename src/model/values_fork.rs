//! A child made by a real fork starts with a copy of its parent's memory:
//! its copy of each global begins at the parent's value at that moment, not
//! at the initial value (scenario `start_method = "fork"`).

use super::{ValueCopy, Values};
use crate::scenario::plan::ActorSpec;
use crate::scenario::start_method::StartMethod;

impl Values {
    /// Remember which actors are started by fork.
    pub fn declare_forked(&mut self, actors: &[ActorSpec]) {
        self.forked = actors
            .iter()
            .filter(|a| a.start_method == Some(StartMethod::Fork))
            .map(|a| a.name.clone())
            .collect();
    }

    /// `actor` (process `pid`) was just started by its parent in process
    /// `parent_pid`: a forked one's copies begin as the parent's are now.
    pub fn spawned(&mut self, actor: &str, pid: i32, parent_pid: i32) {
        if !self.forked.contains(actor) {
            return;
        }
        for v in self.list.iter_mut().filter(|v| v.per_process) {
            let from = v.copies.iter().find(|c| c.pid == Some(parent_pid));
            let Some(start) = from.and_then(ValueCopy::current).or(v.initial) else {
                continue;
            };
            if !v.copies.iter().any(|c| c.pid == Some(pid)) {
                v.copies.push(ValueCopy {
                    pid: Some(pid),
                    start: Some(start),
                    ..ValueCopy::default()
                });
            }
        }
    }
}

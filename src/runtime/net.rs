//! The interpreter's socket steps (scenario/plan_net.rs).

use super::actor::{Actor, Flow};
use crate::scenario::plan_net::NetStep;

impl Actor {
    /// Take a socket step.
    pub(super) fn exec_net(&mut self, step: &NetStep) -> Flow {
        let _ = step;
        self.error("sockets: not yet (the runtime comes in the next commit)".into());
        Flow::Next
    }
}

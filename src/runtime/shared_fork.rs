//! What a forked child inherits of its parent's shared objects: the globals,
//! as its parent's memory held them at fork time.

use std::collections::HashMap;

use super::Shared;

impl Shared {
    /// Every global's value now (taken in the parent just before fork).
    pub fn globals_now(&self) -> HashMap<String, i64> {
        self.globals.lock().unwrap().clone()
    }

    /// Start from these values (in the forked child, before any step runs).
    pub fn set_globals(&self, values: &HashMap<String, i64>) {
        let mut g = self.globals.lock().unwrap();
        for (k, v) in values {
            if let Some(slot) = g.get_mut(k) {
                *slot = *v;
            }
        }
    }
}

//! Targets of `start`, `join`, `terminate`, `is_alive` and `each`: names or
//! `prefix*` patterns, expanded against the actor instances as indices (so
//! that checking each one is a lookup, not a search: linear in the actors).

use toml::Spanned;

use super::raw::Targets;
use super::steps::StepBuilder;
use super::values::{substitute, Env};

impl StepBuilder<'_, '_> {
    /// The instances' names, in order.
    pub(super) fn names(&self, found: &[usize]) -> Vec<String> {
        found.iter().map(|&i| self.all[i].name.clone()).collect()
    }

    /// Names or `prefix*` patterns, expanded against every instance.
    pub(super) fn targets(&mut self, t: &Spanned<Targets>, env: &Env) -> Vec<usize> {
        let mut found = Vec::new();
        for pattern in t.get_ref().items() {
            let Ok(p) = substitute(&pattern, env).map_err(|m| self.err(t.span(), m)) else {
                continue;
            };
            let matches = |name: &str| match p.strip_suffix('*') {
                Some(prefix) => name.starts_with(prefix),
                None => name == p,
            };
            let before = found.len();
            found.extend((0..self.all.len()).filter(|&i| matches(&self.all[i].name)));
            if let Some(pool) = self.decls.pool_of_actor(&p) {
                let msg = format!(
                    "{p} belongs to pool {pool}: the pool starts and ends it, a script cannot \
                     name it"
                );
                self.err(t.span(), msg);
            } else if found.len() == before {
                self.err(t.span(), format!("no actor matches {p:?}"));
            }
        }
        found
    }

    /// Targets that must be this actor's own children (only a parent holds the handle).
    pub(super) fn own_children(
        &mut self,
        t: &Spanned<Targets>,
        env: &Env,
        verb: &str,
    ) -> Vec<usize> {
        let found = self.targets(t, env);
        for &i in &found {
            let parent = self.all[i].parent.clone();
            if parent.as_deref() != Some(self.me.name.as_str()) {
                let owner = parent.unwrap_or_else(|| "the host".into());
                let msg = format!(
                    "{} cannot {verb} {}: only its parent ({owner}) can",
                    self.me.name, self.all[i].name
                );
                self.err(t.span(), msg);
            }
        }
        found
    }
}

//! Size limits checked right after the TOML is read, before anything is
//! expanded or resolved, in time linear in the file: a huge or deep file is
//! refused at once instead of taking minutes and gigabytes.

use std::ops::Range;

use toml::Spanned;

use super::diag::Diag;
use super::plan::Plan;
use super::raw::{RawScenario, RawStep};

/// Steps written in the whole file (every script, variant, task, callback).
pub const MAX_WRITTEN_STEPS: usize = 20_000;
/// How deep `do`, `loop`, `then`, `else` and `callback` lists may nest. A
/// plan carries them as nested JSON; with expressions of depth 32 inside,
/// 12 levels stay well below serde_json's recursion limit of 128.
pub const MAX_NESTING: usize = 12;
/// Variants, checks, pages, parameters, and each kind of declaration.
pub const MAX_VARIANTS: usize = 16;
pub const MAX_CHECKS: usize = 256;
pub const MAX_PAGES: usize = 128;
pub const MAX_DECLS: usize = 256;
/// `[[actors]]` written in the file: a group (`count = N`) is one of them,
/// however many actors it makes (those are bounded when expanded).
pub const MAX_DECLARED_ACTORS: usize = 320;

/// Every count the file's shape allows checking before expansion.
pub(super) fn check_counts(raw: &RawScenario) -> Vec<Diag> {
    let mut diags = Vec::new();
    let at = raw.id.span();
    let mut limit = |what: &str, n: usize, max: usize| {
        if n > max {
            diags.push(Diag::new(
                at.clone(),
                format!("{n} {what}: the limit is {max}"),
            ));
        }
    };
    limit("actors declared", raw.actors.len(), MAX_DECLARED_ACTORS);
    limit("variants", raw.variants.len(), MAX_VARIANTS);
    limit("checks", raw.checks.len(), MAX_CHECKS);
    limit("pages", raw.pages.len(), MAX_PAGES);
    limit("parameters", raw.params.len(), MAX_DECLS);
    limit("locks", raw.locks.len(), MAX_DECLS);
    limit("values", raw.values.len(), MAX_DECLS);
    limit("queues", raw.queues.len(), MAX_DECLS);
    limit("pipes", raw.pipes.len(), MAX_DECLS);
    limit("pools", raw.pools.len(), MAX_DECLS);
    limit("tables", raw.tables.len(), MAX_DECLS);
    let mut walk = Walk {
        steps: 0,
        diags: Vec::new(),
    };
    for a in &raw.actors {
        walk.list(&a.get_ref().script, 0);
    }
    for v in &raw.variants {
        for s in v.scripts.values() {
            walk.list(s, 0);
        }
    }
    for p in raw.pools.values() {
        walk.list(&p.get_ref().task, 0);
    }
    if let Some(m) = &raw.module {
        walk.list(&m.get_ref().script, 0);
    }
    if walk.steps > MAX_WRITTEN_STEPS {
        let msg = format!(
            "{} steps are written in this file: the limit is {MAX_WRITTEN_STEPS}",
            walk.steps
        );
        diags.push(Diag::new(at, msg));
    }
    diags.extend(walk.diags);
    diags
}

struct Walk {
    steps: usize,
    diags: Vec<Diag>,
}

impl Walk {
    fn list(&mut self, steps: &[Spanned<RawStep>], depth: usize) {
        for s in steps {
            self.steps += 1;
            let r = s.get_ref();
            let inner = [&r.body, &r.then, &r.otherwise, &r.loop_body, &r.callback];
            for list in inner.into_iter().flatten() {
                if depth + 1 > MAX_NESTING {
                    self.diags.push(Diag::new(
                        s.span(),
                        format!(
                            "steps are nested more than {MAX_NESTING} deep here: \
                             flatten the script"
                        ),
                    ));
                    continue;
                }
                self.list(list, depth + 1);
            }
        }
    }
}

/// The one validator `check` and `run` share: the plan must cross to the host
/// and its workers as JSON, inside their messages (two objects deep:
/// WorkerConfig → RunRequest → Plan), and come back the same.
pub(super) fn check_wire(plan: &Plan, at: Range<usize>) -> Option<Diag> {
    let wrapped = [[plan]];
    let problem = match serde_json::to_string(&wrapped) {
        Err(e) => e.to_string(),
        Ok(json) => match serde_json::from_str::<[[Plan; 1]; 1]>(&json) {
            Err(e) => e.to_string(),
            Ok([[back]]) if back == *plan => return None,
            Ok(_) => "it does not come back the same".to_string(),
        },
    };
    let msg = format!(
        "this scenario cannot be sent to the scenario host ({problem}): \
         nest fewer steps or shorten its expressions"
    );
    Some(Diag::new(at, msg))
}

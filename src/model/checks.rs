//! The scenario's promises, ticked off as events arrive.

use crate::event::Event;
use crate::scenario::plan::{CheckSpec, Expect};

/// Where a check stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Not decided yet (a `seen` check before its event, a `not_seen` check mid-run).
    Pending,
    Passed,
    Failed,
}

/// A check and its verdict so far.
#[derive(Debug, Clone)]
pub struct CheckState {
    pub spec: CheckSpec,
    pub verdict: Verdict,
    pub at_us: Option<u64>,
    /// A check that compares: what it measured so far.
    pub tally: Option<super::check_compare::Tally>,
}

/// True when `actor` matches a name or a `prefix*` pattern.
pub fn actor_matches(pattern: &str, actor: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => actor.starts_with(prefix),
        None => pattern == actor,
    }
}

/// Whether `event` is one `spec` looks for (its kind, actor and fields); the
/// lesson pages' `wait_for` uses it too.
pub fn matches(spec: &CheckSpec, event: &Event) -> bool {
    if event.kind.name() != spec.event {
        return false;
    }
    if let Some(p) = &spec.actor {
        if !actor_matches(p, &event.actor) {
            return false;
        }
    }
    if spec.fields.is_empty() {
        return true;
    }
    let Ok(value) = serde_json::to_value(event) else {
        return false;
    };
    spec.fields.iter().all(|(k, want)| {
        let got = value.get(k);
        got == Some(want) || spec.or_fields.get(k).is_some_and(|alt| got == Some(alt))
    })
}

impl CheckState {
    /// A check that compares folds every event into its tally.
    fn compare(&mut self, event: &Event) {
        let (Some(t), Some(c)) = (&mut self.tally, self.spec.compare.as_deref()) else {
            return;
        };
        if let Some(v) = t.apply(&self.spec, c, event) {
            self.verdict = v;
            self.at_us = Some(event.t_us);
        }
    }

    /// `n = 0 (== 0)`: the number a compare check measured, for the checklist.
    pub fn reading(&self, lang: crate::scenario::text::Lang) -> Option<String> {
        let (t, c) = (self.tally.as_ref()?, self.spec.compare.as_deref()?);
        super::check_compare::reading(t, c, self.verdict, lang)
    }
}

/// The checklist of a run.
#[derive(Debug, Clone, Default)]
pub struct Checks {
    pub items: Vec<CheckState>,
}

impl Checks {
    pub fn new(specs: &[CheckSpec]) -> Self {
        Checks {
            items: specs
                .iter()
                .map(|s| CheckState {
                    spec: s.clone(),
                    verdict: Verdict::Pending,
                    at_us: None,
                    tally: s.compare.as_deref().map(super::check_compare::Tally::new),
                })
                .collect(),
        }
    }

    pub fn apply(&mut self, event: &Event) {
        for i in 0..self.items.len() {
            if self.items[i].verdict != Verdict::Pending {
                continue;
            }
            if self.items[i].spec.compare.is_some() {
                self.items[i].compare(event);
                continue;
            }
            if !matches(&self.items[i].spec, event) {
                continue;
            }
            // A `not_seen` or compare check above is decided at the end: it does not block.
            let before = i.checked_sub(1).map(|j| &self.items[j]);
            let ready = !self.items[i].spec.after_previous
                || before.is_none_or(|b| {
                    b.verdict == Verdict::Passed
                        || (b.verdict == Verdict::Pending
                            && (b.spec.expect == Expect::NotSeen || b.spec.compare.is_some()))
                });
            if !ready {
                continue;
            }
            let item = &mut self.items[i];
            item.at_us = Some(event.t_us);
            item.verdict = match item.spec.expect {
                Expect::Seen => Verdict::Passed,
                Expect::NotSeen => Verdict::Failed,
            };
        }
    }

    /// Settle every pending check when the run has ended.
    pub fn finish(&mut self) {
        for item in &mut self.items {
            if let (Some(t), Some(c)) = (&item.tally, item.spec.compare.as_deref()) {
                if item.verdict == Verdict::Pending {
                    item.verdict = t.settle(c);
                }
                continue;
            }
            if item.verdict == Verdict::Pending {
                item.verdict = match item.spec.expect {
                    Expect::Seen => Verdict::Failed,
                    Expect::NotSeen => Verdict::Passed,
                };
            }
        }
    }

    pub fn all_passed(&self) -> bool {
        self.items.iter().all(|c| c.verdict == Verdict::Passed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Event, EventKind};
    use crate::scenario::text::Text;

    fn spec(event: &str, expect: Expect, after_previous: bool) -> CheckSpec {
        CheckSpec {
            label: Text::new("x", "x"),
            event: event.into(),
            actor: None,
            fields: Default::default(),
            or_fields: Default::default(),
            expect,
            after_previous,
            compare: None,
        }
    }

    fn ev(kind: EventKind) -> Event {
        Event {
            t_us: 1,
            actor: "a".into(),
            pid: 1,
            tid: None,
            kind,
        }
    }

    #[test]
    fn a_pending_not_seen_check_does_not_block_the_next_one() {
        let mut c = Checks::new(&[
            spec("error", Expect::NotSeen, false),
            spec("started", Expect::Seen, true),
        ]);
        c.apply(&ev(EventKind::Started {}));
        assert_eq!(c.items[1].verdict, Verdict::Passed);
        c.finish();
        assert!(c.all_passed());
    }
}

//! The last parts of a plan: the checks (every event kind and actor they
//! name must exist) and the run's time limit.

use std::time::Duration;

use toml::Spanned;

use super::diag::Diag;
use super::plan::{ActorSpec, CheckSpec, Expect};
use super::raw::RawScenario;
use super::resolve::{DEFAULT_SECONDS, MAX_SECONDS};

pub(super) fn build_checks(
    raw: &RawScenario,
    actors: &[ActorSpec],
    diags: &mut Vec<Diag>,
) -> Vec<CheckSpec> {
    let mut out = Vec::new();
    for c in &raw.checks {
        let c = c.get_ref();
        if !crate::event::EVENT_NAMES.contains(&c.event.get_ref().as_str()) {
            diags.push(Diag::new(
                c.event.span(),
                format!(
                    "unknown event {:?}; known: {}",
                    c.event.get_ref(),
                    crate::event::EVENT_NAMES.join(", ")
                ),
            ));
        }
        if let Some(a) = &c.actor {
            let p = a.get_ref();
            let any = p == "host"
                || p == "manager"
                || actors
                    .iter()
                    .any(|a| crate::model::checks::actor_matches(p, &a.name));
            if !any {
                diags.push(Diag::new(a.span(), format!("no actor matches {p:?}")));
            }
        }
        let expect = match c.expect.as_ref().map(|e| e.get_ref().as_str()) {
            None | Some("seen") => Expect::Seen,
            Some("not_seen") => Expect::NotSeen,
            Some(other) => {
                diags.push(Diag::new(
                    c.expect.as_ref().unwrap().span(),
                    format!("expect must be \"seen\" or \"not_seen\", not {other:?}"),
                ));
                Expect::Seen
            }
        };
        let fields = c
            .fields
            .iter()
            .filter_map(|(k, v)| serde_json::to_value(v).ok().map(|j| (k.clone(), j)))
            .collect();
        out.push(CheckSpec {
            label: c.label.clone(),
            event: c.event.get_ref().clone(),
            actor: c.actor.as_ref().map(|a| a.get_ref().clone()),
            fields,
            expect,
            after_previous: c.after_previous,
        });
    }
    out
}

pub(super) fn max_duration(raw: &RawScenario, diags: &mut Vec<Diag>) -> Duration {
    let secs = raw
        .max_seconds
        .as_ref()
        .map_or(DEFAULT_SECONDS, |s| *s.get_ref());
    if !(secs > 0.0 && secs <= MAX_SECONDS) {
        let at = raw.max_seconds.as_ref().map(Spanned::span).unwrap_or(0..0);
        diags.push(Diag::new(
            at,
            format!("max_seconds must be above 0 and at most {MAX_SECONDS}"),
        ));
        return Duration::from_secs_f64(DEFAULT_SECONDS);
    }
    Duration::from_secs_f64(secs)
}

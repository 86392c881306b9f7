//! The last parts of a plan: the checks (every event kind and actor they
//! name must exist) and the run's time limit.

use std::time::Duration;

use toml::Spanned;

use super::diag::Diag;
use super::plan::{ActorSpec, CheckSpec, Expect};
use super::raw::{RawCheck, RawScenario, RawVariant};
use super::resolve::{DEFAULT_SECONDS, MAX_SECONDS, SPEED_MAX, SPEED_MIN};

/// The checks that apply to `variant`, each checked against the plan's actors.
pub(super) fn build_checks(
    raw: &RawScenario,
    variant: Option<&RawVariant>,
    actors: &[ActorSpec],
    env: &super::values::Env,
    diags: &mut Vec<Diag>,
) -> Vec<CheckSpec> {
    build_list(raw, &raw.checks, variant, actors, env, diags)
}

/// Checks written as `list` (the scenario's `[[checks]]`, or a challenge's
/// `win`), each checked against the plan's actors.
pub(super) fn build_list(
    raw: &RawScenario,
    list: &[Spanned<RawCheck>],
    variant: Option<&RawVariant>,
    actors: &[ActorSpec],
    env: &super::values::Env,
    diags: &mut Vec<Diag>,
) -> Vec<CheckSpec> {
    let mut out = Vec::new();
    let prints = super::prints::bilingual(raw);
    let actor_ok = |a: &Spanned<String>, diags: &mut Vec<Diag>| {
        let p = a.get_ref();
        let any = p == "host"
            || p == "manager"
            || actors
                .iter()
                .any(|a| crate::model::checks::actor_matches(p, &a.name));
        if !any {
            diags.push(Diag::new(a.span(), format!("no actor matches {p:?}")));
        }
    };
    for spanned in list {
        let c = spanned.get_ref();
        if !applies(raw, c, variant, diags) {
            continue;
        }
        if super::check_compare::is_compare(c) {
            out.extend(super::check_compare::build(
                raw, spanned, env, &actor_ok, diags,
            ));
            continue;
        }
        let Some(event) = &c.event else {
            let msg =
                "a check needs `event` (or one of value, count, max_holders, max_open, before)";
            diags.push(Diag::new(spanned.span(), msg));
            continue;
        };
        if let Some(at) = stray_compare_key(c) {
            let msg = "equals, at_most, at_least, between and after belong to a check that \
                       compares (value, count, max_holders, max_open, before)";
            diags.push(Diag::new(at, msg));
        }
        if !crate::event::EVENT_NAMES.contains(&event.get_ref().as_str()) {
            diags.push(Diag::new(
                event.span(),
                format!(
                    "unknown event {:?}; known: {}",
                    event.get_ref(),
                    crate::event::EVENT_NAMES.join(", ")
                ),
            ));
        }
        if let Some(a) = &c.actor {
            actor_ok(a, diags);
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
        super::event_fields::check_where(event.get_ref(), &c.fields, diags);
        let fields = c
            .fields
            .iter()
            .filter_map(|(k, v)| field(k.get_ref(), v))
            .collect();
        out.push(CheckSpec {
            label: c.label.clone(),
            event: event.get_ref().clone(),
            actor: c.actor.as_ref().map(|a| a.get_ref().clone()),
            or_fields: super::prints::other_language(event.get_ref(), &fields, &prints),
            fields,
            expect,
            after_previous: c.after_previous,
            compare: None,
        });
    }
    out
}

/// Every `[[checks]]` entry has a label (a challenge's `win` needs none).
pub(super) fn labels(raw: &RawScenario, diags: &mut Vec<Diag>) {
    for c in &raw.checks {
        if c.get_ref().label == Default::default() {
            diags.push(Diag::new(c.span(), "a check needs `label` (en and zh)"));
        }
    }
}

/// A comparison key written on a plain `event` check, where it means nothing.
fn stray_compare_key(c: &RawCheck) -> Option<std::ops::Range<usize>> {
    super::check_cmp::any_cmp_span(c).or_else(|| c.after.as_ref().map(Spanned::span))
}

/// A `where` field as the JSON log has it; TOML has no null, so the text
/// "None" stands for Python's None (an empty item, null in the log).
pub(super) fn field(key: &str, v: &toml::Value) -> Option<(String, serde_json::Value)> {
    let json = match v {
        toml::Value::String(s) if s == "None" => serde_json::Value::Null,
        other => serde_json::to_value(other).ok()?,
    };
    Some((key.to_string(), json))
}

/// Whether a check with `variants = [...]` is one of this variant's; the
/// names must be declared variants.
fn applies(
    raw: &RawScenario,
    c: &RawCheck,
    variant: Option<&RawVariant>,
    diags: &mut Vec<Diag>,
) -> bool {
    let Some(only) = &c.variants else {
        return true;
    };
    for name in only.get_ref() {
        if !raw.variants.iter().any(|v| v.name.get_ref() == name) {
            let msg = format!("no variant is named {name:?}");
            diags.push(Diag::new(only.span(), msg));
        }
    }
    variant.is_some_and(|v| only.get_ref().contains(v.name.get_ref()))
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

/// The lesson's opening speed (`pace = 0.1`), which must be one a run can go at.
pub(super) fn pace(pace: Option<&Spanned<f64>>, diags: &mut Vec<Diag>) -> Option<f64> {
    let pace = pace?;
    let x = *pace.get_ref();
    if (SPEED_MIN..=SPEED_MAX).contains(&x) {
        return Some(x);
    }
    diags.push(Diag::new(
        pace.span(),
        format!("pace must be from {SPEED_MIN} to {SPEED_MAX} (times real speed), not {x}"),
    ));
    None
}

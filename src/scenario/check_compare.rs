//! Checks that compare: a shared value, a count of events or the most holders
//! of a lock against a number or another value, and "A never before B".
//!
//! ```toml
//! value = "n", equals = 0
//! count = { event = "print", where = { text = "done" } }, at_least = 10
//! max_holders = "stalls", at_most = 3
//! max_open = "server", at_most = 2
//! before = { event = "event_set" }, after = { event = "event_passed" }
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::diag::Diag;
use super::plan::{CheckSpec, Expect};
use super::raw::{RawCheck, RawScenario};
use super::text::Text;

/// `{ event = ..., actor = ..., where = {...} }` inside a compare check.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMatch {
    pub event: Spanned<String>,
    pub actor: Option<Spanned<String>>,
    #[serde(default, rename = "where")]
    pub fields: BTreeMap<Spanned<String>, toml::Value>,
}

/// What a compare check measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The last value written to this shared value (by `actor`, if given).
    Value(String),
    /// How many events match.
    Count(Box<CheckSpec>),
    /// The most actors holding this lock at once.
    MaxHolders(String),
    /// The most connections accepted from this listening socket and not yet
    /// closed by the server side, at once: how many clients are served together.
    MaxOpen(String),
}

/// The other side of a comparison: a number or another shared value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Num(i64),
    Value(String),
}

/// The comparison itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cmp {
    Equals(Bound),
    AtMost(Bound),
    AtLeast(Bound),
    Between(Bound, Bound),
}

/// A check that compares, or one about order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    Measure {
        measure: Measure,
        cmp: Cmp,
    },
    /// Every `after` event comes after the first `before` event.
    Order {
        before: Box<CheckSpec>,
        after: Box<CheckSpec>,
    },
}

/// True when the check uses any of the compare keys (then `event` is not needed).
pub(super) fn is_compare(c: &RawCheck) -> bool {
    c.value.is_some()
        || c.count.is_some()
        || c.max_holders.is_some()
        || c.max_open.is_some()
        || c.before.is_some()
}

/// The plan of a compare check; problems go to `diags` at their FILE:LINE:COL.
pub(super) fn build(
    raw: &RawScenario,
    c: &Spanned<RawCheck>,
    env: &super::values::Env,
    actor_ok: &dyn Fn(&Spanned<String>, &mut Vec<Diag>),
    diags: &mut Vec<Diag>,
) -> Option<CheckSpec> {
    let (span, c) = (c.span(), c.get_ref());
    if let Some(e) = &c.event {
        let msg =
            "a check that compares (value, count, max_holders, max_open, before) has no `event`";
        diags.push(Diag::new(e.span(), msg));
    }
    if let Some(e) = &c.expect {
        diags.push(Diag::new(e.span(), "a check that compares has no `expect`"));
    }
    if let Some(k) = c.fields.keys().next() {
        let msg = "a check that compares has no `where` (a count puts it inside: \
                   count = { event = ..., where = {...} })";
        diags.push(Diag::new(k.span(), msg));
    }
    if let Some(a) = &c.actor {
        actor_ok(a, diags);
    }
    let chosen = [
        c.value.is_some(),
        c.count.is_some(),
        c.max_holders.is_some(),
        c.max_open.is_some(),
        c.before.is_some(),
    ];
    if chosen.iter().filter(|x| **x).count() > 1 {
        let msg =
            "a check compares one thing: value, count, max_holders, max_open, or before/after";
        diags.push(Diag::new(span.clone(), msg));
        return None;
    }
    let compare = if c.before.is_some() {
        order(raw, c, span, actor_ok, diags)?
    } else {
        let measure = measure(raw, c, actor_ok, diags)?;
        let cmp = super::check_cmp::cmp(raw, c, span, env, diags)?;
        Compare::Measure { measure, cmp }
    };
    let event = match &compare {
        Compare::Measure {
            measure: Measure::Value(_),
            ..
        } => "value".to_string(),
        Compare::Measure {
            measure: Measure::Count(m),
            ..
        } => m.event.clone(),
        Compare::Measure {
            measure: Measure::MaxHolders(_),
            ..
        } => "lock_acquired".to_string(),
        Compare::Measure {
            measure: Measure::MaxOpen(_),
            ..
        } => "sock_connected".to_string(),
        Compare::Order { after, .. } => after.event.clone(),
    };
    Some(CheckSpec {
        label: c.label.clone(),
        event,
        actor: c.actor.as_ref().map(|a| a.get_ref().clone()),
        fields: BTreeMap::new(),
        or_fields: BTreeMap::new(),
        expect: Expect::Seen,
        after_previous: c.after_previous,
        compare: Some(Box::new(compare)),
    })
}

fn measure(
    raw: &RawScenario,
    c: &RawCheck,
    actor_ok: &dyn Fn(&Spanned<String>, &mut Vec<Diag>),
    diags: &mut Vec<Diag>,
) -> Option<Measure> {
    if let Some(v) = &c.value {
        declared_value(raw, v, diags);
        return Some(Measure::Value(v.get_ref().clone()));
    }
    if let Some(l) = &c.max_holders {
        if !raw.locks.keys().any(|k| k.get_ref() == l.get_ref()) {
            let names: Vec<&str> = raw.locks.keys().map(|k| k.get_ref().as_str()).collect();
            let msg = format!(
                "no lock is named {:?}; declared: {}",
                l.get_ref(),
                list(&names)
            );
            diags.push(Diag::new(l.span(), msg));
        }
        return Some(Measure::MaxHolders(l.get_ref().clone()));
    }
    if let Some(s) = &c.max_open {
        super::check_sockets::declared_socket(raw, s, diags);
        return Some(Measure::MaxOpen(s.get_ref().clone()));
    }
    let m = c.count.as_ref()?;
    if c.actor.is_some() {
        let msg = "a count names its actor inside: count = { event = ..., actor = ... }";
        diags.push(Diag::new(c.actor.as_ref()?.span(), msg));
    }
    Some(Measure::Count(Box::new(matcher(raw, m, actor_ok, diags))))
}

fn order(
    raw: &RawScenario,
    c: &RawCheck,
    span: std::ops::Range<usize>,
    actor_ok: &dyn Fn(&Spanned<String>, &mut Vec<Diag>),
    diags: &mut Vec<Diag>,
) -> Option<Compare> {
    let (Some(before), Some(after)) = (&c.before, &c.after) else {
        diags.push(Diag::new(
            span,
            "`before` needs `after`: after = { event = ... }",
        ));
        return None;
    };
    if let Some(at) = super::check_cmp::any_cmp_span(c) {
        let msg =
            "an order check (before/after) compares nothing: drop equals/at_most/at_least/between";
        diags.push(Diag::new(at, msg));
    }
    Some(Compare::Order {
        before: Box::new(matcher(raw, before, actor_ok, diags)),
        after: Box::new(matcher(raw, after, actor_ok, diags)),
    })
}

/// A `{ event, actor, where }` as a plain check spec (matched by `checks::matches`).
fn matcher(
    raw: &RawScenario,
    m: &Spanned<RawMatch>,
    actor_ok: &dyn Fn(&Spanned<String>, &mut Vec<Diag>),
    diags: &mut Vec<Diag>,
) -> CheckSpec {
    let m = m.get_ref();
    let name = m.event.get_ref();
    if !crate::event::EVENT_NAMES.contains(&name.as_str()) {
        let msg = format!(
            "unknown event {name:?}; known: {}",
            crate::event::EVENT_NAMES.join(", ")
        );
        diags.push(Diag::new(m.event.span(), msg));
    }
    if let Some(a) = &m.actor {
        actor_ok(a, diags);
    }
    super::event_fields::check_where(name, &m.fields, diags);
    let fields = m
        .fields
        .iter()
        .filter_map(|(k, v)| super::resolve_checks::field(k.get_ref(), v))
        .collect();
    let prints = super::prints::bilingual(raw);
    CheckSpec {
        label: Text::default(),
        event: name.clone(),
        actor: m.actor.as_ref().map(|a| a.get_ref().clone()),
        or_fields: super::prints::other_language(name, &fields, &prints),
        fields,
        expect: Expect::Seen,
        after_previous: false,
        compare: None,
    }
}

/// A value name must be one of `[values.*]`.
pub(super) fn declared_value(raw: &RawScenario, v: &Spanned<String>, diags: &mut Vec<Diag>) {
    if raw.values.keys().any(|k| k.get_ref() == v.get_ref()) {
        return;
    }
    let names: Vec<&str> = raw.values.keys().map(|k| k.get_ref().as_str()).collect();
    let msg = format!(
        "no value is named {:?}; declared: {}",
        v.get_ref(),
        list(&names)
    );
    diags.push(Diag::new(v.span(), msg));
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

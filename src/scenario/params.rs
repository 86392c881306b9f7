//! Parameter values for one run (defaults, a variant's `set`, `--set`), and
//! numbers and switches that a file may write as a parameter (`"{n}"`).

use std::collections::BTreeMap;

use toml::{Spanned, Value};

use super::diag::Diag;
use super::raw::{BoolOrText, IntOrText, RawScenario, RawVariant};
use super::values::{check_value, substitute, Env};

fn span<T>(s: &Spanned<T>) -> std::ops::Range<usize> {
    s.span()
}

pub(super) fn bind_params(
    raw: &RawScenario,
    variant: Option<&RawVariant>,
    overrides: &BTreeMap<String, Value>,
    diags: &mut Vec<Diag>,
) -> BTreeMap<String, Value> {
    let mut values: BTreeMap<String, Value> = raw
        .params
        .iter()
        .map(|(k, p)| (k.get_ref().clone(), p.get_ref().default.get_ref().clone()))
        .collect();
    for (key, p) in &raw.params {
        let p = p.get_ref();
        if (p.min.is_some() || p.max.is_some()) && !p.default.get_ref().is_integer() {
            diags.push(Diag::new(
                span(key),
                "min and max apply to whole-number parameters only",
            ));
        }
        if let Err(m) = check_value(p.default.get_ref(), p.default.get_ref(), p.min, p.max) {
            diags.push(Diag::new(span(&p.default), format!("default: {m}")));
        }
    }
    if let Some(v) = variant {
        for (key, value) in &v.set {
            match raw
                .params
                .iter()
                .find(|(k, _)| k.get_ref() == key.get_ref())
            {
                None => diags.push(Diag::new(
                    span(key),
                    format!(
                        "variant sets {:?}, which is not a declared parameter",
                        key.get_ref()
                    ),
                )),
                Some((_, p)) => {
                    let p = p.get_ref();
                    match check_value(p.default.get_ref(), value.get_ref(), p.min, p.max) {
                        Ok(()) => {
                            values.insert(key.get_ref().clone(), value.get_ref().clone());
                        }
                        Err(m) => diags.push(Diag::new(span(value), m)),
                    }
                }
            }
        }
    }
    values.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
    values
}

pub(super) fn eval_int(v: &Spanned<IntOrText>, env: &Env, diags: &mut Vec<Diag>) -> Option<i64> {
    match v.get_ref() {
        IntOrText::Int(i) => Some(*i),
        IntOrText::Text(t) => match substitute(t, env) {
            Ok(s) => match s.trim().parse() {
                Ok(i) => Some(i),
                Err(_) => {
                    diags.push(Diag::new(span(v), format!("{s:?} is not a whole number")));
                    None
                }
            },
            Err(m) => {
                diags.push(Diag::new(span(v), m));
                None
            }
        },
    }
}

/// true or false, or a parameter whose value is one of them.
pub(super) fn eval_bool(v: &Spanned<BoolOrText>, env: &Env, diags: &mut Vec<Diag>) -> Option<bool> {
    let text = match v.get_ref() {
        BoolOrText::Bool(b) => return Some(*b),
        BoolOrText::Text(t) => substitute(t, env).map_err(|m| diags.push(Diag::new(span(v), m))),
    };
    match text.ok()?.trim() {
        "true" => Some(true),
        "false" => Some(false),
        other => {
            diags.push(Diag::new(
                span(v),
                format!("{other:?} is not true or false"),
            ));
            None
        }
    }
}

//! The comparison of a compare check: exactly one of `equals`, `at_most`,
//! `at_least` or `between = [low, high]`, each side a whole number or the
//! name of a declared shared value.

use std::ops::Range;

use std::collections::BTreeMap;

use toml::Spanned;

use super::check_compare::{declared_value, Bound, Cmp};
use super::diag::Diag;
use super::expr::Expr;
use super::raw::{IntOrText, RawCheck, RawScenario};
use super::values::{substitute, Env};

const KEYS: &str = "equals, at_most, at_least or between = [low, high]";

/// The span of the first comparison key written, if any.
pub(super) fn any_cmp_span(c: &RawCheck) -> Option<Range<usize>> {
    [&c.equals, &c.at_most, &c.at_least]
        .into_iter()
        .flatten()
        .map(Spanned::span)
        .chain(c.between.as_ref().map(Spanned::span))
        .next()
}

/// The one comparison `c` makes; a missing, doubled or malformed one is an error.
pub(super) fn cmp(
    raw: &RawScenario,
    c: &RawCheck,
    span: Range<usize>,
    env: &Env,
    diags: &mut Vec<Diag>,
) -> Option<Cmp> {
    let written = [&c.equals, &c.at_most, &c.at_least]
        .iter()
        .filter(|x| x.is_some())
        .count()
        + usize::from(c.between.is_some());
    if written != 1 {
        let at = if written == 0 { span } else { any_cmp_span(c)? };
        let how = if written == 0 {
            "needs"
        } else {
            "takes only one of"
        };
        diags.push(Diag::new(at, format!("a check that compares {how} {KEYS}")));
        return None;
    }
    if let Some(b) = &c.equals {
        return Some(Cmp::Equals(bound(raw, b, env, diags)?));
    }
    if let Some(b) = &c.at_most {
        return Some(Cmp::AtMost(bound(raw, b, env, diags)?));
    }
    if let Some(b) = &c.at_least {
        return Some(Cmp::AtLeast(bound(raw, b, env, diags)?));
    }
    let between = c.between.as_ref()?;
    let [lo, hi] = between.get_ref().as_slice() else {
        let msg = "between takes two bounds: between = [low, high]";
        diags.push(Diag::new(between.span(), msg));
        return None;
    };
    let (lo, hi) = (bound(raw, lo, env, diags)?, bound(raw, hi, env, diags)?);
    if let (Bound::Num(a), Bound::Num(b)) = (&lo, &hi) {
        if a > b {
            let msg = format!("between = [{a}, {b}]: the low bound is above the high one");
            diags.push(Diag::new(between.span(), msg));
            return None;
        }
    }
    Some(Cmp::Between(lo, hi))
}

/// A number, a declared value's name, or a whole-number expression of the
/// parameters (`"100 - {threads}"`), worked out when the plan is made.
fn bound(
    raw: &RawScenario,
    b: &Spanned<IntOrText>,
    env: &Env,
    diags: &mut Vec<Diag>,
) -> Option<Bound> {
    let text = match b.get_ref() {
        IntOrText::Int(n) => return Some(Bound::Num(*n)),
        IntOrText::Text(t) => t,
    };
    if raw.values.keys().any(|k| k.get_ref() == text) {
        return Some(Bound::Value(text.clone()));
    }
    let name_like = text.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if name_like {
        declared_value(raw, &Spanned::new(b.span(), text.clone()), diags);
        return None;
    }
    let worked =
        substitute(text, env).and_then(|s| Expr::parse(&s).and_then(|e| e.eval(&BTreeMap::new())));
    match worked {
        Ok(n) => Some(Bound::Num(n)),
        Err(why) => {
            let msg = format!("{text:?}: not a whole number, a value's name or an expression of parameters ({why})");
            diags.push(Diag::new(b.span(), msg));
            None
        }
    }
}

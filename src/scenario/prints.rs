//! Prints given in both languages: a check or a page that waits for a print
//! names its English (or Chinese) text, and must match whichever language
//! the run prints in.

use std::collections::BTreeMap;

use toml::Spanned;

use super::raw::{RawPrint, RawScenario, RawStep};

/// Every `print = { en, zh }` of the scenario (all actors, all variants,
/// nested steps and pool callbacks included), as (en, zh).
pub(super) fn bilingual(raw: &RawScenario) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for a in &raw.actors {
        walk(&a.get_ref().script, &mut out);
    }
    for p in raw.pools.values() {
        walk(&p.get_ref().task, &mut out);
    }
    for v in &raw.variants {
        for s in v.scripts.values() {
            walk(s, &mut out);
        }
    }
    out.extend(super::jobs::table_prints(raw));
    out
}

fn walk(steps: &[Spanned<RawStep>], out: &mut Vec<(String, String)>) {
    for s in steps {
        let s = s.get_ref();
        if let Some(RawPrint::Both(t)) = s.print.as_ref().map(Spanned::get_ref) {
            out.push((t.en.clone(), t.zh.clone()));
        }
        let nested = [&s.body, &s.then, &s.otherwise, &s.loop_body, &s.callback];
        for inner in nested.into_iter().flatten() {
            walk(inner, out);
        }
    }
}

/// For a `print` event matched on its `text`: the same print's text in the
/// other language, as the field's alternative (empty when there is none).
pub(super) fn other_language(
    event: &str,
    fields: &BTreeMap<String, serde_json::Value>,
    prints: &[(String, String)],
) -> BTreeMap<String, serde_json::Value> {
    let mut out = BTreeMap::new();
    let Some(serde_json::Value::String(text)) = fields.get("text") else {
        return out;
    };
    if event != "print" {
        return out;
    }
    let other = prints.iter().find_map(|(en, zh)| {
        (en == text && zh != text)
            .then_some(zh)
            .or((zh == text && en != text).then_some(en))
    });
    if let Some(o) = other {
        out.insert("text".into(), serde_json::Value::String(o.clone()));
    }
    out
}

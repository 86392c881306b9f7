//! Differences known and not fixed here, each with its reason: (lesson,
//! variant, actor (`*`: every actor of the case), reason). A known difference is reported and does not
//! fail; an entry whose actor no longer differs fails, so the table only
//! ever holds what is still wrong.

pub const KNOWN: &[(&str, &str, &str, &str)] = &[];

/// Failures and notes for one case's differences (`actor: …` each).
pub fn judge(lesson: &str, variant: &str, diffs: &[String]) -> (Vec<String>, Vec<String>) {
    let mine: Vec<_> = KNOWN
        .iter()
        .filter(|k| k.0 == lesson && k.1 == variant)
        .collect();
    let actor = |d: &str| d.split(": ").next().unwrap_or("").to_string();
    let (mut fail, mut noted) = (Vec::new(), Vec::new());
    for d in diffs {
        match mine.iter().find(|k| k.2 == actor(d) || k.2 == "*") {
            Some(k) => noted.push(format!("{d} (known: {})", k.3)),
            None => fail.push(d.clone()),
        }
    }
    for k in mine {
        if !diffs.iter().any(|d| actor(d) == k.2 || k.2 == "*") {
            fail.push(format!(
                "{}: no longer differs: fixed, remove it from KNOWN in tests/fidelity_events/known.rs",
                k.2
            ));
        }
    }
    (fail, noted)
}

//! What `conlab explore` prints on stdout.

use crate::cli_explore::summary_of;
use crate::explore::{replay_command, ExploreSpec, Report};
use crate::scenario::plan::Plan;
use crate::scenario::text::Lang;

/// `ticket-grab (variant no-lock, buyers=2)`.
pub fn title(spec: &ExploreSpec, plan: &Plan, lang: Lang) -> String {
    let mut bits: Vec<String> = Vec::new();
    if let Some(v) = spec.variant.as_ref().or(plan.variant.as_ref()) {
        let word = crate::cli_explore::tr(lang, "variant", "变体");
        bits.push(format!("{word} {v}"));
    }
    bits.extend(spec.sets.iter().map(|(k, v)| format!("{k}={v}")));
    if bits.is_empty() {
        spec.id.clone()
    } else {
        format!("{} ({})", spec.id, bits.join(", "))
    }
}

/// The header line, then one line per outcome: count, label, replay command.
pub fn render(spec: &ExploreSpec, title: &str, report: &Report, lang: Lang) -> String {
    let mut out = format!("{title}: {}\n", summary_of(report, lang));
    let width = report
        .outcomes
        .iter()
        .map(|o| o.interleavings.to_string().len())
        .max()
        .unwrap_or(1);
    let label = |o: &crate::explore::OutcomeRow| match lang {
        Lang::Zh => o.zh.clone(),
        _ => o.en.clone(),
    };
    let lw = report
        .outcomes
        .iter()
        .map(|o| cols(&label(o)))
        .max()
        .unwrap_or(0);
    for o in &report.outcomes {
        let l = label(o);
        let pad = " ".repeat(lw - cols(&l));
        out.push_str(&format!(
            "  {:>width$}  {l}{pad}  {}\n",
            o.interleavings,
            replay_command(spec, &o.shortest),
        ));
    }
    out
}

/// Columns a label takes on a terminal: CJK characters and full-width
/// punctuation take two.
fn cols(s: &str) -> usize {
    s.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

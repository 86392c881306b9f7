//! What `conlab explore` prints on stdout.

use crate::cli_explore::summary_of;
use crate::explore::{replay_command, ExploreSpec, Report};
use crate::scenario::plan::Plan;
use crate::scenario::text::Lang;

/// `ticket-grab (variant no-lock, buyers=2)`.
pub fn title(spec: &ExploreSpec, plan: &Plan) -> String {
    let mut bits: Vec<String> = Vec::new();
    if let Some(v) = spec.variant.as_ref().or(plan.variant.as_ref()) {
        bits.push(format!("variant {v}"));
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
    let mut out = format!("{title}: {}\n", summary_of(report));
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
        .map(|o| label(o).chars().count())
        .max()
        .unwrap_or(0);
    for o in &report.outcomes {
        let l = label(o);
        let pad = " ".repeat(lw - l.chars().count());
        out.push_str(&format!(
            "  {:>width$}  {l}{pad}  {}\n",
            o.interleavings,
            replay_command(spec, &o.shortest),
        ));
    }
    out
}

//! The explorer panel on a challenge: each outcome marked as winning it or
//! not (`✔` / `✘`, besides the words in its label), and how many of the
//! interleavings win.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::theme::{dim, BAD, GOOD};
use crate::explore::{OutcomeRow, Report};
use crate::scenario::text::Lang;

/// Whether the report's outcomes were judged by a challenge.
pub(super) fn judged(report: &Report) -> bool {
    report.outcomes.iter().any(|o| o.wins.is_some())
}

/// The cells a mark takes (`✔ `), or none when nothing was judged.
pub(super) fn mark_width(report: &Report) -> usize {
    if judged(report) {
        2
    } else {
        0
    }
}

/// `✔ ` for an outcome that wins, `✘ ` for one that does not.
pub(super) fn mark(o: &OutcomeRow) -> Option<Span<'static>> {
    Some(match o.wins? {
        true => Span::styled("✔ ", Style::new().fg(GOOD).add_modifier(Modifier::BOLD)),
        false => Span::styled("✘ ", Style::new().fg(BAD)),
    })
}

/// `✔ 624 of 2796 win the challenge (22%)`, under the summary.
pub(super) fn wins_line(report: &Report, lang: Lang) -> Option<Line<'static>> {
    if !judged(report) {
        return None;
    }
    let won: u64 = report
        .outcomes
        .iter()
        .filter(|o| o.wins == Some(true))
        .map(|o| o.interleavings)
        .sum();
    let all = report.interleavings;
    let pct = (won * 100 + all / 2).checked_div(all).unwrap_or(0);
    let (said, note) = match lang {
        Lang::En => (
            format!("{won} of {all} win the challenge ({pct}%)"),
            ", each played until won or lost",
        ),
        Lang::Zh => (
            format!("{all} 种中有 {won} 种赢得挑战（{pct}%）"),
            "，每种都走到分出胜负",
        ),
    };
    let (glyph, colour) = if won > 0 {
        ("✔ ", GOOD)
    } else {
        ("✘ ", BAD)
    };
    Some(Line::from(vec![
        Span::styled(glyph, Style::new().fg(colour).add_modifier(Modifier::BOLD)),
        Span::styled(said, Style::new().fg(colour)),
        Span::styled(note, dim()),
    ]))
}

/// The schedule list's title words for the filter key `w`.
pub(super) fn filter_words(judged: bool, wins_only: bool, lang: Lang) -> &'static str {
    match (judged, wins_only, lang) {
        (false, _, _) => "",
        (true, false, Lang::En) => " · w: winning only",
        (true, false, Lang::Zh) => " · w：只看获胜的",
        (true, true, Lang::En) => " · winning only, w: all",
        (true, true, Lang::Zh) => " · 只看获胜的，w：全部",
    }
}

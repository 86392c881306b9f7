//! The explorer panel's two lists: a bar per outcome (how many interleavings
//! end so), and the schedules that reach each, the chosen one marked.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::explorer::{heading, plural};
use super::explorer_state::ExplorerState;
use super::explorer_wins::{filter_words, judged, mark, mark_width};
use super::theme::{dim, faint, palette};
use super::width::{fit, str_width, truncate};
use super::words::tr;
use crate::explore::{OutcomeRow, Report};
use crate::scenario::text::Lang;

/// An outcome's label in the language on screen.
fn label(o: &OutcomeRow, lang: Lang) -> &str {
    let l = match lang {
        Lang::En => &o.en,
        Lang::Zh => &o.zh,
    };
    if l.is_empty() {
        &o.key
    } else {
        l
    }
}

/// The label column: as wide as the widest label, leaving `rest` cells.
fn label_width(report: &Report, lang: Lang, width: u16, rest: usize) -> usize {
    let widest = report
        .outcomes
        .iter()
        .map(|o| str_width(label(o, lang)))
        .max()
        .unwrap_or(0);
    widest.clamp(4, usize::from(width).saturating_sub(rest).max(4))
}

/// Outcomes are numbered in both lists, so a schedule's outcome reads
/// without colour too.
fn number(i: usize) -> String {
    format!("{} ", i + 1)
}

/// A bar of `width` cells filled `part / whole`, to an eighth of a cell.
fn bar(part: u64, whole: u64, width: usize) -> String {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let eighths = (part.min(whole) * width as u64 * 8)
        .checked_div(whole)
        .unwrap_or(0) as usize;
    let (full, rest) = (eighths / 8, eighths % 8);
    let mut s = "█".repeat(full);
    s.push_str(EIGHTHS[rest]);
    // Something reached is never drawn as nothing.
    if s.is_empty() && part > 0 && whole > 0 && width > 0 {
        s.push('▏');
    }
    s
}

/// `1 oversold  ██████████▌      48  69%`, one line an outcome, under a title.
pub(super) fn histogram(report: &Report, lang: Lang, width: u16) -> Vec<Line<'static>> {
    let total: u64 = report.outcomes.iter().map(|o| o.interleavings).sum();
    let total = total.max(report.interleavings).max(1);
    let title = match lang {
        Lang::En => format!(
            "Outcomes of {}",
            plural(report.interleavings, "interleaving")
        ),
        Lang::Zh => format!("{} 种交错的结果", report.interleavings),
    };
    let mut lines = vec![heading(title)];
    let most = report.outcomes.iter().map(|o| o.interleavings).max();
    let cw = most.unwrap_or(0).to_string().len();
    // number, the challenge's mark, label, space, bar (at least 12), space,
    // count, two spaces, "100%"
    let lead = number(report.outcomes.len()).len();
    let nw = lead + mark_width(report);
    let lw = label_width(report, lang, width, nw + 1 + 12 + 1 + cw + 2 + 4);
    let bw = usize::from(width).saturating_sub(nw + lw + 1 + 1 + cw + 2 + 4);
    for (i, o) in report.outcomes.iter().enumerate() {
        let pct = (o.interleavings * 100 + total / 2) / total;
        let drawn = bar(o.interleavings, total, bw);
        let track = bw.saturating_sub(str_width(&drawn));
        let colour = Style::new().fg(palette(i));
        lines.push(Line::from(vec![
            Span::styled(fit(&number(i), lead), colour),
            mark(o).unwrap_or_default(),
            Span::styled(fit(label(o, lang), lw), colour.add_modifier(Modifier::BOLD)),
            Span::raw(" "),
            Span::styled(drawn, colour),
            Span::styled("·".repeat(track), faint()),
            Span::raw(format!(" {:>cw$}  {pct:>3}%", o.interleavings)),
        ]));
    }
    if report.outcomes.is_empty() {
        let none = tr(lang, "no run reached an end", "没有一次运行走到结束");
        lines.push(Line::styled(none, dim()));
    }
    lines
}

/// `12 steps` / `12 步`.
fn steps(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::En, 1) => "1 step".into(),
        (Lang::En, n) => format!("{n} steps"),
        (Lang::Zh, n) => format!("{n} 步"),
    }
}

/// A schedule as runs of turns, `t0×15 t1×3 t0`: where one actor is
/// preempted by another reads at a glance (the footer has it in full).
pub(super) fn runs_of(schedule: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < schedule.len() {
        let n = schedule[i..]
            .iter()
            .take_while(|a| **a == schedule[i])
            .count();
        out.push(if n == 1 {
            schedule[i].clone()
        } else {
            format!("{}×{n}", schedule[i])
        });
        i += n;
    }
    out.join(" ")
}

/// The schedules under a title, scrolled so the chosen one is in sight.
pub(super) fn schedule_lines(
    state: &ExplorerState,
    report: &Report,
    lang: Lang,
    width: u16,
    height: u16,
) -> Vec<Line<'static>> {
    let rows = state.rows();
    let selected = state.selected.min(rows.len().saturating_sub(1));
    let filter = filter_words(judged(report), state.wins_only, lang);
    let (at, n) = ((selected + 1).min(rows.len()), rows.len());
    let title = match lang {
        Lang::En => format!("Schedules · Enter replays the chosen one ({at}/{n}){filter}"),
        Lang::Zh => format!("调度 · Enter 重放选中的那一条（{at}/{n}）{filter}"),
    };
    let mut lines = vec![heading(truncate(&title, usize::from(width)).into_owned())];
    if rows.is_empty() {
        lines.push(Line::styled(
            tr(lang, "no schedule to show", "没有可显示的调度"),
            dim(),
        ));
        return lines;
    }
    let visible = usize::from(height.saturating_sub(1)).max(1);
    let offset = selected.saturating_sub(visible - 1);
    let nw = number(report.outcomes.len()).len();
    let kinds = [tr(lang, "shortest", "最短"), tr(lang, "example", "示例")];
    let kw = kinds.iter().map(|k| str_width(k)).max().unwrap_or(0);
    let longest = rows.iter().map(|r| r.schedule.len()).max().unwrap_or(0);
    let sw = str_width(&steps(longest, lang));
    for (i, row) in rows.iter().enumerate().skip(offset).take(visible) {
        let chosen = i == selected;
        let kind = kinds[usize::from(!row.shortest)];
        let head = format!(
            "{}{}",
            if chosen { "▸ " } else { "  " },
            fit(&number(row.outcome), nw),
        );
        let tail = format!(
            "{} {:>sw$}  ",
            fit(kind, kw),
            steps(row.schedule.len(), lang)
        );
        let marked = report.outcomes.get(row.outcome).and_then(mark);
        let room = usize::from(width)
            .saturating_sub(str_width(&head) + str_width(&tail) + mark_width(report));
        let order = truncate(&runs_of(row.schedule), room).into_owned();
        let colour = Style::new().fg(palette(row.outcome));
        let line = Line::from(vec![
            Span::styled(head, colour),
            marked.unwrap_or_default(),
            Span::styled(tail, colour),
            Span::raw(order),
        ]);
        lines.push(if chosen {
            line.style(
                Style::new()
                    .bg(Color::DarkGray)
                    .add_modifier(Modifier::BOLD),
            )
        } else {
            line
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::{bar, runs_of};

    #[test]
    fn schedules_read_as_runs_of_turns() {
        let s = |x: &str| x.split(',').map(String::from).collect::<Vec<_>>();
        assert_eq!(runs_of(&s("t0,t0,t0,t1,t0,t1,t1")), "t0×3 t1 t0 t1×2");
        assert_eq!(runs_of(&s("a")), "a");
        assert_eq!(runs_of(&[]), "");
    }

    #[test]
    fn bars_fill_by_eighths() {
        assert_eq!(bar(1, 1, 4), "████");
        assert_eq!(bar(1, 2, 4), "██");
        assert_eq!(bar(1, 16, 4), "▎");
        assert_eq!(bar(1, 1000, 4), "▏", "something reached shows");
        assert_eq!(bar(0, 5, 4), "");
        assert_eq!(bar(3, 0, 4), "");
    }
}

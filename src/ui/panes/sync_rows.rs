//! A condition's and a barrier's rows in the locks panel: who waits for a
//! notify; how many arrived at a barrier, or broken.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::actors::Actors;
use super::locks_pane::LocksPane;
use super::theme::{dim, faint, BAD};
use super::words::tr;
use crate::model::locks::Lock;
use crate::scenario::text::Lang;

/// `arrived 2/3` while it fills, `broken ✗` once broken (abort, a timeout).
pub(super) fn barrier_state(lock: &Lock, lang: Lang) -> Vec<Span<'static>> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    if lock.is_set {
        let text = match lang {
            Lang::En => "broken ✗",
            Lang::Zh => "已破损 ✗",
        };
        return vec![Span::styled(text, bold.fg(BAD))];
    }
    let n = lock.waiting.len();
    let text = match (lang, lock.permits) {
        (Lang::En, Some(p)) => format!("arrived {n}/{p}"),
        (Lang::En, None) => format!("arrived {n}"),
        (Lang::Zh, Some(p)) => format!("已到 {n}/{p}"),
        (Lang::Zh, None) => format!("已到 {n}"),
    };
    vec![Span::styled(text, bold.fg(Color::Yellow))]
}

/// `waits for notify: d1 → d2` (the longest waiting first), or `nobody`.
pub(super) fn sleepers(
    pane: &LocksPane<'_>,
    lock: &Lock,
    actors: &Actors,
    width: usize,
) -> Line<'static> {
    let label = tr(pane.lang, "waits for notify: ", "等待通知：");
    if lock.sleepers.is_empty() {
        let nobody = Span::styled(tr(pane.lang, "nobody", "无"), faint());
        return Line::from(vec![Span::styled(label, dim()), nobody]);
    }
    let names = lock.sleepers.iter().map(|w| (w.actor.as_str(), 1));
    Line::from(pane.names(label, names, " → ", actors, width, Style::new()))
}

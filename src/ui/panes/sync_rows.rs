//! A barrier's state in the locks panel: how many arrived, or broken.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

use super::theme::BAD;
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

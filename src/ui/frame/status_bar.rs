//! The bottom line: the keys that work here, read from the keymap table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::keymap::{bindings_for, Action, Context};
use super::theme::{dim, key};
use super::width::str_width;
use crate::scenario::text::Lang;

/// Key hints for one screen; whatever does not fit is dropped, except `? help`.
pub struct StatusBar {
    pub context: Context,
    pub lang: Lang,
    /// Leave out Tab where every pane is already on screen.
    pub all_panes_shown: bool,
    /// The run has a Python listing, so `c` has something to show.
    pub has_code: bool,
}

/// The run screen's bar: while the time cursor is out, its keys come first
/// (`←→ scrub  z Z zoom  f follow`); while following they are left out.
pub struct TimeAwareBar {
    pub bar: StatusBar,
    pub scrubbing: bool,
    /// The lesson has variants, so `v` has something to switch to.
    pub has_variants: bool,
    /// The explorer panel has schedules to choose and replay (not while it
    /// explores).
    pub has_schedules: bool,
    /// A learner's own program (`conlab py`): no step mode, no explorer (yet).
    pub own_program: bool,
}

impl StatusBar {
    /// This bar, saying the time keys while `scrubbing`.
    pub fn scrubbing(self, scrubbing: bool) -> TimeAwareBar {
        TimeAwareBar {
            bar: self,
            scrubbing,
            has_variants: true,
            has_schedules: true,
            own_program: false,
        }
    }

    fn hints(&self, scrubbing: bool) -> Vec<(Action, &'static str, &'static str)> {
        let mut hints: Vec<_> = bindings_for(self.context)
            .filter(|b| !(self.all_panes_shown && b.action == Action::CyclePane))
            .filter(|b| self.has_code || b.action != Action::ToggleCode)
            .filter(|b| scrubbing || !b.action.is_time() || b.action == Action::ScrubBack)
            .filter_map(|b| b.hint.map(|(label, w)| (b.action, label, w.get(self.lang))))
            .collect();
        hints.sort_by_key(|h| rank(h.0, scrubbing));
        hints
    }
}

/// Which hints come first when not all fit: the time keys while the cursor
/// is out; then pause, the lesson's pages and the time cursor (a class
/// needs these), and the language key (a learner who reads only one of the
/// two languages needs it on every screen); then the rest in the table's order.
fn rank(action: Action, scrubbing: bool) -> u8 {
    match action {
        a if a.is_time() && scrubbing => 0,
        Action::PauseResume => 1,
        Action::NextPage => 2,
        Action::ScrubBack => 3,
        Action::ToggleLang => 4,
        _ => 5,
    }
}

fn hint_width(label: &str, word: &str) -> usize {
    str_width(label) + 1 + str_width(word) + 2
}

impl Widget for &StatusBar {
    fn render(self, area: Rect, buf: &mut Buffer) {
        draw(self.hints(false), area, buf);
    }
}

impl TimeAwareBar {
    /// Offer `v` only when the lesson has variants.
    pub fn variants(self, has_variants: bool) -> TimeAwareBar {
        TimeAwareBar {
            has_variants,
            ..self
        }
    }
}

impl TimeAwareBar {
    /// Leave out `s`, `x` and `+-` for a learner's own program.
    pub fn own_program(self, own_program: bool) -> TimeAwareBar {
        TimeAwareBar {
            own_program,
            ..self
        }
    }

    /// Offer ↑↓ and Enter in the explorer panel only when it has schedules.
    pub fn schedules(self, has_schedules: bool) -> TimeAwareBar {
        TimeAwareBar {
            has_schedules,
            ..self
        }
    }
}

impl Widget for &TimeAwareBar {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let mut hints = self.bar.hints(self.scrubbing);
        hints.retain(|h| self.has_variants || h.0 != Action::NextVariant);
        hints.retain(|h| self.has_schedules || !matches!(h.0, Action::Up | Action::Open));
        let not_own = [Action::Explore, Action::Faster];
        hints.retain(|h| !self.own_program || !not_own.contains(&h.0));
        draw(hints, area, buf);
    }
}

/// The hints that fit, `? help` always among them.
fn draw(hints: Vec<(Action, &'static str, &'static str)>, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let help_w = hints
        .iter()
        .find(|h| h.0 == Action::ToggleHelp)
        .map_or(0, |h| hint_width(h.1, h.2));
    let mut budget = usize::from(area.width).saturating_sub(1 + help_w);
    let mut spans = vec![Span::raw(" ")];
    for (action, label, word) in &hints {
        let w = hint_width(label, word);
        if *action == Action::ToggleHelp {
            budget += help_w;
        } else if w > budget {
            continue;
        }
        if w > budget {
            break;
        }
        budget -= w;
        spans.push(Span::styled(*label, key()));
        spans.push(Span::styled(format!(" {word}  "), dim()));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

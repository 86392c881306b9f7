//! How states look: one glyph and one colour per state, so the timeline reads
//! without colour too (projectors wash colours out; some learners are colour-blind).
//!
//! The palette follows Okabe and Ito: where two states must be told apart
//! (ok and fail, running and deadlocked) they differ in blue against orange,
//! never in red against green alone, and always in glyph as well. These are
//! logical colours: each theme's table (theme_table.rs) turns them into
//! colours that read on its background, and NO_COLOR drops them, over the
//! drawn screen (theme_paint.rs).

use ratatui::style::{Color, Modifier, Style};

pub use super::theme_paint::{Paint, Theme};

use super::words::Words;
use crate::model::lanes::LaneState;
use crate::model::outcome::Tone;

/// Everything about how one state looks, in one place.
struct Look {
    glyph: &'static str,
    style: Style,
    word: Words,
    /// When two states share a timeline cell, the higher one wins.
    salience: u8,
}

const fn look(glyph: &'static str, style: Style, word: Words, salience: u8) -> Look {
    Look {
        glyph,
        style,
        word,
        salience,
    }
}

/// Held, passed, fine: Okabe–Ito sky blue.
pub(crate) const GOOD: Color = Color::Indexed(39);
/// Broken, failed, deadlocked, full: Okabe–Ito orange (vermillion), the pair of `GOOD`.
pub(crate) const BAD: Color = Color::Indexed(208);
/// Running: Okabe–Ito bluish green, apart from `BAD` in lightness and hue.
const RUN: Color = Color::Indexed(36);
/// Working (computing): a lighter bluish green.
const WORK: Color = Color::Indexed(79);
/// Sleeping: Okabe–Ito blue.
const SLEEP: Color = Color::Indexed(32);
/// Waiting: Okabe–Ito yellow.
const WAIT: Color = Color::Indexed(227);
/// Blocked: Okabe–Ito orange, lighter than `BAD`.
const BLOCK: Color = Color::Indexed(214);
/// Held by step mode: a pale sky blue.
const HELD: Color = Color::Indexed(117);
/// Deadlocked and killed: vermillion.
const ALARM: Color = Color::Indexed(202);
/// Zombie: Okabe–Ito reddish purple.
const ZOMBIE: Color = Color::Indexed(175);

fn look_of(state: LaneState) -> Look {
    let s = Style::new();
    let bold = Modifier::BOLD;
    match state {
        LaneState::Gone => look(" ", s, Words::new("gone", "已回收"), 0),
        LaneState::Starting => look("·", s.fg(Color::Gray), Words::new("start", "启动"), 1),
        LaneState::Sleeping => look("─", s.fg(SLEEP), Words::new("sleep", "睡眠"), 2),
        LaneState::Running => look("█", s.fg(RUN), Words::new("run", "运行"), 3),
        LaneState::Working => look("▓", s.fg(WORK), Words::new("work", "计算"), 4),
        LaneState::Waiting => look("┄", s.fg(WAIT), Words::new("wait", "等待"), 5),
        LaneState::Blocked => look("▒", s.fg(BLOCK), Words::new("blocked", "阻塞"), 6),
        LaneState::Held => look("╎", s.fg(HELD), Words::new("held", "待放行"), 2),
        LaneState::Deadlocked => look(
            "╳",
            s.fg(ALARM).add_modifier(bold),
            Words::new("deadlocked", "死锁"),
            7,
        ),
        LaneState::Exited => look("×", s.fg(Color::Gray), Words::new("exited", "已退出"), 8),
        LaneState::Killed => look(
            "✕",
            s.fg(ALARM).add_modifier(bold),
            Words::new("killed", "被杀"),
            9,
        ),
        LaneState::Zombie => look(
            "Z",
            s.fg(ZOMBIE).add_modifier(bold),
            Words::new("zombie", "僵尸"),
            10,
        ),
    }
}

/// The glyph a timeline cell shows for a state (`Gone` is blank).
pub(crate) fn glyph(state: LaneState) -> &'static str {
    look_of(state).glyph
}

/// The colour (and weight) of a state, matching its glyph.
pub(crate) fn state_style(state: LaneState) -> Style {
    look_of(state).style
}

/// A state in one word, for the legend and thread rows.
pub(crate) fn state_word(state: LaneState) -> Words {
    look_of(state).word
}

/// When two states share one timeline cell, the one a learner must not miss wins.
pub(crate) fn salience(state: LaneState) -> u8 {
    look_of(state).salience
}

/// The states in legend order.
pub(crate) const LEGEND: [LaneState; 11] = [
    LaneState::Running,
    LaneState::Working,
    LaneState::Sleeping,
    LaneState::Waiting,
    LaneState::Blocked,
    LaneState::Deadlocked,
    LaneState::Held,
    LaneState::Starting,
    LaneState::Exited,
    LaneState::Zombie,
    LaneState::Killed,
];

const PALETTE: [Color; 6] = [
    Color::LightCyan,
    Color::LightYellow,
    Color::LightGreen,
    Color::LightMagenta,
    Color::LightBlue,
    Color::LightRed,
];

/// The colour of the `i`-th lane's actor, the same in the timeline, tree and log,
/// so a name can be followed across panes.
pub(crate) fn palette(i: usize) -> Color {
    PALETTE[i % PALETTE.len()]
}

/// Secondary text (times, pids, hints): grey, still readable on a projector.
pub(crate) fn dim() -> Style {
    Style::new().fg(Color::Gray)
}

/// Decoration that may fade (tree guides, separators).
pub(crate) fn faint() -> Style {
    Style::new().fg(Color::DarkGray)
}

/// Pane borders.
pub(crate) fn border() -> Style {
    Style::new().fg(Color::Gray)
}

/// Keys in hints and the help overlay.
pub(crate) fn key() -> Style {
    Style::new()
        .fg(Color::LightCyan)
        .add_modifier(Modifier::BOLD)
}

/// How an outcome's tone looks: its mark, and the colour of a value or sentence
/// in that tone (orange: an invariant broke, blue: it held).
pub(crate) fn tone_look(tone: Tone) -> (&'static str, Style) {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    match tone {
        Tone::Bad => ("✗", bold.fg(BAD)),
        Tone::Good => ("✓", bold.fg(GOOD)),
        Tone::Neutral => ("•", bold.fg(Color::LightCyan)),
    }
}

//! How states look: one glyph and one colour per state, so the timeline reads
//! without colour too (projectors wash colours out; some learners are colour-blind).

use ratatui::style::{Color, Modifier, Style};

use super::words::Words;
use crate::model::lanes::LaneState;

/// The glyph a timeline cell shows for a state (`Gone` is blank).
pub(crate) fn glyph(state: LaneState) -> &'static str {
    match state {
        LaneState::Starting => "·",
        LaneState::Running => "█",
        LaneState::Working => "▓",
        LaneState::Sleeping => "─",
        LaneState::Waiting => "┄",
        LaneState::Exited => "×",
        LaneState::Zombie => "Z",
        LaneState::Killed => "✕",
        LaneState::Gone => " ",
    }
}

/// The colour (and weight) of a state, matching its glyph.
pub(crate) fn state_style(state: LaneState) -> Style {
    let s = Style::new();
    match state {
        LaneState::Starting => s.fg(Color::Gray),
        LaneState::Running => s.fg(Color::Green),
        LaneState::Working => s.fg(Color::LightGreen),
        LaneState::Sleeping => s.fg(Color::LightBlue),
        LaneState::Waiting => s.fg(Color::Yellow),
        LaneState::Exited => s.fg(Color::DarkGray),
        LaneState::Zombie => s.fg(Color::LightMagenta).add_modifier(Modifier::BOLD),
        LaneState::Killed => s.fg(Color::LightRed).add_modifier(Modifier::BOLD),
        LaneState::Gone => s,
    }
}

/// A state in one word, for the legend and thread rows.
pub(crate) fn state_word(state: LaneState) -> Words {
    match state {
        LaneState::Starting => Words::new("start", "启动"),
        LaneState::Running => Words::new("run", "运行"),
        LaneState::Working => Words::new("work", "计算"),
        LaneState::Sleeping => Words::new("sleep", "睡眠"),
        LaneState::Waiting => Words::new("wait", "等待"),
        LaneState::Exited => Words::new("exited", "已退出"),
        LaneState::Zombie => Words::new("zombie", "僵尸"),
        LaneState::Killed => Words::new("killed", "被杀"),
        LaneState::Gone => Words::new("gone", "已回收"),
    }
}

/// When two states share one timeline cell, the one a learner must not miss wins.
pub(crate) fn salience(state: LaneState) -> u8 {
    match state {
        LaneState::Gone => 0,
        LaneState::Starting => 1,
        LaneState::Sleeping => 2,
        LaneState::Running => 3,
        LaneState::Working => 4,
        LaneState::Waiting => 5,
        LaneState::Exited => 6,
        LaneState::Killed => 7,
        LaneState::Zombie => 8,
    }
}

/// The states in legend order.
pub(crate) const LEGEND: [LaneState; 8] = [
    LaneState::Running,
    LaneState::Working,
    LaneState::Sleeping,
    LaneState::Waiting,
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

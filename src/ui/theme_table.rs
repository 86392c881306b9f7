//! Each theme's colour table: what every colour the widgets draw with becomes,
//! as an xterm 256-colour index whose RGB is fixed (16–255), so the contrast
//! of each pair can be computed (WCAG 2 relative luminance) and tested.
//!
//! Widgets keep drawing with a few named colours (`Color::LightCyan` for keys,
//! `Color::Red` behind an alarm…); `Paint::finish` looks each cell up here.
//! On the screen's own paper a foreground is an `Ink`; a cell with a
//! background of its own is a `Badge`, whose text always takes the badge's ink.

use ratatui::style::Color;
use Color::*;

use super::theme::{BAD, GOOD};

/// One colour the widgets use on the paper, and what it becomes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ink {
    /// What the colour is used for, named in a failing contrast test.
    #[cfg_attr(not(test), allow(dead_code))]
    pub role: &'static str,
    pub from: Color,
    pub to: u8,
}

/// A background the widgets use, and the pair it becomes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Badge {
    #[cfg_attr(not(test), allow(dead_code))]
    pub role: &'static str,
    pub from: Color,
    pub bg: u8,
    pub fg: u8,
}

/// A theme's whole palette.
#[derive(Debug)]
pub(crate) struct Table {
    /// The screen's background.
    pub paper: u8,
    /// A foreground not in `inks` (the terminal's default, a new colour).
    pub text: u8,
    pub inks: &'static [Ink],
    /// A background not in `badges` takes `badges[0]`.
    pub badges: &'static [Badge],
}

impl Table {
    /// The colour `fg` becomes on the paper.
    pub fn ink(&self, fg: Color) -> Color {
        let to = self
            .inks
            .iter()
            .find(|i| i.from == fg)
            .map_or(self.text, |i| i.to);
        Color::Indexed(to)
    }

    /// The (background, foreground) a cell drawn over `bg` becomes.
    pub fn badge(&self, bg: Color) -> (Color, Color) {
        let b = self
            .badges
            .iter()
            .find(|b| b.from == bg)
            .unwrap_or(&self.badges[0]);
        (Color::Indexed(b.bg), Color::Indexed(b.fg))
    }
}

const fn ink(role: &'static str, from: Color, to: u8) -> Ink {
    Ink { role, from, to }
}

const fn badge(role: &'static str, from: Color, bg: u8, fg: u8) -> Badge {
    Badge { role, from, bg, fg }
}

// The roles, shared by the three tables so they name the same things.
const TEXT: &str = "text (the terminal's default foreground)";
const PRINT: &str = "printed lines, the result line (White)";
const DIM: &str = "times, pids, hints, borders, exited (Gray)";
const FAINT: &str = "tree guides, separators (DarkGray)";
const KEY: &str = "keys, accent, actor 1 (LightCyan)";
const AXIS: &str = "time axis, tree notes (Cyan)";
const PAUSE: &str = "paused, waits (Yellow)";
const NAME: &str = "lock/queue names, time cursor, actor 2 (LightYellow)";
const A3: &str = "actor 3 (LightGreen)";
const A4: &str = "actor 4, pipes (LightMagenta)";
const A5: &str = "actor 5 (LightBlue)";
const A6: &str = "actor 6 (LightRed)";
const S_GOOD: &str = "held, passed: GOOD (sky blue)";
const S_BAD: &str = "broken, failed: BAD (orange)";
const S_RUN: &str = "state running (bluish green)";
const S_WORK: &str = "state working (light green)";
const S_SLEEP: &str = "state sleeping (blue)";
const S_WAIT: &str = "state waiting (yellow)";
const S_BLOCK: &str = "state blocked (orange)";
const S_HELD: &str = "state held by step mode (pale blue)";
const S_ALARM: &str = "deadlocked, killed (vermillion)";
const S_ZOMBIE: &str = "zombie (reddish purple)";

// The badges: the first one is also any other background.
const ROW: &str = "chosen row (DarkGray background)";
const ALARM_BG: &str = "deadlock banner, deadlocked name (Red background)";
const TAB: &str = "title badge (LightCyan background)";
const SELECT: &str = "picker selection (Blue background)";
const REPLAY: &str = "REPLAY badge (LightMagenta background)";
const STEP: &str = "STEP MODE badge (LightYellow background)";
const AUTO: &str = "AUTO-BREAK badge (BAD background)";
const GREY_BG: &str = "Gray background";

/// On black: the standard look, every colour at least 4.5:1.
pub(crate) const DARK: Table = Table {
    paper: 16,
    text: 252,
    inks: &[
        ink(TEXT, Reset, 252),
        ink(PRINT, White, 231),
        ink("Black", Black, 252),
        ink(DIM, Gray, 248),
        ink(FAINT, DarkGray, 243),
        ink(KEY, LightCyan, 123),
        ink(AXIS, Cyan, 44),
        ink(PAUSE, Yellow, 220),
        ink(NAME, LightYellow, 228),
        ink(A3, LightGreen, 120),
        ink(A4, LightMagenta, 213),
        ink(A5, LightBlue, 111),
        ink(A6, LightRed, 210),
        ink("Red", Red, 203),
        ink("Green", Green, 40),
        ink("Blue", Blue, 75),
        ink("Magenta", Magenta, 170),
        ink(S_GOOD, GOOD, 39),
        ink(S_BAD, BAD, 208),
        ink(S_RUN, Indexed(36), 36),
        ink(S_WORK, Indexed(79), 79),
        ink(S_SLEEP, Indexed(32), 32),
        ink(S_WAIT, Indexed(227), 227),
        ink(S_BLOCK, Indexed(214), 214),
        ink(S_HELD, Indexed(117), 117),
        ink(S_ALARM, Indexed(202), 202),
        ink(S_ZOMBIE, Indexed(175), 175),
    ],
    badges: &[
        badge(ROW, DarkGray, 238, 231),
        badge(ALARM_BG, Red, 124, 231),
        badge(TAB, LightCyan, 80, 16),
        badge(SELECT, Blue, 25, 231),
        badge(REPLAY, LightMagenta, 177, 16),
        badge(STEP, LightYellow, 228, 16),
        badge(AUTO, BAD, 208, 16),
        badge(GREY_BG, Gray, 250, 16),
    ],
};

/// On white: every colour darkened until it reads at 4.5:1 or more.
pub(crate) const LIGHT: Table = Table {
    paper: 231,
    text: 234,
    inks: &[
        ink(TEXT, Reset, 234),
        ink(PRINT, White, 234),
        ink("Black", Black, 16),
        ink(DIM, Gray, 241),
        ink(FAINT, DarkGray, 243),
        ink(KEY, LightCyan, 24),
        ink(AXIS, Cyan, 23),
        ink(PAUSE, Yellow, 94),
        ink(NAME, LightYellow, 58),
        ink(A3, LightGreen, 28),
        ink(A4, LightMagenta, 127),
        ink(A5, LightBlue, 26),
        ink(A6, LightRed, 160),
        ink("Red", Red, 124),
        ink("Green", Green, 22),
        ink("Blue", Blue, 19),
        ink("Magenta", Magenta, 90),
        ink(S_GOOD, GOOD, 25),
        ink(S_BAD, BAD, 130),
        ink(S_RUN, Indexed(36), 29),
        ink(S_WORK, Indexed(79), 28),
        ink(S_SLEEP, Indexed(32), 20),
        ink(S_WAIT, Indexed(227), 58),
        ink(S_BLOCK, Indexed(214), 94),
        ink(S_HELD, Indexed(117), 61),
        ink(S_ALARM, Indexed(202), 124),
        ink(S_ZOMBIE, Indexed(175), 90),
    ],
    badges: &[
        badge(ROW, DarkGray, 252, 16),
        badge(ALARM_BG, Red, 124, 231),
        badge(TAB, LightCyan, 24, 231),
        badge(SELECT, Blue, 25, 231),
        badge(REPLAY, LightMagenta, 90, 231),
        badge(STEP, LightYellow, 229, 16),
        badge(AUTO, BAD, 130, 231),
        badge(GREY_BG, Gray, 252, 16),
    ],
};

/// For the back of a classroom: bright on black, every colour at 7:1 or more
/// (WCAG AAA), greys turned white, alarms black on yellow.
pub(crate) const PROJECTOR: Table = Table {
    paper: 16,
    text: 231,
    inks: &[
        ink(TEXT, Reset, 231),
        ink(PRINT, White, 231),
        ink("Black", Black, 231),
        ink(DIM, Gray, 231),
        ink(FAINT, DarkGray, 231),
        ink(KEY, LightCyan, 123),
        ink(AXIS, Cyan, 51),
        ink(PAUSE, Yellow, 226),
        ink(NAME, LightYellow, 228),
        ink(A3, LightGreen, 120),
        ink(A4, LightMagenta, 213),
        ink(A5, LightBlue, 117),
        ink(A6, LightRed, 210),
        ink("Red", Red, 210),
        ink("Green", Green, 120),
        ink("Blue", Blue, 117),
        ink("Magenta", Magenta, 213),
        ink(S_GOOD, GOOD, 81),
        ink(S_BAD, BAD, 214),
        ink(S_RUN, Indexed(36), 49),
        ink(S_WORK, Indexed(79), 122),
        ink(S_SLEEP, Indexed(32), 75),
        ink(S_WAIT, Indexed(227), 227),
        ink(S_BLOCK, Indexed(214), 221),
        ink(S_HELD, Indexed(117), 153),
        ink(S_ALARM, Indexed(202), 209),
        ink(S_ZOMBIE, Indexed(175), 219),
    ],
    badges: &[
        badge(ROW, DarkGray, 231, 16),
        badge(ALARM_BG, Red, 226, 16),
        badge(TAB, LightCyan, 123, 16),
        badge(SELECT, Blue, 231, 16),
        badge(REPLAY, LightMagenta, 213, 16),
        badge(STEP, LightYellow, 228, 16),
        badge(AUTO, BAD, 214, 16),
        badge(GREY_BG, Gray, 231, 16),
    ],
};

/// The RGB of an xterm colour index from 16 (the cube and the grey ramp;
/// 0–15 are the terminal's own and never used by a table).
#[cfg(test)]
pub(crate) fn rgb(i: u8) -> Option<(u8, u8, u8)> {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match i {
        0..=15 => None,
        16..=231 => {
            let c = usize::from(i - 16);
            Some((LEVELS[c / 36], LEVELS[c / 6 % 6], LEVELS[c % 6]))
        }
        _ => {
            let g = 8 + 10 * (i - 232);
            Some((g, g, g))
        }
    }
}

/// WCAG 2 relative luminance of an sRGB colour.
pub(crate) fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG 2 contrast ratio of two colours (1 to 21, the same either way round).
#[cfg(test)]
pub(crate) fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

//! Which theme suits the terminal when `--theme` is not given: light where the
//! terminal says its background is light (`COLORFGBG`, else its answer to the
//! OSC 11 query), dark otherwise. The query is sent only when stdout is a
//! terminal, and a terminal that never answers costs `QUERY_TIMEOUT`, no more.

use std::io::{IsTerminal, Read, Write};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

use super::theme::Theme;

/// How long a silent terminal is waited for.
pub const QUERY_TIMEOUT: Duration = Duration::from_millis(100);

/// "What is your background colour?" (OSC 11), then "what are you?" (DA1):
/// every terminal answers the second, so one that ignores the first is known
/// at once instead of after the timeout.
const QUERY: &[u8] = b"\x1b]11;?\x07\x1b[c";

/// The theme for this terminal: light on a light background, else dark.
pub fn detect() -> Theme {
    let env = std::env::var("COLORFGBG").ok();
    let light = env
        .as_deref()
        .and_then(colorfgbg_is_light)
        .or_else(query_terminal)
        .unwrap_or(false);
    if light {
        Theme::Light
    } else {
        Theme::Dark
    }
}

/// `COLORFGBG` (rxvt, Konsole…) is `fg;bg` or `fg;default;bg`: backgrounds
/// 7 and 9–15 are light, 0–6 and 8 dark (as Vim reads it); anything else says nothing.
pub(crate) fn colorfgbg_is_light(v: &str) -> Option<bool> {
    let bg: u8 = v.rsplit(';').next()?.trim().parse().ok()?;
    match bg {
        0..=6 | 8 => Some(false),
        7 | 9..=15 => Some(true),
        _ => None,
    }
}

/// Ask the terminal on /dev/tty, in raw mode so the answer is neither echoed
/// nor held for a newline; None when stdout is not a terminal or no answer came.
fn query_terminal() -> Option<bool> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()?;
    let was_raw = crossterm::terminal::is_raw_mode_enabled().unwrap_or(false);
    if !was_raw {
        crossterm::terminal::enable_raw_mode().ok()?;
    }
    let mut out = tty.try_clone().ok()?;
    let answer = ask(&mut tty, &mut out, QUERY_TIMEOUT);
    if !was_raw {
        let _ = crossterm::terminal::disable_raw_mode();
    }
    background_is_light(&answer?)
}

/// Send the query to `out` and read `input` until the DA1 answer arrives or
/// `timeout` passes; what came back, if anything.
pub(crate) fn ask<R: Read + AsRawFd>(
    input: &mut R,
    out: &mut impl Write,
    timeout: Duration,
) -> Option<Vec<u8>> {
    out.write_all(QUERY).ok()?;
    out.flush().ok()?;
    let deadline = Instant::now() + timeout;
    let mut got = Vec::new();
    let mut chunk = [0u8; 256];
    while !answered_da1(&got) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || !crate::runtime::fifo::poll_fd(input.as_raw_fd(), libc::POLLIN, left) {
            break;
        }
        match input.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&chunk[..n]),
        }
    }
    (!got.is_empty()).then_some(got)
}

/// The DA1 answer is `ESC [ ? … c`.
fn answered_da1(got: &[u8]) -> bool {
    let Some(at) = got.windows(3).position(|w| w == b"\x1b[?") else {
        return false;
    };
    got[at..].contains(&b'c')
}

/// Whether the OSC 11 answer in `got` (`ESC ] 11 ; rgb:RRRR/GGGG/BBBB`, ended
/// by BEL or ESC \) is a light colour: dark text reads better on it than light
/// (relative luminance above 0.18, where black and white contrast equally).
pub(crate) fn background_is_light(got: &[u8]) -> Option<bool> {
    let text = String::from_utf8_lossy(got);
    let rest = &text[text.find("]11;")? + 4..];
    let end = rest.find(['\x07', '\x1b']).unwrap_or(rest.len());
    let spec = rest[..end].strip_prefix("rgb:")?;
    let mut channels = spec.split('/').map(|h| {
        let v = u32::from_str_radix(h, 16).ok()?;
        let full = (1u32 << (4 * h.len().clamp(1, 4))) - 1;
        (h.len() <= 4).then(|| f64::from(v) / f64::from(full))
    });
    let (r, g, b) = (channels.next()??, channels.next()??, channels.next()??);
    let scale = |c: f64| (c * 255.0).round() as u8;
    let l = super::theme_table::luminance((scale(r), scale(g), scale(b)));
    Some(l > 0.18)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colorfgbg_names_light_and_dark_backgrounds() {
        assert_eq!(colorfgbg_is_light("0;15"), Some(true));
        assert_eq!(colorfgbg_is_light("0;7"), Some(true));
        assert_eq!(colorfgbg_is_light("15;0"), Some(false));
        assert_eq!(colorfgbg_is_light("12;default;8"), Some(false));
        assert_eq!(colorfgbg_is_light("0;default;15"), Some(true));
        assert_eq!(colorfgbg_is_light("default;default"), None);
        assert_eq!(colorfgbg_is_light(""), None);
        assert_eq!(colorfgbg_is_light("0;200"), None);
    }

    #[test]
    fn osc11_answers_are_read_in_any_width_and_either_ending() {
        let white = b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\";
        assert_eq!(background_is_light(white), Some(true));
        assert_eq!(
            background_is_light(b"\x1b]11;rgb:0000/0000/0000\x07"),
            Some(false)
        );
        assert_eq!(background_is_light(b"\x1b]11;rgb:fd/f6/e3\x07"), Some(true));
        // Solarized dark and a mid grey either side of the line.
        assert_eq!(
            background_is_light(b"\x1b]11;rgb:00/2b/36\x07"),
            Some(false)
        );
        assert_eq!(background_is_light(b"\x1b]11;rgb:80/80/80\x07"), Some(true));
        assert_eq!(
            background_is_light(b"\x1b]11;rgb:60/60/60\x07"),
            Some(false)
        );
        // With the DA1 answer after it, as `ask` reads it.
        assert_eq!(
            background_is_light(b"\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[?62;22c"),
            Some(true)
        );
    }

    #[test]
    fn garbage_and_missing_answers_say_nothing() {
        assert_eq!(background_is_light(b""), None);
        assert_eq!(background_is_light(b"\x1b[?1;2c"), None);
        assert_eq!(background_is_light(b"\x1b]11;rgb:zz/00/00\x07"), None);
        assert_eq!(background_is_light(b"\x1b]11;rgb:ff/ff\x07"), None);
        assert_eq!(background_is_light(b"\x1b]11;rgb:fffff/0/0\x07"), None);
        assert_eq!(background_is_light(b"\x1b]11;cmy:1/1/1\x07"), None);
    }

    #[test]
    fn a_silent_terminal_costs_the_timeout_and_no_more() {
        let (mut rx, _tx) = std::io::pipe().expect("pipe");
        let mut sent = Vec::new();
        let t0 = Instant::now();
        assert_eq!(ask(&mut rx, &mut sent, QUERY_TIMEOUT), None);
        assert!(t0.elapsed() < Duration::from_secs(5), "no hang");
        assert_eq!(sent, QUERY, "the query went out");
    }

    #[test]
    fn the_da1_answer_ends_the_wait_before_the_timeout() {
        let (mut rx, mut tx) = std::io::pipe().expect("pipe");
        tx.write_all(b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?64;1c")
            .expect("write");
        let t0 = Instant::now();
        let got = ask(&mut rx, &mut Vec::new(), Duration::from_secs(600)).expect("an answer");
        assert!(t0.elapsed() < Duration::from_secs(60), "DA1 ended the wait");
        assert_eq!(background_is_light(&got), Some(true));
        // A terminal that answers DA1 only: dark, at once.
        tx.write_all(b"\x1b[?1;2c").expect("write");
        let got = ask(&mut rx, &mut Vec::new(), Duration::from_secs(600)).expect("DA1");
        assert_eq!(background_is_light(&got), None);
    }

    #[test]
    fn a_closed_input_ends_the_wait() {
        let (mut rx, tx) = std::io::pipe().expect("pipe");
        drop(tx);
        assert_eq!(
            ask(&mut rx, &mut Vec::new(), Duration::from_secs(600)),
            None
        );
    }
}

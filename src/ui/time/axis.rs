//! The time axis under the timeline and the legend that explains its glyphs.

use crate::model::lanes::LaneState;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::theme::{dim, glyph, state_style, state_word, LEGEND};
use super::width::str_width;
use super::window::Window;
use super::words::Words;
use crate::scenario::text::Lang;

/// Tick steps to choose from, in microseconds.
pub(in crate::ui) const STEPS_US: [u64; 16] = [
    10_000,
    20_000,
    50_000,
    100_000,
    200_000,
    500_000,
    1_000_000,
    2_000_000,
    5_000_000,
    10_000_000,
    20_000_000,
    30_000_000,
    60_000_000,
    120_000_000,
    300_000_000,
    600_000_000,
];
/// Cells between two ticks at least, so labels never touch.
const TICK_GAP: u64 = 8;

fn pick_step(cell_us: u64) -> u64 {
    let want = cell_us.saturating_mul(TICK_GAP);
    STEPS_US
        .iter()
        .copied()
        .find(|&s| s >= want)
        .unwrap_or(STEPS_US[STEPS_US.len() - 1])
}

fn tick_label(t_us: u64, step_us: u64) -> String {
    let secs = t_us as f64 / 1e6;
    if step_us >= 1_000_000 {
        format!("{secs:.0}s")
    } else if step_us >= 100_000 {
        format!("{secs:.1}s")
    } else {
        format!("{secs:.2}s")
    }
}

/// `╵0s     ╵1s     ╵2s`: ticks at round times, each under the cell holding it.
pub(crate) fn draw_axis(win: &Window, x: u16, y: u16, buf: &mut Buffer) {
    if win.cells == 0 {
        return;
    }
    let step = pick_step(win.cell_us);
    let mut t = win.start_us.div_ceil(step) * step;
    while t < win.end_us() {
        let c = u16::try_from((t - win.start_us) / win.cell_us).unwrap_or(u16::MAX);
        if c >= win.cells {
            break;
        }
        let label = format!("╵{}", tick_label(t, step));
        if str_width(&label) > usize::from(win.cells - c) {
            break;
        }
        buf.set_stringn(x + c, y, label, usize::MAX, dim());
        t += step;
    }
}

const KINDS: [(&str, Words); 3] = [
    ("P", Words::new("process", "进程")),
    ("T", Words::new("thread", "线程")),
    ("d", Words::new("daemon", "守护")),
];

/// One line explaining every glyph, then the badges, as far as whole items fit.
/// The legend of the states on screen (`shown`), in a fixed order; `with_pause`
/// adds the mark for paused stretches once the run has been paused; `tasks`
/// explains the `C` badge of coroutine lanes, first (see `loop_note`).
pub(crate) fn draw_legend(
    lang: Lang,
    area: Rect,
    buf: &mut Buffer,
    shown: &[LaneState],
    (with_pause, tasks): (bool, Option<String>),
) {
    let mut items: Vec<(Span<'static>, String)> = LEGEND
        .iter()
        .filter(|s| shown.contains(s))
        .map(|&s| {
            (
                Span::styled(glyph(s), state_style(s)),
                state_word(s).get(lang).to_string(),
            )
        })
        .collect();
    if with_pause {
        let word = match lang {
            Lang::En => "paused",
            Lang::Zh => "暂停",
        };
        items.push((Span::styled("‖", dim()), word.to_string()));
    }
    // The one thread coroutine lanes share is the lesson: it goes first.
    if let Some(note) = tasks {
        items.insert(0, (Span::styled("C", dim()), note));
    }
    for (badge, words) in KINDS {
        let style = if badge == "d" {
            Style::new().fg(Color::Cyan)
        } else {
            dim()
        };
        items.push((Span::styled(badge, style), words.get(lang).to_string()));
    }
    let width = usize::from(area.width);
    let mut spans = Vec::new();
    let mut used = 0;
    for (mark, word) in items {
        let gap = if spans.is_empty() { 0 } else { 2 };
        let need = gap + str_width(&mark.content) + 1 + str_width(&word);
        if used + need > width {
            break;
        }
        if gap > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(mark);
        spans.push(Span::styled(format!(" {word}"), dim()));
        used += need;
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_spaced() {
        assert_eq!(pick_step(10_000), 100_000);
        assert_eq!(pick_step(100_000), 1_000_000);
        assert_eq!(pick_step(200_000), 2_000_000);
        assert_eq!(tick_label(1_500_000, 500_000), "1.5s");
        assert_eq!(tick_label(2_000_000, 1_000_000), "2s");
    }

    #[test]
    fn axis_labels_sit_under_their_cells() {
        let win = Window::new(2_000_000, 40); // 50 ms a cell: ticks every 0.5 s
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 1));
        draw_axis(&win, 0, 0, &mut buf);
        let row: String = (0..40).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert!(row.starts_with("╵0.0s     ╵0.5s     ╵1.0s"), "{row}");
        assert_eq!(buf[(10, 0)].symbol(), "╵");
    }

    #[test]
    fn the_coroutine_note_comes_first_so_a_narrow_legend_keeps_it() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 64, 1));
        let shown = [LaneState::Running, LaneState::Sleeping, LaneState::Exited];
        let note = Some("tasks of main's thread (tid 42)".to_string());
        draw_legend(
            Lang::En,
            Rect::new(0, 0, 64, 1),
            &mut buf,
            &shown,
            (false, note),
        );
        let row: String = (0..64).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert!(
            row.starts_with("C tasks of main's thread (tid 42)  "),
            "{row}"
        );
        assert!(row.contains(" run"), "{row}");
        let mut plain = Buffer::empty(Rect::new(0, 0, 64, 1));
        draw_legend(
            Lang::En,
            Rect::new(0, 0, 64, 1),
            &mut plain,
            &shown,
            (false, None),
        );
        let row: String = (0..64)
            .map(|x| plain[(x, 0)].symbol().to_string())
            .collect();
        assert!(!row.contains("C "), "no coroutines, no note: {row}");
    }
}

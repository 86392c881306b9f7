//! A GIL lane on the timeline: one row per process whose modelled GIL the
//! run shows, under that process's threads. Each cell shows who held the GIL
//! then, by the last digit of its name (`t0` → `0`, a name without one by its
//! first letter) in the colour of its own lane's name; a cell is often longer
//! than a switch interval, and when several shared it, it shows one other
//! than the cell before's (see `GilTrack::stretch`), so two threads taking
//! turns read as `0101…` and one computing alone as `0000`. A cell in which
//! others waited is drawn reversed (a solid stripe), a free GIL as `·`. Its
//! label says that the GIL is modelled: CPython's own cannot be watched.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

use super::lane_fold::LaneRow;
use super::lane_groups::stem_of;
use super::theme::{dim, palette};
use super::width::{fit, str_width};
use super::window::Window;
use crate::model::gil::{GilTrack, Gils, Stretch};
use crate::model::lanes::Lane;
use crate::scenario::text::Lang;

/// The row's label: `GIL (modelled)`, `GIL:p0 (modelled)` for process p0.
pub(crate) fn gil_label(track: &GilTrack, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} (modelled)", track.lock),
        Lang::Zh => format!("{}（模拟）", track.lock),
    }
}

/// The widest label, in either language: the name column makes room for it.
pub(crate) fn label_width(gils: &Gils) -> usize {
    let widest = gils.tracks.iter().flat_map(|t| {
        [Lang::En, Lang::Zh]
            .into_iter()
            .map(|l| str_width(&gil_label(t, l)))
    });
    widest.max().unwrap_or(0)
}

/// One row per GIL, placed after the last lane of its process (its threads
/// share the process's pid); a GIL whose process has no lane goes after the
/// last of its holders.
pub(crate) fn gil_rows(lanes: &[Lane], gils: &Gils) -> Vec<LaneRow> {
    let last_of_pid = |pid: i32| lanes.iter().rposition(|l| l.pid == pid);
    let index = |name: &str| lanes.iter().position(|l| l.actor == name);
    gils.tracks
        .iter()
        .enumerate()
        .filter_map(|(track, t)| {
            let by_process = index(t.process()).and_then(|i| last_of_pid(lanes[i].pid));
            let by_holders = t.holders.iter().filter_map(|h| index(h)).max();
            let after = by_process.or(by_holders)?;
            Some(LaneRow::Gil { track, after })
        })
        .collect()
}

/// `t0` → `0`, `worker12` → `2`, `main` → `m`: one character per holder.
fn tag(name: &str) -> String {
    let c = match stem_of(name) {
        Some((_, digits)) => digits.chars().last(),
        None => name.chars().next(),
    };
    c.map_or_else(|| "?".to_string(), String::from)
}

/// What one cell shows: the holder's tag in its lane's colour (reversed
/// when others waited), `·` when free, nothing outside the run.
fn cell(s: Stretch, tags: &[(String, Color)]) -> (String, Style) {
    match s.holder.and_then(|h| tags.get(h)) {
        Some((tag, color)) => {
            let style = Style::new().fg(*color).add_modifier(Modifier::BOLD);
            let style = if s.waiting > 0 {
                style.add_modifier(Modifier::REVERSED)
            } else {
                style
            };
            (tag.clone(), style)
        }
        None => ("·".to_string(), dim()),
    }
}

/// The GIL row at `(x, y)`: its label in the name column (`label_w` wide),
/// then a cell per cell of `win` from the GIL's first event on.
pub(crate) fn draw_gil_row(
    track: &GilTrack,
    lanes: &[Lane],
    win: &Window,
    (x, y, label_w): (u16, u16, u16),
    lang: Lang,
    buf: &mut Buffer,
) {
    if label_w > 0 {
        let label = fit(&gil_label(track, lang), usize::from(label_w - 1));
        let style = Style::new().add_modifier(Modifier::BOLD);
        buf.set_stringn(x, y, label, label_w.into(), style);
    }
    let tags: Vec<(String, Color)> = track
        .holders
        .iter()
        .map(|h| {
            let i = lanes.iter().position(|l| &l.actor == h);
            (tag(h), i.map_or(Color::White, palette))
        })
        .collect();
    let Some(first) = track.holds().first().map(|h| h.from_us) else {
        return;
    };
    let bars = x + label_w;
    let mut prev = None;
    for c in 0..win.cells {
        let t0 = win.cell_start(c);
        if t0 > win.now_us {
            break;
        }
        let t1 = (t0 + win.cell_us).min(win.now_us + 1);
        if t1 <= first {
            continue;
        }
        let stretch = track.stretch((t0, t1), win.now_us, prev);
        prev = stretch.holder;
        let (symbol, style) = cell(stretch, &tags);
        if let Some(cell) = buf.cell_mut((bars + c, y)) {
            cell.set_symbol(&symbol).set_style(style);
        }
    }
}

#[cfg(test)]
#[path = "gil_lane_tests.rs"]
mod tests;

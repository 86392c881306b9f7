//! The timeline: one row per actor, its states drawn over a time axis.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::axis::{draw_axis, draw_legend};
use super::lane_pick::{choose, Choice, LaneScroll};
use super::theme::{dim, glyph, palette, state_style};
use super::time_cursor::{label_on_axis, mark_column, readout};
use super::view_window::ViewWindow;
use super::width::{fit, str_width};
use super::window::Window;
use super::words::tr;
use crate::event::ActorKind;
use crate::model::lanes::{Lane, LaneState};
use crate::model::Model;
use crate::scenario::text::Lang;

/// The lanes of a run up to `now_us`, drawn inside whatever frame the screen gives.
pub struct Timeline<'a> {
    pub model: &'a Model,
    pub now_us: u64,
    pub lang: Lang,
    /// The actors the lesson is about now, most important first: kept on
    /// screen when the lanes outnumber the rows (see `lane_pick`).
    pub focus: &'a [String],
    /// The user's scroll of the lanes; None lets the lesson choose.
    pub scroll: LaneScroll,
}

/// How the rows of the area are shared out.
struct Rows {
    lanes: u16,
    /// 2 leaves a blank row between lanes, when there is room (projectors).
    pitch: u16,
    more: bool,
    axis: bool,
    legend: bool,
}

fn share_rows(height: u16, n: usize) -> Rows {
    let n = u16::try_from(n.max(1)).unwrap_or(u16::MAX);
    let axis = height >= 3;
    let legend = height >= n.saturating_add(2);
    let left = height - u16::from(axis) - u16::from(legend);
    let more = left < n;
    let spacious = legend && left >= n.saturating_mul(2).saturating_sub(1);
    Rows {
        lanes: if more { left.saturating_sub(1) } else { n },
        pitch: if spacious { 2 } else { 1 },
        more,
        axis,
        legend,
    }
}

/// Width of the name column: the longest visible name, kept within reason.
fn label_width(lanes: &[Lane], area_width: u16) -> u16 {
    if area_width < 12 {
        return 0;
    }
    let longest = lanes.iter().map(|l| str_width(&l.actor)).max().unwrap_or(4);
    let name = u16::try_from(longest.clamp(4, 12)).unwrap_or(12);
    (name + 4).min(area_width / 3)
}

impl Widget for &Timeline<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.render_view(area, buf, &ViewWindow::default());
    }
}

impl Timeline<'_> {
    /// Draw the lanes through the user's view: followed live, or around a
    /// time cursor (its column, its time on the axis, and what each lane was
    /// doing then in place of the legend). Returns the rows it had for lanes.
    pub(crate) fn render_view(&self, area: Rect, buf: &mut Buffer, view: &ViewWindow) -> usize {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return 0;
        }
        let lanes = &self.model.lanes;
        if lanes.is_empty() {
            let text = tr(self.lang, "waiting for the first event…", "等待第一个事件…");
            buf.set_stringn(area.x, area.y, text, area.width.into(), dim());
            return 0;
        }
        let rows = share_rows(area.height, lanes.len());
        let cursor = view.cursor(self.now_us);
        let at = cursor.unwrap_or(self.now_us);
        let choice = choose(lanes, rows.lanes.into(), self.focus, self.scroll, at);
        let label_w = label_width(lanes, area.width);
        let win = self.window_in(area, view);
        let mut y = area.y;
        let mut shown = Vec::new();
        for (k, &i) in choice.shown.iter().enumerate() {
            let lane = &lanes[i];
            if k > 0 {
                y += rows.pitch;
            }
            // At the cursor, a name is red while its lane was in a circle then.
            let state = cursor.and_then(|t| lane.state_at(t));
            let state = state.unwrap_or_else(|| lane.current());
            draw_label(lane, state, palette(i), area.x, y, label_w, buf);
            draw_bar(lane, &win, area.x + label_w, y, buf, &mut shown);
            shade_pauses(self.model, &win, area.x + label_w, y, buf);
        }
        y += u16::from(rows.lanes > 0);
        if let Some(t) = cursor {
            mark_column(&win, t, area.x + label_w, area.y..y, buf);
        }
        if rows.more {
            let text = more_line(&choice, lanes.len(), self.lang);
            buf.set_stringn(area.x, y, text, area.width.into(), dim());
            y += 1;
        }
        if rows.axis {
            draw_axis(&win, area.x + label_w, y, buf);
            if let Some(t) = cursor {
                label_on_axis(&win, t, area.x + label_w, y, buf);
            }
            y += 1;
        }
        if let Some(t) = cursor.filter(|_| rows.legend) {
            readout(
                self.model,
                t,
                self.lang,
                Rect::new(area.x, y, area.width, 1),
                buf,
            );
        } else if rows.legend {
            let paused = !self.model.run.pauses.is_empty();
            let legend = Rect::new(area.x, y, area.width, 1);
            draw_legend(self.lang, legend, buf, &shown, paused);
        }
        rows.lanes.into()
    }
}

impl Timeline<'_> {
    /// The time the lanes show when drawn in `area` through the user's view
    /// (zoom, cursor); the locks' and queues' sparklines follow it.
    pub(crate) fn window_in(&self, area: Rect, view: &ViewWindow) -> Window {
        let label_w = label_width(&self.model.lanes, area.width);
        let ended = self.model.run.ended_us.is_some();
        view.window_for(self.now_us, area.width - label_w, ended)
    }
}

/// Under the lanes when some are left out: how many, and the scroll keys;
/// while scrolled, which lanes these are (`lanes 7–12 of 20`).
fn more_line(choice: &Choice, n: usize, lang: Lang) -> String {
    let hidden = n - choice.shown.len();
    match (choice.window, lang) {
        (None, Lang::En) => format!("+{hidden} more · J K scroll lanes"),
        (None, Lang::Zh) => format!("另有 {hidden} 个 · J K 滚动"),
        (Some((a, b)), Lang::En) if a == 1 => {
            format!("lanes {a}–{b} of {n} · J K scroll · K again: the lesson's pick")
        }
        (Some((a, b)), Lang::Zh) if a == 1 => {
            format!("第 {a}–{b} 条，共 {n} 条 · J K 滚动 · 再按 K：按讲解挑选")
        }
        (Some((a, b)), Lang::En) => format!("lanes {a}–{b} of {n} · J K scroll"),
        (Some((a, b)), Lang::Zh) => format!("第 {a}–{b} 条，共 {n} 条 · J K 滚动"),
    }
}

/// `name  P d`: the actor, whether it is a process or a thread, and daemon;
/// red while `state` (now, or at the cursor) is deadlocked.
fn draw_label(
    lane: &Lane,
    state: LaneState,
    color: Color,
    x: u16,
    y: u16,
    width: u16,
    buf: &mut Buffer,
) {
    if width == 0 {
        return;
    }
    let name_w = usize::from(width.saturating_sub(4));
    let kind = match lane.kind {
        ActorKind::Process => "P",
        ActorKind::Thread => "T",
    };
    // A lane in the reported circle shows its name in the banner's red.
    let name = if state == LaneState::Deadlocked {
        Style::new()
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(color)
    };
    let line = Line::from(vec![
        Span::styled(fit(&lane.actor, name_w), name),
        Span::raw(" "),
        Span::styled(kind, dim()),
        Span::styled(
            if lane.daemon { "d" } else { " " },
            Style::new().fg(Color::Cyan),
        ),
    ]);
    buf.set_line(x, y, &line, width);
}

/// Draw one lane's cells; the states drawn are added to `shown` (for the legend).
fn draw_bar(
    lane: &Lane,
    win: &Window,
    x: u16,
    y: u16,
    buf: &mut Buffer,
    shown: &mut Vec<LaneState>,
) {
    for (c, state) in (0..win.cells).zip(win.lane_cells(lane)) {
        let Some(state) = state else {
            continue;
        };
        if state == LaneState::Gone {
            continue;
        }
        if !shown.contains(&state) {
            shown.push(state);
        }
        if let Some(cell) = buf.cell_mut((x + c, y)) {
            cell.set_symbol(glyph(state)).set_style(state_style(state));
        }
    }
}

/// While paused, real time went on but the actors were held: draw those
/// stretches as `‖` so a pause is not mistaken for work or sleep.
fn shade_pauses(model: &Model, win: &Window, x: u16, y: u16, buf: &mut Buffer) {
    if model.run.pauses.is_empty() {
        return;
    }
    for c in 0..win.cells {
        let mid = win.cell_start(c) + win.cell_us / 2;
        if !model.run.paused_at(mid) {
            continue;
        }
        if let Some(cell) = buf.cell_mut((x + c, y)) {
            if cell.symbol() != " " {
                cell.set_symbol("‖").set_style(dim());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_go_to_lanes_first_then_axis_then_legend() {
        let r = share_rows(10, 3);
        assert!(r.axis && r.legend && !r.more && r.lanes == 3 && r.pitch == 2);
        let r = share_rows(6, 3);
        assert!(r.axis && r.legend && !r.more && r.lanes == 3 && r.pitch == 1);
        let r = share_rows(4, 3);
        assert!(r.axis && !r.legend && !r.more && r.lanes == 3);
        let r = share_rows(3, 3);
        assert!(r.axis && r.more && r.lanes == 1);
        let r = share_rows(1, 3);
        assert!(!r.axis && r.more && r.lanes == 0);
    }
}

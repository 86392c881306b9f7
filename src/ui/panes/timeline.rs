//! The timeline: one row per actor, its states drawn over a time axis.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::axis::{draw_axis, draw_legend};
use super::gil_lane::draw_gil_row;
use super::group_lane::{draw_counts, draw_group_bar, draw_group_label};
use super::lane_fold::LaneRow;
use super::lane_pick::LaneScroll;
use super::lane_plan::{plan, plan_columns, Ask, FoldChoice, LaneRows, Plan};
use super::theme::{dim, glyph, palette, state_style};
use super::time_cursor::{label_on_axis, mark_column, readout};
use super::view_window::ViewWindow;
use super::width::fit;
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
    /// Fold groups of similar actors into one lane (`g`); None: when the
    /// lanes outnumber the rows.
    pub fold: FoldChoice,
}

impl Widget for &Timeline<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.render_view(area, buf, &ViewWindow::default());
    }
}

impl Timeline<'_> {
    /// Draw the lanes through the user's view: followed live, or around a
    /// time cursor (its column, its time on the axis, and what each lane was
    /// doing then in place of the legend). Returns what the rows held.
    pub(crate) fn render_view(&self, area: Rect, buf: &mut Buffer, view: &ViewWindow) -> LaneRows {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return LaneRows::default();
        }
        let lanes = &self.model.lanes;
        if lanes.is_empty() {
            let text = tr(self.lang, "waiting for the first event…", "等待第一个事件…");
            buf.set_stringn(area.x, area.y, text, area.width.into(), dim());
            return LaneRows::default();
        }
        let cursor = view.cursor(self.now_us);
        let ask = Ask {
            fold: self.fold,
            focus: self.focus,
            scroll: self.scroll,
            at_us: cursor.unwrap_or(self.now_us),
        };
        let gils = &self.model.gils;
        let p = plan(lanes, gils, area.width, area.height, &ask);
        let win = self.window_in(area, view);
        let mut y = area.y;
        let mut shown = Vec::new();
        for (k, &r) in p.choice.shown.iter().enumerate() {
            if k > 0 {
                y += p.share.pitch;
            }
            self.draw_row(&p, &p.rows[r], &win, (area.x, y), cursor, buf, &mut shown);
        }
        y += u16::from(p.share.lanes > 0);
        if let Some(t) = cursor {
            mark_column(&win, t, area.x + p.label_w, area.y..y, buf);
        }
        let below = Rect::new(area.x, y, area.width, area.bottom() - y);
        self.draw_below(&p, &win, below, cursor, &shown, buf);
        LaneRows {
            rows: p.share.lanes.into(),
            offered: p.rows.len(),
            folded: p.folded,
        }
    }

    /// One row at `(x, y)`: an actor's name and bar, or a group's label,
    /// bar and counts at the moment shown (the cursor's, or now).
    #[allow(clippy::too_many_arguments)]
    fn draw_row(
        &self,
        p: &Plan,
        row: &LaneRow,
        win: &Window,
        (x, y): (u16, u16),
        cursor: Option<u64>,
        buf: &mut Buffer,
        shown: &mut Vec<LaneState>,
    ) {
        let lanes = &self.model.lanes;
        let bars = x + p.label_w;
        match row {
            LaneRow::Lane(i) => {
                let lane = &lanes[*i];
                // At the cursor, a name is red while its lane was in a circle then.
                let state = cursor.and_then(|t| lane.state_at(t));
                let state = state.unwrap_or_else(|| lane.current());
                draw_label(lane, state, palette(*i), x, y, p.label_w, buf);
                draw_bar(lane, win, bars, y, buf, shown);
            }
            LaneRow::Group { group, members, .. } => {
                draw_group_label(&p.groups[*group], members.len(), x, y, p.label_w, buf);
                draw_group_bar(lanes, members, win, (bars, y), buf, shown);
                let at = cursor.unwrap_or(self.now_us);
                let counts = (bars + win.cells + 1, y, p.counts_w.saturating_sub(1));
                draw_counts(lanes, members, at, counts, self.lang, buf);
            }
            LaneRow::Gil { track, .. } => {
                let track = &self.model.gils.tracks[*track];
                draw_gil_row(track, lanes, win, (x, y, p.label_w), self.lang, buf);
            }
        }
        shade_pauses(self.model, win, bars, y, buf);
    }

    /// Under the lanes, as `p.share` has room: the status line, the axis
    /// (with the cursor's time), and the legend or what each lane was doing
    /// at the cursor.
    fn draw_below(
        &self,
        p: &Plan,
        win: &Window,
        area: Rect,
        cursor: Option<u64>,
        shown: &[LaneState],
        buf: &mut Buffer,
    ) {
        let rows = p.share;
        let bars = area.x + p.label_w;
        let mut y = area.y;
        if rows.more {
            let text = status_line(p, self.model.lanes.len(), self.lang);
            buf.set_stringn(area.x, y, text, area.width.into(), dim());
            y += 1;
        }
        if rows.axis {
            draw_axis(win, bars, y, buf);
            if let Some(t) = cursor {
                label_on_axis(win, t, bars, y, buf);
            }
            y += 1;
        }
        let line = Rect::new(area.x, y, area.width, 1);
        if let Some(t) = cursor.filter(|_| rows.legend) {
            readout(self.model, t, self.lang, line, buf);
        } else if rows.legend {
            let paused = !self.model.run.pauses.is_empty();
            let tasks = super::loop_note::loop_note(&self.model.lanes, self.lang);
            draw_legend(self.lang, line, buf, shown, (paused, tasks));
        }
    }
}

impl Timeline<'_> {
    /// The time the lanes show when drawn in `area` through the user's view
    /// (zoom, cursor); the locks' and queues' sparklines follow it.
    pub(crate) fn window_in(&self, area: Rect, view: &ViewWindow) -> Window {
        let lanes = &self.model.lanes;
        let size = (area.width, area.height);
        let (label_w, counts_w) = plan_columns(lanes, &self.model.gils, size, self.fold);
        let ended = self.model.run.ended_us.is_some();
        let cells = area.width.saturating_sub(label_w + counts_w);
        view.window_for(self.now_us, cells, ended)
    }
}

/// Under the lanes: whether groups are folded (and the key that turns it),
/// how many lanes are left out and the scroll keys; while scrolled, which
/// rows these are (`lanes 7–12 of 20`).
fn status_line(p: &Plan, n: usize, lang: Lang) -> String {
    let en = lang == Lang::En;
    let fold = match (p.folded, p.groups.is_empty(), en) {
        (true, _, true) => format!(" · {n} lanes folded into {} · g unfold", p.rows.len()),
        (true, _, false) => format!(" · {n} 条时间线折叠为 {} 条 · g 展开", p.rows.len()),
        (false, false, true) => " · g fold".to_string(),
        (false, false, false) => " · g 折叠".to_string(),
        (false, true, _) => String::new(),
    };
    let offered = p.rows.len();
    let hidden = offered - p.choice.shown.len();
    let lead = match (p.choice.window, en) {
        _ if hidden == 0 => return fold.trim_start_matches(" · ").to_string(),
        (None, true) => format!("+{hidden} more · J K scroll lanes"),
        (None, false) => format!("另有 {hidden} 个 · J K 滚动"),
        (Some((a, b)), true) if a == 1 => {
            format!("lanes {a}–{b} of {offered} · J K scroll · K again: the lesson's pick")
        }
        (Some((a, b)), false) if a == 1 => {
            format!("第 {a}–{b} 条，共 {offered} 条 · J K 滚动 · 再按 K：按讲解挑选")
        }
        (Some((a, b)), true) => format!("lanes {a}–{b} of {offered} · J K scroll"),
        (Some((a, b)), false) => format!("第 {a}–{b} 条，共 {offered} 条 · J K 滚动"),
    };
    format!("{lead}{fold}")
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
        // A coroutine: a task on its parent's thread.
        ActorKind::Coroutine => "C",
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

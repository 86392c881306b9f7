//! The run screen: header, panes laid out by terminal size, status bar, overlays.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::banner::DeadlockBanner;
use super::caption::LessonCaption;
use super::challenge_bar::{ChallengeBar, Debrief};
use super::explorer::ExplorerPanel;
use super::framed::pane;
use super::header::Header;
use super::help::HelpOverlay;
use super::keymap::Context;
use super::outcome_line::OutcomeLine;
use super::popup::ErrorPopup;
use super::state::{Pane, RunState, UiState};
use super::status_bar::StatusBar;
use super::turns_pane::TurnsPane;
use super::words::tr;
use crate::model::outcome::Outcome;

/// From this width the wide layout has room for the code beside the log.
pub const ROOMY_COLS: u16 = 160;

/// A column of the wide layout's lower half.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Log,
    Code,
    Shared,
    Lesson,
}

/// Below this width the panes stack instead of sitting side by side in two rows.
pub const WIDE_COLS: u16 = 120;

/// Everything on the run screen, drawn from the run and the screen choices.
pub struct RunScreen<'a> {
    pub run: &'a RunState,
    pub ui: &'a UiState,
}

impl RunScreen<'_> {
    /// Rows the timeline frame would like: lanes, axis, legend, borders; with
    /// `spaced`, a blank row between lanes.
    fn lanes_want(&self, spaced: bool) -> u16 {
        let model = &self.run.model;
        let n = (model.lanes.len() + model.gils.tracks.len()).max(1);
        let rows = if spaced { 2 * n - 1 } else { n };
        u16::try_from(rows + 4).unwrap_or(u16::MAX)
    }

    fn tree_want(&self) -> u16 {
        let tree = &self.run.model.tree;
        let threads: usize = tree.nodes().map(|n| n.threads.len()).sum();
        u16::try_from(tree.len() + threads + 3).unwrap_or(u16::MAX)
    }

    /// ≥120 columns: timeline | tree on top; log | lesson over checks below,
    /// with locks over values between them when the run has shared state.
    fn wide(&self, body: Rect, buf: &mut Buffer) {
        let want = self.lanes_want(body.height >= 40).max(self.tree_want());
        let top_h = want.clamp(body.height / 4, body.height * 3 / 5);
        let [top, bottom] =
            Layout::vertical([Constraint::Length(top_h), Constraint::Fill(1)]).areas(body);
        let [tl, tr_] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(top);
        let window = self.timeline(tl, buf);
        self.tree(tr_, buf);
        let slots = self.bottom_slots(body.width);
        let areas = Layout::horizontal(slots.iter().map(|&(_, c)| c)).split(bottom);
        for (i, (&(slot, _), &area)) in slots.iter().zip(areas.iter()).enumerate() {
            let area = if i == 0 {
                self.with_turns(area, buf)
            } else {
                area
            };
            match slot {
                Slot::Log => self.log(area, buf),
                Slot::Code => self.code(area, buf),
                Slot::Shared => self.shared(area, buf, window),
                Slot::Lesson => self.lesson_and_checks(area, buf),
            }
        }
    }

    /// Whether the wide layout shows the Python listing: on a roomy screen
    /// (beside the log) or while the lesson's page points at it, unless `c`
    /// turned that round (until a page with the other wish comes up).
    fn code_shown(&self, width: u16) -> bool {
        let page_wants = self.run.page_wants_code();
        let by_itself = width >= ROOMY_COLS || page_wants;
        let flipped = self.ui.code_flip == Some(page_wants);
        self.run.model.listing.is_some() && (by_itself != flipped)
    }

    /// The columns under the timeline, left to right: the log (which the
    /// code takes the place of when there is no room for both), the shared
    /// objects when the run has them, and the lesson over the checks.
    fn bottom_slots(&self, width: u16) -> Vec<(Slot, Constraint)> {
        let code = self.code_shown(width);
        let both = code && width >= ROOMY_COLS;
        let shared = self.run.model.has_shared_state();
        let p = Constraint::Percentage;
        let mut slots = match (code, both, shared) {
            (true, true, true) => vec![
                (Slot::Log, p(18)),
                (Slot::Code, p(36)),
                (Slot::Shared, p(22)),
            ],
            (true, true, false) => vec![(Slot::Log, p(30)), (Slot::Code, p(40))],
            (true, false, true) => vec![(Slot::Code, p(42)), (Slot::Shared, p(29))],
            (true, false, false) => vec![(Slot::Code, p(55))],
            (false, _, true) => vec![(Slot::Log, p(34)), (Slot::Shared, p(33))],
            (false, _, false) => vec![(Slot::Log, p(55))],
        };
        slots.push((Slot::Lesson, Constraint::Fill(1)));
        slots
    }

    /// Rows for the lesson caption under the narrow layout: while the
    /// lesson is not the tab on screen and there is room for the panes too.
    fn caption_rows(&self, body: Rect) -> u16 {
        let page = self.run.lesson.current().is_some();
        match body.height {
            _ if !page || self.run.tab_pane(self.ui.pane) == Pane::Lesson => 0,
            0..=13 => 0,
            14..=20 => 2,
            _ => 3,
        }
    }

    /// Narrower: timeline on top, tree | tabbed pane below, the lesson's
    /// page as a caption at the bottom.
    fn narrow(&self, body: Rect, buf: &mut Buffer) {
        let [body, caption] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(self.caption_rows(body)),
        ])
        .areas(body);
        let shown = self.run.tab_pane(self.ui.pane);
        LessonCaption {
            progress: &self.run.lesson,
            lang: self.lang(),
            tabs: shown.tabs_to(Pane::Lesson, &self.run.model),
        }
        .render(caption, buf);
        let most = body.height * 11 / 20;
        let mut top_h = self.lanes_want(false).min(most).max(body.height.min(4));
        if body.height - top_h < 3 {
            top_h = body.height;
        }
        let [top, bottom] =
            Layout::vertical([Constraint::Length(top_h), Constraint::Fill(1)]).areas(body);
        let window = self.timeline(top, buf);
        if bottom.is_empty() {
            return;
        }
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(bottom);
        let left = self.with_turns(left, buf);
        self.tree(left, buf);
        self.tabbed(right, buf, window);
    }

    /// In step mode, the turns list at the top of `area` (as tall as it
    /// wants, leaving a third for the pane below); returns what is left.
    fn with_turns(&self, area: Rect, buf: &mut Buffer) -> Rect {
        if !self.run.step_mode || area.is_empty() {
            return area;
        }
        let turns = TurnsPane {
            run: self.run,
            lang: self.lang(),
        };
        let most = area.height - area.height / 3;
        let h = turns
            .rows_wanted(area.width.saturating_sub(2))
            .saturating_add(2)
            .min(most);
        let h = if area.height < 6 { area.height } else { h };
        let [top, rest] =
            Layout::vertical([Constraint::Length(h), Constraint::Fill(1)]).areas(area);
        let title = Line::styled(
            format!(
                " {} ",
                tr(self.lang(), "Turns · step mode", "轮到谁 · 单步模式")
            ),
            Style::new()
                .fg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
        );
        let inner = pane(top, buf, title, self.ui.paint.border_type());
        turns.render(inner, buf);
        rest
    }
}

impl RunScreen<'_> {
    /// The header, and under it the outcome line when the run has one to
    /// tell; returns the area left for the panes.
    fn heading(&self, area: Rect, buf: &mut Buffer) -> Rect {
        let lang = self.lang();
        let outcome = Outcome::at(self.run.shown_model(), self.run.shown_us());
        let outcome_h = u16::from(!outcome.is_empty() && area.height >= 7);
        let banner = DeadlockBanner {
            run: self.run,
            lang,
        };
        let banner_most = match area.height {
            0..=2 => 0,
            3..=11 => 1,
            _ => 2,
        };
        let banner_h = banner.rows_wanted(area.width).min(banner_most);
        let bar_h = match self.run.challenge {
            Some(_) if area.height >= 6 => ChallengeBar::ROWS,
            _ => 0,
        };
        let [head, bar, alarm, said, rest] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(bar_h),
            Constraint::Length(banner_h),
            Constraint::Length(outcome_h),
            Constraint::Fill(1),
        ])
        .areas(area);
        banner.render(alarm, buf);
        ChallengeBar {
            run: self.run,
            lang,
        }
        .render(bar, buf);
        Header {
            run: self.run,
            lang,
        }
        .render(head, buf);
        OutcomeLine {
            outcome: &outcome,
            lang,
        }
        .render(said, buf);
        rest
    }
}

impl Widget for &RunScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let status_h = u16::from(area.height >= 2);
        let [top, status] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(status_h)]).areas(area);
        let body = self.heading(top, buf);
        let wide = area.width >= WIDE_COLS && body.height >= 16;
        if !body.is_empty() {
            if wide {
                self.wide(body, buf);
            } else {
                self.narrow(body, buf);
            }
        }
        let panel = self.run.explorer.as_ref();
        let bar = StatusBar {
            context: panel.map_or(Context::Run, |_| Context::Explorer),
            lang: self.lang(),
            all_panes_shown: wide,
            has_code: self.run.model.listing.is_some(),
        };
        let has_variants = !self.run.scenario.variants.is_empty();
        bar.scrubbing(!self.run.view.follow)
            .variants(has_variants && self.run.challenge.is_none())
            .schedules(panel.is_none_or(|p| p.chosen().is_some()))
            .own_program(self.run.own_program())
            .render(status, buf);
        if let Some(message) = &self.run.error {
            ErrorPopup {
                message,
                lang: self.lang(),
                border: self.ui.paint.border_type(),
            }
            .render(body, buf);
        }
        if self.run.challenge.as_ref().is_some_and(|c| c.debrief) {
            Debrief {
                run: self.run,
                lang: self.lang(),
                border: self.ui.paint.border_type(),
            }
            .render(body, buf);
        }
        if let Some(state) = panel {
            ExplorerPanel {
                state,
                lang: self.lang(),
                border: self.ui.paint.border_type(),
            }
            .render(below_header(top), buf);
        }
        if self.ui.help {
            HelpOverlay {
                context: panel.map_or(Context::Run, |_| Context::Explorer),
                lang: self.lang(),
                border: self.ui.paint.border_type(),
                has_variants,
                challenge: self.run.challenge.is_some(),
                own_program: self.run.own_program(),
            }
            .render(area, buf);
        }
        self.ui.paint.finish(area, buf);
    }
}

/// The screen under its header row: where the explorer panel goes.
fn below_header(top: Rect) -> Rect {
    Rect {
        y: top.y.saturating_add(1).min(top.bottom()),
        height: top.height.saturating_sub(1),
        ..top
    }
}

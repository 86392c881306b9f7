//! The app's keys on a running lesson: pause, rerun, step mode, variants,
//! speed, lanes and pages (`on_run`); a deadlock's victim or a step-mode
//! turn (`on_choice`); the time cursor (`on_time`); and autoplay's pace.

use super::app::{App, Effect};
use super::keymap::Action;
use super::state::{faster, slower, Phase};
use super::view_window::FAR;
use crate::runtime::launch::ControlMsg;

impl App {
    /// Keys that act on the run on screen.
    pub(super) fn on_run(&mut self, action: Action) -> Vec<Effect> {
        let Some(run) = self.run.as_mut() else {
            return Vec::new();
        };
        if run.refuses(action) {
            return Vec::new();
        }
        match action {
            Action::PauseResume => {
                if !matches!(
                    run.phase(),
                    Phase::Running | Phase::Paused | Phase::Starting
                ) {
                    return Vec::new();
                }
                run.paused = !run.paused;
                let msg = if run.paused {
                    ControlMsg::Pause
                } else {
                    ControlMsg::Resume
                };
                vec![Effect::Control(msg)]
            }
            Action::Undo => run.undo(),
            Action::Debrief => run.toggle_debrief(),
            Action::Rerun => {
                run.forget_undo();
                run.view.follow_live();
                vec![Effect::Stop, Effect::Launch]
            }
            Action::StepMode => vec![Effect::Control(run.toggle_step_mode())],
            Action::AutoBreak => {
                run.auto_break = !run.auto_break;
                vec![Effect::Control(ControlMsg::AutoBreak(run.auto_break))]
            }
            Action::NextVariant => {
                // Without variants `v` is not offered, and does nothing.
                let Some(v) = run.next_variant() else {
                    return Vec::new();
                };
                // A speed still at the lesson's pace follows the variant's.
                let pace = |v: Option<&str>| run.scenario.pace_of(v).unwrap_or(1.0);
                if run.speed == pace(run.variant.as_deref()) {
                    run.speed = pace(Some(&v));
                }
                run.variant = Some(v);
                // A schedule is one variant's interleaving: the next runs freely.
                run.schedule.clear();
                run.view.follow_live();
                vec![Effect::Stop, Effect::Launch]
            }
            Action::LanesDown | Action::LanesUp => {
                let drawn = run.lanes_drawn.get();
                let n = drawn.offered.saturating_sub(drawn.rows.saturating_sub(1));
                self.ui.lanes = scroll_lanes(self.ui.lanes, action == Action::LanesDown, n);
                Vec::new()
            }
            Action::FoldGroups => {
                // The other of what is on screen; the rows change, so the
                // lesson chooses them again.
                self.ui.fold = Some(!run.lanes_drawn.get().folded);
                self.ui.lanes = None;
                Vec::new()
            }
            Action::NextPage | Action::PrevPage => {
                let now = std::time::Instant::now();
                if action == Action::NextPage {
                    run.lesson.next(now);
                } else {
                    run.lesson.prev(now);
                }
                // On a narrow screen the lesson is a tab: show it, unless
                // the page points at a tab of its own (RunState::tab_pane).
                self.ui.pane = super::state::Pane::Lesson;
                Vec::new()
            }
            Action::Faster | Action::Slower => {
                let speed = if action == Action::Faster {
                    faster(run.speed)
                } else {
                    slower(run.speed)
                };
                if speed == run.speed {
                    return Vec::new();
                }
                run.speed = speed;
                vec![Effect::Control(ControlMsg::Speed(speed))]
            }
            _ => Vec::new(),
        }
    }

    /// Keys that choose a deadlock's victim or, in step mode, a turn.
    pub(super) fn on_choice(&mut self, action: Action) -> Vec<Effect> {
        let Some(run) = self.run.as_mut() else {
            return Vec::new();
        };
        let msg = match action {
            Action::Up | Action::Down => {
                run.move_chosen(action == Action::Down);
                None
            }
            Action::Open => run.pick_chosen(),
            Action::Pick(n) => run.pick(usize::from(n).saturating_sub(1)),
            _ => Some(ControlMsg::GrantAll).filter(|_| run.may_step()),
        };
        msg.map(Effect::Control).into_iter().collect()
    }

    /// Keys of the time cursor: only the view changes, the run goes on.
    pub(super) fn on_time(&mut self, action: Action) -> Vec<Effect> {
        let Some(run) = self.run.as_mut() else {
            return Vec::new();
        };
        let end = run.view_us();
        let view = &mut run.view;
        match action {
            Action::ScrubBack => view.scrub(-1, end),
            Action::ScrubForward => view.scrub(1, end),
            Action::ScrubBackFar => view.scrub(-FAR, end),
            Action::ScrubForwardFar => view.scrub(FAR, end),
            Action::ZoomIn => view.zoom_in(end),
            Action::ZoomOut => view.zoom_out(end),
            Action::FollowLive => view.follow_live(),
            _ => view.jump_start(),
        }
        run.seek_past();
        Vec::new()
    }

    /// Autoplay's look at the lesson at `now`: whether the page turned (the
    /// screen must be redrawn), and the pause or resume that keeps the pages
    /// in pace with the run. A pause the user asked for is never undone.
    pub fn autoplay_tick(&mut self, now: std::time::Instant) -> (bool, Vec<Effect>) {
        let Some(run) = self.run.as_mut().filter(|r| r.autoplay) else {
            return (false, Vec::new());
        };
        let over = run.model.run.outcome.is_some() || run.error.is_some();
        let paced = run.lesson.pace(now, over);
        let msg = match paced.hold {
            Some(true) => Some(ControlMsg::Pause),
            Some(false) if !run.paused => Some(ControlMsg::Resume),
            _ => None,
        };
        let changed = paced.turned || msg.is_some();
        (changed, msg.map(Effect::Control).into_iter().collect())
    }
}

/// The lanes' scroll after `J` (`down`) or `K`: from the lesson's choice
/// down to the top row, row by row (kept below `n`: the lanes less the
/// rows, plus one), and up past the top
/// back to the lesson's choice.
fn scroll_lanes(at: Option<u16>, down: bool, n: usize) -> Option<u16> {
    let last = u16::try_from(n.saturating_sub(1)).unwrap_or(u16::MAX);
    match (at, down) {
        (None, true) => Some(0),
        (None, false) | (Some(0), false) => None,
        (Some(o), true) => Some((o + 1).min(last)),
        (Some(o), false) => Some(o - 1),
    }
}

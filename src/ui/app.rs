//! The app as a state machine: keys become actions, actions change screen state
//! and return the side effects for the loop to perform (start, stop, steer a run).

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::keymap::{action_for, Action, Context};
use super::picker::{PickerScreen, PickerState};
use super::screen::RunScreen;
use super::state::{faster, slower, Pane, Phase, RunState, UiState};
use super::view_window::FAR;
use crate::model::Model;
use crate::runtime::launch::ControlMsg;
use crate::scenario::text::Lang;

/// Work only the loop may do: it owns the run handle.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Effect {
    /// Plan and start `App::run` afresh (a fresh model).
    Launch,
    /// Stop the live run, if any, and wait for its clean-up.
    Stop,
    Control(ControlMsg),
    /// Explore every interleaving of a run, on a thread (the explorer panel).
    Explore(crate::explore::ExploreSpec),
    /// Stop the exploration and wait for its runs to end.
    StopExplore,
}

/// What is on screen: the picker (absent when started on a run), the run, if
/// one is open, and the screen choices.
#[derive(Debug)]
pub(crate) struct App {
    pub ui: UiState,
    pub picker: Option<PickerState>,
    pub run: Option<RunState>,
    pub quit: bool,
    /// Lines for stderr once the terminal is given back: the command that
    /// replays each stepped run left.
    pub farewell: Vec<String>,
    /// What the explorer panel found this session, by lesson, variant and parameters.
    pub explored: super::app_explore::Explored,
}

impl App {
    /// Start on the scenario list.
    pub fn with_picker(picker: PickerState, lang: Lang) -> App {
        App {
            ui: UiState {
                lang,
                ..UiState::default()
            },
            picker: Some(picker),
            run: None,
            quit: false,
            farewell: Vec::new(),
            explored: Default::default(),
        }
    }

    /// Start directly on a run; leaving it quits. The caller performs `Launch`.
    pub fn with_run(run: RunState, lang: Lang) -> App {
        App {
            ui: UiState {
                lang,
                ..UiState::default()
            },
            picker: None,
            run: Some(run),
            quit: false,
            farewell: Vec::new(),
            explored: Default::default(),
        }
    }

    /// The pane the narrow layout's tab shows now.
    pub fn tab_shown(&self) -> Pane {
        match &self.run {
            Some(run) => run.tab_pane(self.ui.pane),
            None => self.ui.pane,
        }
    }

    /// Which bindings apply now.
    pub fn context(&self) -> Context {
        if self.run.as_ref().is_some_and(|r| r.explorer.is_some()) {
            Context::Explorer
        } else if self.run.is_some() {
            Context::Run
        } else {
            Context::Picker
        }
    }

    /// A key press, through the keymap (while the picker's filter is typed,
    /// letters go to the filter).
    pub fn on_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let typing = self.run.is_none() && self.picker.as_ref().is_some_and(|p| p.typing);
        if typing && !self.ui.help {
            if let Some(effects) = self.on_filter_key(key) {
                return effects;
            }
        }
        match action_for(key, self.context()) {
            Some(action) => self.on_action(action),
            None => Vec::new(),
        }
    }

    /// Apply an action to the screen state; return what the loop must do.
    pub fn on_action(&mut self, action: Action) -> Vec<Effect> {
        if let Some(effects) = self.on_explorer(action) {
            return effects;
        }
        match action {
            Action::Quit => {
                self.quit = true;
                vec![Effect::Stop]
            }
            Action::ToggleHelp => {
                self.ui.help = !self.ui.help;
                Vec::new()
            }
            Action::ToggleLang => {
                self.ui.lang = self.ui.lang.other();
                Vec::new()
            }
            Action::CyclePane => {
                let model = self.run.as_ref().map(|r| &r.model);
                self.ui.pane = self.tab_shown().next(model.unwrap_or(&Model::default()));
                if let Some(run) = self.run.as_mut() {
                    run.choose_tab();
                }
                Vec::new()
            }
            Action::ToggleCode => {
                let model = self.run.as_ref().map(|r| &r.model);
                let page_wants = self.run.as_ref().is_some_and(RunState::page_wants_code);
                self.ui.code_flip = match self.ui.code_flip {
                    Some(w) if w == page_wants => None,
                    _ => Some(page_wants),
                };
                self.ui.pane = match self.tab_shown() {
                    Pane::Code => Pane::Log,
                    _ => Pane::Code.shown(model.unwrap_or(&Model::default())),
                };
                if let Some(run) = self.run.as_mut() {
                    run.choose_tab();
                }
                Vec::new()
            }
            Action::Back => self.back(),
            Action::Explore => self.open_explorer(),
            Action::Up
            | Action::Down
            | Action::Open
            | Action::ListHome
            | Action::ListEnd
            | Action::ListPageUp
            | Action::ListPageDown
            | Action::Filter
                if self.run.is_none() =>
            {
                self.on_picker(action)
            }
            Action::Up | Action::Down | Action::Open | Action::Pick(_) | Action::GrantAll => {
                self.on_choice(action)
            }
            a if a.is_time() => self.on_time(a),
            _ => self.on_run(action),
        }
    }

    fn back(&mut self) -> Vec<Effect> {
        if self.ui.help {
            self.ui.help = false;
            return Vec::new();
        }
        if self.close_debrief() {
            return Vec::new();
        }
        self.note_leaving();
        if let Some(p) = self.picker.as_mut().filter(|p| !p.filter.is_empty()) {
            if self.run.is_none() {
                p.set_filter(String::new());
                return Vec::new();
            }
        }
        if self.run.is_none() || self.picker.is_none() {
            self.quit = true;
        }
        self.run = None;
        vec![Effect::Stop]
    }

    fn on_run(&mut self, action: Action) -> Vec<Effect> {
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
}

impl App {
    /// Keys that choose a deadlock's victim or, in step mode, a turn.
    fn on_choice(&mut self, action: Action) -> Vec<Effect> {
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
}

impl App {
    /// Keys of the time cursor: only the view changes, the run goes on.
    fn on_time(&mut self, action: Action) -> Vec<Effect> {
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
}

impl App {
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

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if let Some(run) = &self.run {
            RunScreen { run, ui: &self.ui }.render(area, buf);
        } else if let Some(picker) = &self.picker {
            PickerScreen {
                picker,
                ui: &self.ui,
            }
            .render(area, buf);
        }
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

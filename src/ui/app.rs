//! The app as a state machine: keys become actions, actions change screen state
//! and return the side effects for the loop to perform (start, stop, steer a run).

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::keymap::{action_for, Action, Context};
use super::picker::{PickerScreen, PickerState};
use super::screen::RunScreen;
use super::state::{Pane, RunState, UiState};
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

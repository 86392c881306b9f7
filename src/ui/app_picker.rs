//! The picker's keys: moving through the list, opening a lesson, and the
//! `/` filter, whose letters are typed rather than read as commands.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Effect};
use super::keymap::Action;
use super::state::RunState;

impl App {
    pub(super) fn on_picker(&mut self, action: Action) -> Vec<Effect> {
        let Some(picker) = self.picker.as_mut() else {
            return Vec::new();
        };
        match action {
            Action::Up => picker.up(),
            Action::Down => picker.down(),
            Action::ListHome => picker.home(),
            Action::ListEnd => picker.end(),
            Action::ListPageUp | Action::ListPageDown => {
                picker.page(action == Action::ListPageDown);
            }
            Action::Filter => picker.typing = true,
            _ => {
                if let (Some(s), Some(c)) = (picker.current(), picker.challenge_at(picker.selected))
                {
                    self.run = Some(RunState::for_challenge(s.clone(), c));
                    return vec![Effect::Launch];
                }
                if let Some(s) = picker.current() {
                    let pace = s.pace_of(None).unwrap_or(1.0);
                    self.run = Some(RunState::new(s.clone(), None, pace));
                    return vec![Effect::Launch];
                }
            }
        }
        Vec::new()
    }

    /// A key while the filter is typed: None leaves it to the keymap (↑↓,
    /// Enter, Ctrl-C).
    pub(super) fn on_filter_key(&mut self, key: &KeyEvent) -> Option<Vec<Effect>> {
        let picker = self.picker.as_mut()?;
        let mut filter = picker.filter.clone();
        match key.code {
            KeyCode::Esc => {
                picker.typing = false;
                filter.clear();
            }
            KeyCode::Backspace => {
                filter.pop();
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => filter.push(c),
            KeyCode::Enter => {
                picker.typing = false;
                return None;
            }
            _ => return None,
        }
        picker.set_filter(filter);
        Some(Vec::new())
    }
}

//! The app's reaction to keys: screen changes and the effects asked of the loop.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::fixture::{catalogue, run_state};
use crate::runtime::launch::ControlMsg;
use crate::scenario::text::Lang;
use crate::ui::app::{App, Effect};
use crate::ui::keymap::Action;
use crate::ui::picker::PickerState;
use crate::ui::state::Pane;

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn picker_app() -> App {
    App::with_picker(PickerState::new(catalogue()), Lang::En)
}

#[test]
fn picker_opens_a_run_and_q_comes_back() {
    let mut app = picker_app();
    assert!(app.on_key(&key('j')).is_empty());
    assert_eq!(app.picker.as_ref().unwrap().selected, 1);
    let fx = app.on_key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(fx, vec![Effect::Launch]);
    // Grouped by chapter: orphan, daemon-process, then the fixture (no chapter).
    assert_eq!(app.run.as_ref().unwrap().scenario.id, "daemon-process");
    assert_eq!(app.on_key(&key('q')), vec![Effect::Stop]);
    assert!(app.run.is_none() && !app.quit);
    assert!(app.on_key(&key('q')).contains(&Effect::Stop) || app.quit);
    assert!(app.quit);
}

#[test]
fn slash_types_a_filter_that_esc_clears_and_enter_runs() {
    let mut app = App::with_picker(PickerState::new(crate::scenario::builtin()), Lang::En);
    let press = |app: &mut App, code| app.on_key(&KeyEvent::new(code, KeyModifiers::NONE));
    let shown = |app: &App| app.picker.as_ref().unwrap().shown().len();
    let all = shown(&app);
    app.on_key(&key('/'));
    for c in "q僵".chars() {
        assert!(
            app.on_key(&key(c)).is_empty(),
            "letters are typed, not keys"
        );
    }
    assert!(!app.quit, "q went into the filter");
    assert_eq!(shown(&app), 0, "no lesson has q僵 in it");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    assert_eq!(press(&mut app, KeyCode::Char('僵')), vec![]);
    assert_eq!(shown(&app), 1);
    press(&mut app, KeyCode::Esc);
    assert_eq!(shown(&app), all, "Esc clears the filter");
    assert!(!app.quit);
    app.on_key(&key('/'));
    for c in "ORPH".chars() {
        app.on_key(&key(c));
    }
    assert_eq!(press(&mut app, KeyCode::Enter), vec![Effect::Launch]);
    assert_eq!(app.run.as_ref().unwrap().scenario.id, "orphan");
    app.on_key(&key('q'));
    assert!(app.run.is_none() && !app.quit, "back on the filtered list");
    assert_eq!(shown(&app), 1);
    press(&mut app, KeyCode::Esc);
    assert!(
        !app.quit && shown(&app) == all,
        "Esc clears the filter first"
    );
    press(&mut app, KeyCode::End);
    assert_eq!(app.picker.as_ref().unwrap().position(), (all - 1, all));
    press(&mut app, KeyCode::PageUp);
    press(&mut app, KeyCode::Home);
    assert_eq!(app.picker.as_ref().unwrap().position(), (0, all));
}

#[test]
fn v_does_nothing_without_variants() {
    use super::deadlock_runs::deadlock_run;
    let mut app = App::with_run(deadlock_run(), Lang::En);
    assert!(app.run.as_ref().unwrap().scenario.variants.is_empty());
    assert_eq!(app.on_key(&key('v')), vec![]);
}

#[test]
fn leaving_a_direct_run_quits_and_stops() {
    let mut app = App::with_run(run_state(), Lang::En);
    assert_eq!(
        app.on_key(&KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
        vec![Effect::Stop]
    );
    assert!(app.quit);
    let mut app = App::with_run(run_state(), Lang::En);
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(app.on_key(&ctrl_c), vec![Effect::Stop]);
    assert!(app.quit);
}

#[test]
fn run_keys_steer_the_run() {
    let mut app = App::with_run(run_state(), Lang::En);
    assert_eq!(
        app.on_key(&key(' ')),
        vec![Effect::Control(ControlMsg::Pause)]
    );
    assert_eq!(
        app.on_key(&key(' ')),
        vec![Effect::Control(ControlMsg::Resume)]
    );
    assert_eq!(
        app.on_key(&key('+')),
        vec![Effect::Control(ControlMsg::Speed(2.0))]
    );
    assert_eq!(
        app.on_key(&key('-')),
        vec![Effect::Control(ControlMsg::Speed(1.0))]
    );
    assert_eq!(app.on_key(&key('r')), vec![Effect::Stop, Effect::Launch]);
    assert_eq!(app.on_key(&key('v')), vec![Effect::Stop, Effect::Launch]);
    assert_eq!(
        app.run.as_ref().unwrap().variant.as_deref(),
        Some("never-join")
    );
    app.on_key(&KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    assert_eq!(app.ui.pane, Pane::Lesson);
    app.on_key(&key('l'));
    assert_eq!(app.ui.lang, Lang::Zh);
}

#[test]
fn help_closes_before_anything_is_left() {
    let mut app = App::with_run(run_state(), Lang::En);
    app.on_key(&key('?'));
    assert!(app.ui.help);
    assert!(app.on_key(&key('q')).is_empty());
    assert!(!app.ui.help && !app.quit && app.run.is_some());
}

#[test]
fn an_ended_run_ignores_pause() {
    let mut app = App::with_run(super::fixture::ended_run_state(), Lang::En);
    assert!(app.on_action(Action::PauseResume).is_empty());
}

#[test]
fn tab_visits_locks_and_values_only_when_the_run_has_them() {
    let tab = KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE);
    let mut app = App::with_run(super::tickets::lock_run(), Lang::En);
    let seen: Vec<Pane> = (0..5)
        .map(|_| {
            app.on_key(&tab);
            app.ui.pane
        })
        .collect();
    assert_eq!(
        seen,
        [
            Pane::Lesson,
            Pane::Checks,
            Pane::Locks,
            Pane::Values,
            Pane::Log
        ]
    );
    let mut app = App::with_run(run_state(), Lang::En);
    let seen: Vec<Pane> = (0..3)
        .map(|_| {
            app.on_key(&tab);
            app.ui.pane
        })
        .collect();
    assert_eq!(seen, [Pane::Lesson, Pane::Checks, Pane::Log]);
}

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn control(msg: ControlMsg) -> Vec<Effect> {
    vec![Effect::Control(msg)]
}

#[test]
fn number_keys_pick_a_victim_of_the_reported_deadlock() {
    use super::deadlock_runs::deadlock_run;
    let mut app = App::with_run(deadlock_run(), Lang::En);
    // Numbered by name: 1 t0, 2 t1, whatever the circle's order.
    assert_eq!(
        app.on_key(&key('2')),
        control(ControlMsg::Break("t1".into()))
    );
    assert_eq!(app.on_key(&key('3')), vec![], "the circle has two members");
    app.on_key(&press(KeyCode::Up));
    assert_eq!(
        app.on_key(&press(KeyCode::Enter)),
        control(ControlMsg::Break("t0".into()))
    );
    assert_eq!(app.on_key(&key('n')), vec![], "not in step mode");
}

#[test]
fn in_step_mode_number_keys_and_enter_grant_turns() {
    use super::deadlock_runs::step_run;
    let mut app = App::with_run(step_run(), Lang::En);
    // main, buyer0, buyer1, buyer2: numbered in lane order.
    assert_eq!(
        app.on_key(&key('2')),
        control(ControlMsg::Grant("buyer0".into()))
    );
    app.on_key(&press(KeyCode::Down));
    assert_eq!(
        app.on_key(&press(KeyCode::Enter)),
        control(ControlMsg::Grant("buyer1".into()))
    );
    for _ in 0..9 {
        app.on_key(&key('j'));
    }
    assert_eq!(
        app.on_key(&press(KeyCode::Enter)),
        control(ControlMsg::Grant("buyer2".into())),
        "the pointer stops at the last"
    );
    assert_eq!(app.on_key(&key('n')), control(ControlMsg::GrantAll));
    assert_eq!(app.on_key(&key('9')), vec![]);
}

#[test]
fn s_toggles_step_mode_and_a_deadlock_takes_the_numbers_first() {
    use super::deadlock_runs::deadlock_run;
    let mut app = App::with_run(run_state(), Lang::En);
    assert_eq!(app.on_key(&key('1')), vec![], "nothing to choose");
    assert_eq!(app.on_key(&key('s')), control(ControlMsg::StepMode(true)));
    assert!(app.run.as_ref().unwrap().step_mode);
    assert_eq!(
        app.on_key(&key('1')),
        control(ControlMsg::Grant("main".into()))
    );
    assert_eq!(app.on_key(&key('s')), control(ControlMsg::StepMode(false)));
    let mut app = App::with_run(deadlock_run(), Lang::En);
    app.on_key(&key('s'));
    assert_eq!(
        app.on_key(&key('1')),
        control(ControlMsg::Break("t0".into()))
    );
}

#[test]
fn a_lets_every_later_deadlock_break_itself() {
    use super::deadlock_runs::deadlock_run;
    let mut app = App::with_run(deadlock_run(), Lang::En);
    assert_eq!(app.on_key(&key('a')), control(ControlMsg::AutoBreak(true)));
    assert!(
        app.run.as_ref().unwrap().auto_break,
        "kept for the next start"
    );
    assert_eq!(app.on_key(&key('a')), control(ControlMsg::AutoBreak(false)));
}

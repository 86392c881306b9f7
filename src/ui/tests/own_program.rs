//! A learner's own program (`conlab py`) on the run screen: the code pane
//! lists the learner's file; a deadlock in it is broken with the same keys
//! and banner as a scenario's, the note saying the lab did it, not Python;
//! step mode is on `s`; the explorer, undo and speed are refused.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::deadlock_runs::deadlock_events;
use super::fixture::screen_with;
use crate::event::{Event, EventKind};
use crate::model::lesson::LessonProgress;
use crate::model::{Declared, Model};
use crate::py::{lesson, PySpec};
use crate::runtime::launch::ControlMsg;
use crate::scenario::text::Lang;
use crate::ui::app::{App, Effect};
use crate::ui::state::{Pane, RunState, UiState};

const FILE: &str = "import threading\na = threading.Lock()\nb = threading.Lock()\n";

/// Mid-deadlock, as a learner's program.
fn own_deadlock() -> RunState {
    let spec = PySpec {
        file: "/home/me/homework.py".into(),
        args: Vec::new(),
        cwd: "/home/me".into(),
    };
    let plan = lesson::plan(spec, FILE, Duration::from_secs(30), Lang::En);
    let scenario = lesson::scenario(plan.clone());
    let mut model = Model::new(&plan.checks);
    model.declare(&Declared::of(&plan));
    deadlock_events().iter().for_each(|e| model.apply(e));
    let mut run = RunState::new(scenario, None, 1.0);
    run.lesson = LessonProgress::new(&run.scenario.pages, None, std::time::Instant::now());
    run.model = model;
    run.now_us = 600_000;
    run
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn victim_and_step_keys_work_but_not_explorer_undo_or_speed() {
    let mut app = App::with_run(own_deadlock(), Lang::En);
    assert!(app.run.as_ref().unwrap().own_program());
    for c in ['x', 'u', '+', '-'] {
        assert_eq!(app.on_key(&key(c)), vec![], "key {c}");
    }
    assert!(app.run.as_ref().unwrap().explorer.is_none());
    let picked = app.on_key(&key('1'));
    assert!(
        matches!(picked.as_slice(), [Effect::Control(ControlMsg::Break(_))]),
        "{picked:?}"
    );
    let step = app.on_key(&key('s'));
    assert_eq!(step, vec![Effect::Control(ControlMsg::StepMode(true))]);
    assert!(app.run.as_ref().unwrap().step_mode);
}

#[test]
fn the_banner_offers_victims_in_both_languages() {
    let run = own_deadlock();
    for (lang, said) in [(Lang::En, "pick a victim"), (Lang::Zh, "选一个牺牲者")] {
        for (w, h) in [(80, 24), (120, 40)] {
            // The page points at the code pane: the learner's file, unasked.
            let ui = UiState {
                lang,
                pane: Pane::Log,
                ..UiState::default()
            };
            let text = screen_with(&run, &ui, w, h);
            assert!(text.contains(said), "{lang:?} {w}x{h}:\n{text}");
            assert!(!text.contains("not available") && !text.contains("暂时还不能"));
            assert!(text.contains("homework.py"), "{w}x{h}:\n{text}");
            assert!(
                text.contains("threading.Lock()"),
                "the learner's file listed:\n{text}"
            );
        }
    }
}

#[test]
fn the_note_after_a_break_says_the_lab_did_it_not_python() {
    let mut run = own_deadlock();
    let broken = Event::new(
        700_000,
        "host",
        6000,
        EventKind::DeadlockBroken {
            victim: "t0".into(),
            how: "unwound".into(),
        },
    );
    run.model.apply(&broken);
    run.now_us = 800_000;
    for (lang, said) in [(Lang::En, "not Python"), (Lang::Zh, "不是 Python")] {
        let ui = UiState {
            lang,
            pane: Pane::Log,
            ..UiState::default()
        };
        let text = screen_with(&run, &ui, 120, 40);
        assert!(text.contains(said), "{lang:?}:\n{text}");
        assert!(text.contains("DeadlockBroken"), "{lang:?}:\n{text}");
    }
}

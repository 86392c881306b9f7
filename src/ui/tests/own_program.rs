//! A learner's own program (`conlab py`) on the run screen: the code pane
//! lists the learner's file, and what is not available for it yet (breaking
//! a deadlock, step mode, the explorer) is refused and said, in both languages.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::deadlock_runs::deadlock_events;
use super::fixture::screen_with;
use crate::model::lesson::LessonProgress;
use crate::model::{Declared, Model};
use crate::py::{lesson, PySpec};
use crate::scenario::text::Lang;
use crate::ui::app::App;
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
fn no_victim_step_or_explorer_keys_for_your_own_program() {
    let mut app = App::with_run(own_deadlock(), Lang::En);
    assert!(app.run.as_ref().unwrap().own_program());
    for c in ['1', '2', 's', 'x', 'u', '+', '-'] {
        assert_eq!(app.on_key(&key(c)), vec![], "key {c}");
    }
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(app.on_key(&enter), vec![]);
    let run = app.run.as_ref().unwrap();
    assert!(!run.step_mode && run.explorer.is_none());
}

#[test]
fn the_banner_says_breaking_is_not_available_in_both_languages() {
    let run = own_deadlock();
    for (lang, said) in [
        (Lang::En, "not available for your own program yet"),
        (Lang::Zh, "暂时还不能打破死锁"),
    ] {
        for (w, h) in [(80, 24), (120, 40)] {
            // The page points at the code pane: the learner's file, unasked.
            let ui = UiState {
                lang,
                pane: Pane::Log,
                ..UiState::default()
            };
            let text = screen_with(&run, &ui, w, h);
            let flat: String = text.split_whitespace().collect();
            let said_flat: String = said.split_whitespace().collect();
            assert!(flat.contains(&said_flat), "{lang:?} {w}x{h}:\n{text}");
            assert!(!text.contains("pick a victim") && !text.contains("选一个牺牲者"));
            assert!(text.contains("homework.py"), "{w}x{h}:\n{text}");
            assert!(
                text.contains("threading.Lock()"),
                "the learner's file listed:\n{text}"
            );
            assert!(
                !text.contains(" s step") && !text.contains(" s 单步"),
                "{text}"
            );
        }
    }
}

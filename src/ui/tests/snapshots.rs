//! Whole screens, as a person would see them, at classroom and laptop sizes.

use insta::assert_snapshot;

use super::draw;
use super::fixture::{catalogue, ended_run_state, run_state};
use crate::scenario::text::Lang;
use crate::ui::picker::{PickerScreen, PickerState};
use crate::ui::screen::RunScreen;
use crate::ui::state::{Pane, UiState};

fn ui(lang: Lang) -> UiState {
    UiState {
        lang,
        ..UiState::default()
    }
}

#[test]
fn picker_80x24() {
    let picker = PickerState::new(catalogue());
    let t = draw(
        &PickerScreen {
            picker: &picker,
            ui: &ui(Lang::En),
        },
        80,
        24,
    );
    assert_snapshot!(t.backend());
}

#[test]
fn picker_120x30_zh_second_selected() {
    let mut picker = PickerState::new(catalogue());
    picker.down();
    let t = draw(
        &PickerScreen {
            picker: &picker,
            ui: &ui(Lang::Zh),
        },
        120,
        30,
    );
    assert_snapshot!(t.backend());
}

/// The built-in catalogue at 80x24 with `select` applied, as text.
fn built_in_picker(lang: Lang, select: impl FnOnce(&mut PickerState)) -> String {
    let mut picker = PickerState::new(crate::scenario::builtin());
    select(&mut picker);
    let t = draw(
        &PickerScreen {
            picker: &picker,
            ui: &ui(lang),
        },
        80,
        24,
    );
    format!("{:?}", t.backend())
}

#[test]
fn picker_80x24_every_lesson_grouped_at_the_last() {
    let shown = built_in_picker(Lang::En, PickerState::end);
    // Every lesson, then every challenge (its lesson again) in a group of their own.
    let lessons = crate::scenario::builtin();
    let n = lessons.len() + lessons.iter().map(|s| s.challenges.len()).sum::<usize>();
    assert!(shown.contains(&format!("Scenarios {n}/{n}")), "{shown}");
    assert!(
        shown.contains("│  io-models           IO models: a thread per client"),
        "{shown}"
    );
    assert!(shown.contains("│▌ challenges: be the scheduler"), "{shown}");
    assert!(
        shown.contains("▸ deadlock-processes  Steer clear of the deadlock"),
        "full id, the challenge's title: {shown}"
    );
    assert_snapshot!(shown);
}

#[test]
fn picker_80x24_zh_filtered() {
    let shown = built_in_picker(Lang::Zh, |p| {
        p.typing = true;
        p.set_filter("队列".into());
    });
    assert!(shown.contains("场景 1/2 · /队列▏"), "{shown}");
    assert!(shown.contains("queue-basics"), "{shown}");
    assert!(shown.contains("把队列塞满"), "a challenge's title: {shown}");
    assert!(shown.contains("输入以按 id 或标题筛选"), "{shown}");
    assert!(!shown.contains("zombie"), "{shown}");
    assert_snapshot!(shown);
}

#[test]
fn run_80x24() {
    let run = run_state();
    let t = draw(
        &RunScreen {
            run: &run,
            ui: &ui(Lang::En),
        },
        80,
        24,
    );
    assert_snapshot!(t.backend());
}

#[test]
fn run_80x24_zh_checks_pane() {
    let run = run_state();
    let ui = UiState {
        lang: Lang::Zh,
        pane: Pane::Checks,
        help: false,
        ..UiState::default()
    };
    let t = draw(&RunScreen { run: &run, ui: &ui }, 80, 24);
    assert_snapshot!(t.backend());
}

#[test]
fn run_120x40() {
    let run = run_state();
    let t = draw(
        &RunScreen {
            run: &run,
            ui: &ui(Lang::En),
        },
        120,
        40,
    );
    assert_snapshot!(t.backend());
}

#[test]
fn run_200x60() {
    let run = run_state();
    let t = draw(
        &RunScreen {
            run: &run,
            ui: &ui(Lang::En),
        },
        200,
        60,
    );
    assert_snapshot!(t.backend());
}

#[test]
fn run_ended_120x40_zh() {
    let run = ended_run_state();
    let t = draw(
        &RunScreen {
            run: &run,
            ui: &ui(Lang::Zh),
        },
        120,
        40,
    );
    assert_snapshot!(t.backend());
}

#[test]
fn help_overlay_80x24() {
    let run = run_state();
    let ui = UiState {
        help: true,
        ..ui(Lang::En)
    };
    let t = draw(&RunScreen { run: &run, ui: &ui }, 80, 24);
    assert_snapshot!(t.backend());
}

#[test]
fn start_error_80x24() {
    let mut run = run_state();
    run.model = Default::default();
    run.error =
        Some("zombie-lab has no variant \"fast\"; its variants: late-join, never-join".into());
    let t = draw(
        &RunScreen {
            run: &run,
            ui: &ui(Lang::En),
        },
        80,
        24,
    );
    assert_snapshot!(t.backend());
}

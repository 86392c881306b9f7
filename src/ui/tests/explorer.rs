//! The explorer panel: drawn from a hand-made report at 80x24 and 120x40 in
//! both languages (histogram, bound, schedule list); its keys are in
//! explorer_keys.rs.

use std::time::Duration;

use insta::assert_snapshot;

use super::fixture::ended_run_state;
use super::{buffer, text};
use crate::explore::{ExploreSpec, OutcomeRow, Progress, Report};
use crate::scenario::text::Lang;
use crate::ui::explorer_state::ExplorerState;
use crate::ui::screen::RunScreen;
use crate::ui::state::{RunState, UiState};

pub fn names(s: &str) -> Vec<String> {
    s.split(',').map(String::from).collect()
}

/// thread-race with two threads, as an exhaustive exploration might find it.
pub fn report() -> Report {
    let row = |key: &str, en: &str, zh: &str, n, shortest: &str, more: &[&str]| OutcomeRow {
        key: key.into(),
        en: en.into(),
        zh: zh.into(),
        interleavings: n,
        shortest: names(shortest),
        schedules: std::iter::once(shortest)
            .chain(more.iter().copied())
            .map(names)
            .collect(),
        wins: None,
    };
    Report {
        interleavings: 6,
        runs: 6,
        bound: None,
        complete: true,
        outcomes: vec![
            row(
                "n=99",
                "n = 99: an update lost",
                "n = 99：丢了一次更新",
                4,
                "thread0,thread1,thread0,thread1",
                &[
                    "thread0,thread1,thread1,thread0",
                    "thread1,thread0,thread0,thread1",
                ],
            ),
            row(
                "n=98",
                "n = 98: both updates",
                "n = 98：两次都更新了",
                2,
                "thread0,thread0,thread1,thread1",
                &["thread1,thread1,thread0,thread0"],
            ),
        ],
        elapsed: Duration::from_millis(1234),
    }
}

fn spec() -> ExploreSpec {
    ExploreSpec {
        sets: vec![("threads".into(), "2".into())],
        variant: Some("no-lock".into()),
        ..ExploreSpec::new("thread-race")
    }
}

/// A run with the panel open while exploring (also drawn in every theme).
pub fn exploring() -> RunState {
    let mut state = ExplorerState::start(spec());
    state.progress(Progress {
        runs: 7,
        explored: 3,
        estimate: Some(6),
    });
    with_panel(state)
}

/// A run replaying a schedule, as Enter leaves it (also drawn in every theme).
pub fn scheduled() -> RunState {
    let mut run = ended_run_state();
    run.schedule = names("thread0,thread1,thread0,thread1");
    run
}

pub fn with_panel(state: ExplorerState) -> RunState {
    let mut run = ended_run_state();
    run.explorer = Some(state);
    run
}

pub fn screen(run: &RunState, lang: Lang, w: u16, h: u16) -> String {
    let ui = UiState {
        lang,
        ..UiState::default()
    };
    text(&buffer(&RunScreen { run, ui: &ui }, w, h))
}

/// Chinese text as drawn has a blank behind each wide character: compare
/// without spaces.
pub fn has(screen: &str, needle: &str) -> bool {
    let squash = |s: &str| s.replace(' ', "");
    squash(screen).contains(&squash(needle))
}

/// A run with the panel open on a result (also drawn in every theme).
pub fn done() -> RunState {
    with_panel(ExplorerState::done(spec(), report(), 0))
}

#[test]
fn the_panel_shows_the_histogram_and_the_schedules_in_english() {
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&done(), Lang::En, w, h);
        assert!(s.contains("thread-race · no-lock · threads=2"), "{s}");
        assert!(
            s.contains("6 interleavings · 6 real runs · exhaustive"),
            "{s}"
        );
        assert!(s.contains("complete"), "{s}");
        let bar = |label: &str| s.lines().find(|l| l.contains(label) && l.contains('%'));
        let lost = bar("n = 99: an update lost").expect("a bar for n = 99");
        assert!(lost.contains(" 4   67%") && lost.contains('█'), "{lost}");
        let both = bar("n = 98: both updates").expect("a bar for n = 98");
        assert!(both.contains(" 2   33%"), "{both}");
        let bars = |l: &str| l.chars().filter(|&c| c == '█').count();
        assert!(bars(lost) > bars(both), "the bars follow the counts:\n{s}");
        let chosen = s.lines().find(|l| l.contains('▸')).expect("a chosen row");
        assert!(
            chosen.contains("shortest") && chosen.contains("4 steps"),
            "{chosen}"
        );
        assert!(
            chosen.contains("1 shortest 4 steps  thread0 thread1 thread0 thread1"),
            "{chosen}"
        );
        // Each outcome's shortest, then its other examples: 3 + 2 rows.
        assert_eq!(s.matches("example").count(), 3, "{s}");
        assert!(s.contains("(1/5)"), "{s}");
        assert!(s.contains("Enter replay") && s.contains("x close"), "{s}");
    }
    let wide = screen(&done(), Lang::En, 120, 40);
    assert!(
        wide.contains(
            "conlab run thread-race --variant no-lock --set threads=2 --schedule thread0,thread1,thread0,thread1"
        ),
        "the replay command of the chosen schedule:\n{wide}"
    );
}

#[test]
fn the_panel_speaks_chinese() {
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&done(), Lang::Zh, w, h);
        assert!(has(&s, "6 种交错 · 实际运行 6 次 · 穷举"), "{s}");
        assert!(has(&s, "已完成"), "{s}");
        let lost = s.lines().find(|l| has(l, "丢了一次更新")).expect("n = 99");
        assert!(lost.contains("67%"), "{lost}");
        let chosen = s.lines().find(|l| l.contains('▸')).expect("a chosen row");
        assert!(has(chosen, "最短") && has(chosen, "4 步"), "{chosen}");
        assert!(has(&s, "重放") && has(&s, "关闭"), "{s}");
    }
}

#[test]
fn snapshots_80x24_en_and_120x40_zh() {
    assert_snapshot!("explorer_80x24_en", screen(&done(), Lang::En, 80, 24));
    assert_snapshot!("explorer_120x40_zh", screen(&done(), Lang::Zh, 120, 40));
}

#[test]
fn while_exploring_a_bar_and_the_counts_so_far() {
    let mut state = ExplorerState::start(spec());
    state.progress(Progress {
        runs: 12,
        explored: 5,
        estimate: Some(10),
    });
    let s = screen(&with_panel(state), Lang::En, 80, 24);
    assert!(s.contains("12 runs · 5 interleavings found"), "{s}");
    let bar = s
        .lines()
        .find(|l| l.contains('[') && l.contains('█'))
        .expect("a bar");
    let full = bar.chars().filter(|&c| c == '█').count();
    assert!((25..=40).contains(&full), "half full: {bar}");
    assert!(s.contains("x or Esc stops"), "{s}");
    let bar = s.lines().last().unwrap();
    assert!(
        bar.contains("x close") && !bar.contains("replay"),
        "nothing to replay yet: {bar}"
    );
    assert!(s.contains("about 10 interleavings: exhaustive"), "{s}");
    // Too many to explore them all: the bound is said while it explores.
    let mut big = ExplorerState::start(spec());
    big.progress(Progress {
        runs: 40,
        explored: 25,
        estimate: Some(113_400),
    });
    let s = screen(&with_panel(big.clone()), Lang::En, 80, 24);
    assert!(
        s.contains("about 113400 interleavings: at most 2 preemptions"),
        "{s}"
    );
    let bar = s
        .lines()
        .find(|l| l.contains('[') && l.contains('█'))
        .expect("a bar");
    assert_eq!(
        bar.matches('█').count(),
        3,
        "a moving block, not a fraction: {bar}"
    );
    let zh = screen(&with_panel(big), Lang::Zh, 80, 24);
    assert!(has(&zh, "约 113400 种交错：最多 2 次抢占"), "{zh}");
    let zh = {
        let mut st = ExplorerState::start(spec());
        st.progress(Progress::default());
        screen(&with_panel(st), Lang::Zh, 80, 24)
    };
    assert!(has(&zh, "已运行 0 次"), "{zh}");
}

#[test]
fn a_bound_and_a_stop_are_said_plainly() {
    let mut r = report();
    r.bound = Some(2);
    r.complete = false;
    let s = screen(
        &with_panel(ExplorerState::done(spec(), r.clone(), 0)),
        Lang::En,
        120,
        40,
    );
    assert!(s.contains("at most 2 preemptions"), "{s}");
    assert!(s.contains("stopped: partial"), "{s}");
    let zh = screen(
        &with_panel(ExplorerState::done(spec(), r, 0)),
        Lang::Zh,
        80,
        24,
    );
    assert!(has(&zh, "最多 2 次抢占") && has(&zh, "已停止"), "{zh}");
}

#[test]
fn the_list_scrolls_to_keep_the_chosen_row_in_sight() {
    let mut r = report();
    let more: Vec<Vec<String>> = (0..8)
        .map(|i| names(&format!("thread0,thread1,t{i}")))
        .collect();
    r.outcomes[0].schedules.extend(more);
    let mut state = ExplorerState::done(spec(), r, 0);
    for _ in 0..30 {
        state.move_selection(true);
    }
    let last = state.rows().len() - 1;
    assert_eq!(state.selected, last, "↓ stops at the end");
    let s = screen(&with_panel(state), Lang::En, 80, 24);
    let chosen = s
        .lines()
        .find(|l| l.contains('▸'))
        .expect("the chosen row is drawn");
    assert!(chosen.contains("thread1×2 thread0×2"), "{s}");
}

#[test]
fn tiny_screens_draw_the_panel_without_a_panic() {
    for (w, h) in [(1, 1), (10, 3), (20, 6), (40, 10), (80, 5)] {
        screen(&done(), Lang::Zh, w, h);
        screen(&with_panel(ExplorerState::start(spec())), Lang::En, w, h);
    }
}

#[test]
fn a_run_on_a_schedule_says_so_in_its_header() {
    for (lang, badge) in [(Lang::En, "SCHEDULE"), (Lang::Zh, "按调度")] {
        let s = screen(&scheduled(), lang, 80, 24);
        let head = s.lines().next().unwrap();
        assert!(has(head, badge), "{head}");
        let plain = screen(&ended_run_state(), lang, 80, 24);
        assert!(!has(plain.lines().next().unwrap(), badge), "{plain}");
    }
}

//! The explorer panel on a challenge: every outcome marked as winning it or
//! not, in both languages at 80x24 and 120x40; `w` keeps only the winning
//! schedules in the list.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::explorer::{has, names, screen, with_panel};
use super::fixture::ended_run_state;
use crate::explore::{ExploreSpec, OutcomeRow, Report};
use crate::scenario::text::Lang;
use crate::ui::app::App;
use crate::ui::explorer_state::ExplorerState;

fn row(en: &str, zh: &str, n: u64, wins: bool, schedules: &[&str]) -> OutcomeRow {
    OutcomeRow {
        key: en.into(),
        en: en.into(),
        zh: zh.into(),
        interleavings: n,
        shortest: names(schedules[0]),
        schedules: schedules.iter().copied().map(names).collect(),
        wins: Some(wins),
    }
}

/// semaphore `fill-three`, as a bounded exploration judged by it finds it.
fn report() -> Report {
    let s = "shopper0,shopper0,shopper1,shopper1,shopper2,shopper2";
    let two = "shopper0,shopper0,shopper1,shopper1,shopper0,shopper0,shopper0,shopper0";
    let one = "shopper0,shopper0,shopper0,shopper0,shopper0,shopper0,shopper0,shopper0";
    Report {
        interleavings: 100,
        runs: 80,
        bound: Some(2),
        complete: true,
        outcomes: vec![
            row(
                "wins: 3 hold rooms at once; inside = 0",
                "获胜：最多 3 个同时持有 rooms；inside = 0",
                20,
                true,
                &[s],
            ),
            row(
                "does not win in 12 steps: 2 hold rooms at once; inside = 0",
                "12 步内未获胜：最多 2 个同时持有 rooms；inside = 0",
                50,
                false,
                &[two, one],
            ),
            row(
                "does not win in 12 steps: 1 holds rooms at once; inside = 0",
                "12 步内未获胜：最多 1 个同时持有 rooms；inside = 0",
                30,
                false,
                &[one],
            ),
        ],
        elapsed: Duration::from_millis(4321),
    }
}

fn spec() -> ExploreSpec {
    ExploreSpec {
        variant: Some("with".into()),
        sets: vec![("shoppers".into(), "4".into())],
        challenge: Some("fill-three".into()),
        ..ExploreSpec::new("semaphore")
    }
}

#[test]
fn each_outcome_says_whether_it_wins_the_challenge() {
    let state = ExplorerState::done(spec(), report(), 0);
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&with_panel(state.clone()), Lang::En, w, h);
        let bar = |n: &str| s.lines().find(|l| l.contains('%') && l.contains(n));
        let win = bar("1 ✔ wins").unwrap_or_else(|| panic!("a winning bar:\n{s}"));
        assert!(win.contains("20%"), "{win}");
        let lose = bar("2 ✘ does not win").unwrap_or_else(|| panic!("a losing bar:\n{s}"));
        assert!(lose.contains("50%"), "{lose}");
        assert!(bar("3 ✘ does not win").is_some(), "{s}");
        assert!(s.contains("✔ 20 of 100 win the challenge (20%)"), "{s}");
        assert!(s.contains("challenge fill-three"), "{s}");
        assert!(s.contains("w: winning only"), "{s}");
        let chosen = s.lines().find(|l| l.contains('▸')).expect("a chosen row");
        assert!(chosen.contains("1 ✔ shortest"), "{chosen}");
        let z = screen(&with_panel(state.clone()), Lang::Zh, w, h);
        assert!(has(&z, "1 ✔ 获胜：最多 3 个同时持有 rooms"), "{z}");
        assert!(has(&z, "2 ✘ 12 步内未获胜"), "{z}");
        assert!(has(&z, "100 种中有 20 种赢得挑战（20%）"), "{z}");
        assert!(has(&z, "w：只看获胜的"), "{z}");
    }
    let wide = screen(&with_panel(state), Lang::En, 120, 40);
    assert!(
        wide.contains(
            "conlab run semaphore --challenge fill-three --schedule shopper0,shopper0,shopper1"
        ),
        "a challenge replays as itself:\n{wide}"
    );
}

#[test]
fn w_keeps_only_the_winning_schedules() {
    let mut run = ended_run_state();
    run.explorer = Some(ExplorerState::done(spec(), report(), 0));
    let mut app = App::with_run(run, Lang::En);
    let panel = |app: &App| app.run.as_ref().unwrap().explorer.clone().unwrap();
    assert_eq!(panel(&app).rows().len(), 4);
    app.on_key(&KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE));
    let rows = panel(&app).rows().len();
    assert_eq!(rows, 1, "only the winning outcome's schedule");
    let s = screen(app.run.as_ref().unwrap(), Lang::En, 80, 24);
    assert!(s.contains("(1/1) · winning only, w: all"), "{s}");
    assert!(!s.contains("2 ✘ shortest"), "{s}");
    app.on_key(&KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE));
    assert_eq!(panel(&app).rows().len(), 4, "w again: all");
}

#[test]
fn a_long_summary_still_says_complete_at_80_columns() {
    let big = Report {
        interleavings: 2796,
        runs: 2292,
        elapsed: Duration::from_millis(351_600),
        ..report()
    };
    let s = screen(
        &with_panel(ExplorerState::done(spec(), big, 0)),
        Lang::En,
        80,
        24,
    );
    let line = s.lines().find(|l| l.contains("2796 interleavings ·"));
    let line = line.unwrap_or_else(|| panic!("{s}"));
    assert!(
        line.contains("2292 runs ·") && line.contains("· complete"),
        "{line}"
    );
    let wide = screen(
        &with_panel(ExplorerState::done(spec(), report(), 0)),
        Lang::En,
        120,
        40,
    );
    assert!(wide.contains("80 real runs"), "room enough: {wide}");
}

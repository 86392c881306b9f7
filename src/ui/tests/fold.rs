//! Folded groups on the run screen at 80x24: thread-race's hundred threads in
//! one lane that counts them, deadlock's circle kept apart from its group,
//! and `g` turning the fold round.

use super::fixture::screen_with;
use super::fold_runs::{deadlock_run, race_run};
use crate::scenario::text::Lang;
use crate::ui::app::App;
use crate::ui::keymap::Action;
use crate::ui::state::{RunState, UiState};

/// The timeline's rows (between its top border and the axis), as text
/// without the frame.
fn timeline_rows(screen: &str) -> Vec<String> {
    let rows: Vec<&str> = screen.lines().collect();
    let top = rows
        .iter()
        .position(|r| r.contains(" Timeline "))
        .expect("a timeline");
    rows[top + 1..]
        .iter()
        .take_while(|r| !r.contains('╵'))
        .map(|r| r.trim_matches('"').trim_matches('│').to_string())
        .collect()
}

fn lane_names(rows: &[String]) -> Vec<String> {
    rows.iter()
        .filter(|r| !r.contains("lanes ") && !r.contains(" more"))
        .filter_map(|r| r.split_whitespace().next().map(str::to_string))
        .collect()
}

/// `thread0‥99 (k)` and its counts: k, and the sum of what the counts say.
fn group_tally(row: &str) -> (usize, usize) {
    let open = row.find('(').expect("a count in the label");
    let close = row[open..].find(')').expect("a closed count") + open;
    let k: usize = row[open + 1..close].parse().expect("a number");
    let counts = &row[close + 1..];
    let sum = counts
        .split_whitespace()
        .filter_map(|w| {
            let digits: String = w.chars().filter(char::is_ascii_digit).collect();
            digits.parse::<usize>().ok()
        })
        .sum();
    (k, sum)
}

fn screen(run: &RunState, ui: &UiState) -> String {
    screen_with(run, ui, 80, 24)
}

#[test]
fn thread_race_80x24_folds_a_hundred_threads_into_one_lane() {
    let run = race_run();
    let ui = UiState::default();
    let s = screen(&run, &ui);
    insta::assert_snapshot!(s);
    let rows = timeline_rows(&s);
    let names = lane_names(&rows);
    assert_eq!(names[0], "main", "{rows:#?}");
    assert_eq!(names[1], "thread0‥99", "{rows:#?}");
    assert!(
        names.len() >= 4,
        "the rows left show single threads: {rows:#?}"
    );
    assert!(rows.iter().any(|r| r.contains("101 lanes folded into")));
    // Every thread the group lane stands for is counted once, the reaped too.
    let group = rows.iter().find(|r| r.starts_with("thread0‥99")).unwrap();
    let (k, sum) = group_tally(group);
    assert_eq!(k + names.len() - 2, 100, "{rows:#?}");
    assert_eq!(sum, k, "{group}");
    assert!(group.contains("gone") && group.contains('─'), "{group}");
}

#[test]
fn deadlock_80x24_keeps_the_circle_in_lanes_of_their_own() {
    let run = deadlock_run();
    let s = screen(&run, &UiState::default());
    insta::assert_snapshot!(s);
    let rows = timeline_rows(&s);
    let names = lane_names(&rows);
    assert!(names.contains(&"main".to_string()), "{rows:#?}");
    assert!(names.contains(&"t0".to_string()), "{rows:#?}");
    assert!(names.contains(&"t1".to_string()), "{rows:#?}");
    let group = rows
        .iter()
        .find(|r| r.starts_with("t0‥9"))
        .expect("a group");
    let (k, sum) = group_tally(group);
    assert_eq!(k, 10 - (names.len() - 2), "the group counts the rest");
    assert_eq!(sum, k, "all of the rest wait for A: {group}");
    assert!(group.contains(&format!("▒{k}")), "{group}");
}

#[test]
fn g_unfolds_and_folds_again_and_the_line_says_which() {
    let mut app = App::with_run(race_run(), Lang::En);
    let folded = super::draw(&app, 80, 24);
    let folded = format!("{}", folded.backend());
    assert!(folded.contains("folded into") && folded.contains("g unfold"));
    app.on_action(Action::FoldGroups);
    assert_eq!(app.ui.fold, Some(false));
    let open = format!("{}", super::draw(&app, 80, 24).backend());
    let rows = timeline_rows(&open);
    assert!(
        rows.iter()
            .any(|r| r.contains("more · J K scroll lanes · g fold")),
        "{rows:#?}"
    );
    assert!(!lane_names(&rows).iter().any(|n| n.contains('‥')));
    app.on_action(Action::FoldGroups);
    assert_eq!(app.ui.fold, Some(true));
    let again = format!("{}", super::draw(&app, 80, 24).backend());
    assert!(lane_names(&timeline_rows(&again)).contains(&"thread0‥99".to_string()));
}

#[test]
fn zh_says_folded_in_chinese() {
    let ui = UiState {
        lang: Lang::Zh,
        ..UiState::default()
    };
    let s = screen(&deadlock_run(), &ui);
    assert!(s.contains("条时间线折叠为"), "{s}");
}

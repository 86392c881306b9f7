//! Whole screens of a ticket-grab-like run: the locks and values panels, the
//! outcome line, at a classroom projector's and a laptop's size.

use insta::assert_snapshot;

use super::fixture::screen;
use super::tickets::{lock_run, race_run};
use crate::scenario::text::Lang;
use crate::ui::state::Pane;

#[test]
fn tickets_lock_80x24_locks_pane() {
    assert_snapshot!(screen(&lock_run(), Lang::En, Pane::Locks, 80, 24));
}

#[test]
fn tickets_lock_80x24_zh_locks_pane() {
    assert_snapshot!(screen(&lock_run(), Lang::Zh, Pane::Locks, 80, 24));
}

#[test]
fn tickets_lock_120x40() {
    assert_snapshot!(screen(&lock_run(), Lang::En, Pane::Log, 120, 40));
}

#[test]
fn tickets_lock_120x40_zh() {
    assert_snapshot!(screen(&lock_run(), Lang::Zh, Pane::Log, 120, 40));
}

#[test]
fn tickets_race_120x40() {
    assert_snapshot!(screen(&race_run(), Lang::En, Pane::Log, 120, 40));
}

#[test]
fn tickets_race_80x24_zh_values_pane() {
    assert_snapshot!(screen(&race_run(), Lang::Zh, Pane::Values, 80, 24));
}

#[test]
fn tickets_race_200x60() {
    assert_snapshot!(screen(&race_run(), Lang::En, Pane::Log, 200, 60));
}

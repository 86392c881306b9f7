//! Whole screens of a deadlock (banner, wait-for graph, marked lanes) and of
//! step mode (the turns list), at a laptop's and a projector's size.

use insta::assert_snapshot;

use super::deadlock_runs::{broken_run, deadlock_run, step_run};
use super::fixture::screen;
use crate::scenario::text::Lang;
use crate::ui::state::Pane;

#[test]
fn deadlock_80x24_graph_pane() {
    assert_snapshot!(screen(&deadlock_run(), Lang::En, Pane::Graph, 80, 24));
}

#[test]
fn deadlock_80x24_zh_graph_pane() {
    assert_snapshot!(screen(&deadlock_run(), Lang::Zh, Pane::Graph, 80, 24));
}

#[test]
fn deadlock_120x40() {
    assert_snapshot!(screen(&deadlock_run(), Lang::En, Pane::Log, 120, 40));
}

#[test]
fn deadlock_120x40_zh() {
    assert_snapshot!(screen(&deadlock_run(), Lang::Zh, Pane::Log, 120, 40));
}

#[test]
fn deadlock_broken_120x40() {
    assert_snapshot!(screen(&broken_run(), Lang::En, Pane::Log, 120, 40));
}

#[test]
fn step_mode_three_held_120x40() {
    assert_snapshot!(screen(&step_run(), Lang::En, Pane::Log, 120, 40));
}

#[test]
fn step_mode_80x24_zh() {
    assert_snapshot!(screen(&step_run(), Lang::Zh, Pane::Values, 80, 24));
}

//! Whole screens of a producer/consumer run (the queue full, two producers
//! blocked) and of a pool run, with the queues and pools panels.

use insta::assert_snapshot;

use super::draw;
use super::fixture::screen;
use super::mixed_run::mixed_run;
use super::pool_runs::pool_run;
use super::queue_runs::queue_run;
use crate::scenario::text::Lang;
use crate::ui::state::{Pane, RunState};

#[test]
fn queue_full_80x24_queues_pane() {
    assert_snapshot!(screen(&queue_run(), Lang::En, Pane::Queues, 80, 24));
}

#[test]
fn queue_full_80x24_zh_queues_pane() {
    assert_snapshot!(screen(&queue_run(), Lang::Zh, Pane::Queues, 80, 24));
}

#[test]
fn queue_full_120x40() {
    assert_snapshot!(screen(&queue_run(), Lang::En, Pane::Log, 120, 40));
}

#[test]
fn queue_full_120x40_zh() {
    assert_snapshot!(screen(&queue_run(), Lang::Zh, Pane::Log, 120, 40));
}

#[test]
fn pool_120x40() {
    assert_snapshot!(screen(&pool_run(), Lang::En, Pane::Log, 120, 40));
}

#[test]
fn pool_80x24_zh_pools_pane() {
    assert_snapshot!(screen(&pool_run(), Lang::Zh, Pane::Pools, 80, 24));
}

/// The panels alone, for what the whole screens do not show: an unbounded
/// joinable LIFO queue, a stale answer, a pipe with EOF, a thread pool.
fn panels(run: &RunState, lang: Lang, w: u16, h: u16) -> String {
    use crate::ui::pool_pane::PoolPane;
    use crate::ui::queue_pane::QueuePane;
    use crate::ui::window::Window;
    let model = &run.model;
    let window = Window::new(run.view_us(), w);
    let queues = draw(
        &QueuePane {
            model,
            window,
            lang,
        },
        w,
        h,
    );
    let pools = draw(&PoolPane { model, lang }, w, h / 2);
    format!("{}\n{}", queues.backend(), pools.backend())
}

#[test]
fn mixed_panels_44_wide() {
    assert_snapshot!(panels(&mixed_run(), Lang::En, 44, 16));
}

#[test]
fn mixed_panels_44_wide_zh() {
    assert_snapshot!(panels(&mixed_run(), Lang::Zh, 44, 16));
}

#[test]
fn tab_visits_the_queues_and_pools_panes_only_when_the_run_has_them() {
    let (queues, pools) = (queue_run(), pool_run());
    assert_eq!(Pane::Checks.next(&queues.model), Pane::Queues);
    assert_eq!(Pane::Queues.next(&queues.model), Pane::Log);
    assert_eq!(Pane::Checks.next(&pools.model), Pane::Pools);
    assert_eq!(Pane::Queues.shown(&pools.model), Pane::Log);
    assert!(queues.model.has_shared_state() && pools.model.has_shared_state());
}

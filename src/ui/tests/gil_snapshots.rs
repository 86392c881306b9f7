//! The gil lesson's screen mid-run, as a person sees it: two threads that
//! compute take turns on the modelled GIL, and the GIL lane under them shows
//! the holder changing every switch interval (`0101…`), at classroom and
//! laptop sizes, in both languages.

use insta::assert_snapshot;

use super::fixture::{screen, step};
use super::queue_runs::{ev, opening, MS};
use crate::event::{Activity, ActorKind, Event, EventKind};
use crate::model::{Declared, Model};
use crate::scenario::text::Lang;
use crate::ui::state::{Pane, RunState};

const SWITCH: u64 = 5 * MS;

fn lock(t: u64, who: &str, kind: fn(String) -> EventKind) -> Event {
    ev(t, who, 6001, kind("GIL".to_string()))
}

/// `main` (6001) joins t0 and t1, which compute from 3 ms on; from 5 ms
/// they hold the GIL in turns of 5 ms, the other waiting, up to 1.2 s.
fn gil_events() -> Vec<Event> {
    let (p, t) = (ActorKind::Process, ActorKind::Thread);
    let mut out = opening(
        "gil",
        &[
            ("main", 6001, p, None),
            ("t0", 6002, t, Some("main")),
            ("t1", 6004, t, Some("main")),
        ],
    );
    out.push(step(3 * MS, "t0", 6001, "work 1.00s", Activity::Working));
    out.push(step(
        3 * MS + 10,
        "t1",
        6001,
        "work 1.00s",
        Activity::Working,
    ));
    out.push(step(4 * MS, "main", 6001, "join t*", Activity::Waiting));
    for k in 0..239u64 {
        let at = 5 * MS + k * SWITCH;
        let (me, other) = if k % 2 == 0 {
            ("t0", "t1")
        } else {
            ("t1", "t0")
        };
        out.push(lock(at, me, |lock| EventKind::LockAcquired {
            lock,
            count: None,
        }));
        out.push(lock(at + 50, other, |lock| EventKind::LockWait { lock }));
        let end = at + SWITCH - 10;
        out.push(lock(end, me, |lock| EventKind::LockReleased {
            lock,
            count: None,
        }));
    }
    out
}

fn gil_run() -> RunState {
    let sc = crate::scenario::builtin()
        .into_iter()
        .find(|s| s.id == "gil")
        .expect("the gil lesson is built in");
    let plan = sc.plan(Some("threads"), &[]).expect("threads plans");
    let mut model = Model::new(&plan.checks);
    model.declare(&Declared::of(&plan));
    for e in gil_events() {
        model.apply(&e);
    }
    let mut run = RunState::new(sc, Some("threads".into()), 1.0);
    run.model = model;
    run
}

#[test]
fn gil_lane_80x24() {
    let shown = screen(&gil_run(), Lang::En, Pane::Log, 80, 24);
    assert!(shown.contains("GIL (modelled)"), "{shown}");
    assert_snapshot!(shown);
}

#[test]
fn gil_lane_80x24_zh() {
    let shown = screen(&gil_run(), Lang::Zh, Pane::Log, 80, 24);
    assert!(shown.contains("GIL（模拟）"), "{shown}");
    assert_snapshot!(shown);
}

#[test]
fn gil_lane_120x40() {
    let shown = screen(&gil_run(), Lang::En, Pane::Log, 120, 40);
    assert!(shown.contains("0101") || shown.contains("1010"), "{shown}");
    assert_snapshot!(shown);
}

#[test]
fn gil_lane_120x40_zh() {
    assert_snapshot!(screen(&gil_run(), Lang::Zh, Pane::Log, 120, 40));
}

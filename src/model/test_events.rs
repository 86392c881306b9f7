//! Hand-written events for the model's tests: one short call per event.

use super::Model;
use crate::event::{Event, EventKind, Outcome};
use serde_json::json;

pub(super) fn ev(t_us: u64, actor: &str, pid: i32, kind: EventKind) -> Event {
    Event::new(t_us, actor, pid, kind)
}

pub(super) fn wait(t: u64, actor: &str, lock: &str) -> Event {
    ev(t, actor, 1, EventKind::LockWait { lock: lock.into() })
}

pub(super) fn got(t: u64, actor: &str, lock: &str, count: Option<u32>) -> Event {
    let lock = lock.into();
    ev(t, actor, 1, EventKind::LockAcquired { lock, count })
}

pub(super) fn let_go(t: u64, actor: &str, lock: &str, count: Option<u32>) -> Event {
    let lock = lock.into();
    ev(t, actor, 1, EventKind::LockReleased { lock, count })
}

pub(super) fn write(t: u64, actor: &str, pid: i32, name: &str, v: i64) -> Event {
    let (name, value) = (name.into(), json!(v));
    ev(t, actor, pid, EventKind::Value { name, value })
}

pub(super) fn read(t: u64, actor: &str, pid: i32, name: &str, v: i64) -> Event {
    let (name, value) = (name.into(), json!(v));
    ev(t, actor, pid, EventKind::ValueRead { name, value })
}

pub(super) fn ended(t: u64) -> Event {
    let outcome = Outcome::Completed;
    ev(
        t,
        "host",
        1,
        EventKind::RunEnded {
            outcome,
            reason: None,
        },
    )
}

pub(super) fn model(events: &[Event]) -> Model {
    let mut m = Model::new(&[]);
    for e in events {
        m.apply(e);
    }
    m
}

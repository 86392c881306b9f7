//! Pools, fed with hand-written event lists.

use super::pools::TaskState;
use super::test_events::*;
use crate::event::{ActorKind, Event, EventKind};

fn pool_event(t: u64, actor: &str, pid: i32, kind: EventKind) -> Event {
    ev(t, actor, pid, kind)
}

#[test]
fn pool_workers_go_busy_and_idle_and_callbacks_keep_their_order() {
    let pool = || "pool".to_string();
    let mut m = model(&[pool_event(
        0,
        "main",
        10,
        EventKind::PoolCreated {
            pool: pool(),
            kind: ActorKind::Process,
            size: 2,
            workers: vec!["pool-w0".into(), "pool-w1".into()],
        },
    )]);
    let started = |t, w: &str, pid, task| {
        pool_event(
            t,
            w,
            pid,
            EventKind::TaskStarted {
                pool: pool(),
                task,
                arg: Some(i64::from(task)),
            },
        )
    };
    let finished = |t, w: &str, pid, task: u32| {
        let result = Some(i64::from(task * task));
        pool_event(
            t,
            w,
            pid,
            EventKind::TaskFinished {
                pool: pool(),
                task,
                result,
            },
        )
    };
    let callback = |t, task: u32| {
        let result = Some(i64::from(task * task));
        pool_event(
            t,
            "pool-handler",
            10,
            EventKind::Callback {
                pool: pool(),
                task,
                result,
            },
        )
    };
    for e in [
        started(5, "pool-w0", 11, 0), // told before its submission
        pool_event(
            6,
            "main",
            10,
            EventKind::TaskSubmitted {
                pool: pool(),
                task: 0,
                arg: Some(0),
                how: "apply_async".into(),
            },
        ),
        pool_event(
            7,
            "main",
            10,
            EventKind::TaskSubmitted {
                pool: pool(),
                task: 1,
                arg: Some(1),
                how: "apply_async".into(),
            },
        ),
        pool_event(
            8,
            "main",
            10,
            EventKind::TaskSubmitted {
                pool: pool(),
                task: 2,
                arg: Some(2),
                how: "apply_async".into(),
            },
        ),
        started(9, "pool-w1", 12, 1),
    ] {
        m.apply(&e);
    }
    let p = m.pools.get("pool").unwrap();
    let busy: Vec<Option<u32>> = p.workers.iter().map(|w| w.task).collect();
    assert_eq!(busy, [Some(0), Some(1)]);
    assert_eq!(
        p.task(0).unwrap().state,
        TaskState::Running,
        "not moved back to pending"
    );
    assert_eq!(p.task(2).unwrap().state, TaskState::Pending);
    for e in [
        finished(20, "pool-w1", 12, 1),
        callback(21, 1),
        finished(30, "pool-w0", 11, 0),
        started(31, "pool-w1", 12, 2),
        callback(32, 0),
    ] {
        m.apply(&e);
    }
    let p = m.pools.get("pool").unwrap();
    let busy: Vec<(Option<u32>, u32)> = p.workers.iter().map(|w| (w.task, w.done)).collect();
    assert_eq!(busy, [(None, 1), (Some(2), 1)]);
    let fired: Vec<u32> = p.callbacks().map(|c| c.task).collect();
    assert_eq!(fired, [1, 0], "in the order they fired, not by task");
    assert_eq!((p.servers(), p.pids()), (2, vec![11, 12]));
    m.apply(&pool_event(
        40,
        "main",
        10,
        EventKind::TaskResult {
            pool: pool(),
            task: 0,
            result: Some(0),
        },
    ));
    m.apply(&pool_event(
        41,
        "main",
        10,
        EventKind::PoolClosed { pool: pool() },
    ));
    let p = m.pools.get("pool").unwrap();
    assert_eq!(p.task(0).unwrap().state, TaskState::Collected);
    assert_eq!(p.task(1).unwrap().result, Some(Some(1)));
    assert!(p.closed && p.created);
}

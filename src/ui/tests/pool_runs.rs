//! A pool run at fixed times and pids: main (6001) makes `pool` with workers
//! pool-w0 (6010) and pool-w1 (6011), hands it six tasks (x → x*x) with a
//! callback and closes it. At 0.3 s tasks 0, 2, 1 are done (callbacks in
//! that order), 4 and 3 run, 5 waits.

use super::fixture::step;
use super::queue_runs::{ev, opening, state_of, work, MS};
use crate::event::{Activity, ActorKind, Event, EventKind};
use crate::model::Declared;
use crate::scenario::plan::PoolSpec;
use crate::ui::state::RunState;

const POOL_SCENARIO: &str = r#"
format = 1
id = "pool-lab"
title = { en = "Process pool", zh = "进程池" }
summary = { en = "Two workers serve six tasks.", zh = "两个工作进程完成六个任务。" }

[lesson]
en = "A pool starts its workers once and hands them tasks one after another: six tasks, two pids. Each callback runs in main, as its task finishes."
zh = "进程池只启动一次工作进程，然后把任务一个接一个交给它们：六个任务，两个 pid。每个任务完成时，它的回调在 main 中运行。"

[[actors]]
name = "main"
kind = "process"
script = [ { sleep = "1s" } ]
"#;

fn task(t: u64, who: &str, pid: i32, kind: EventKind) -> Event {
    ev(t * MS, who, pid, kind)
}

/// The pool run up to 0.3 s.
pub fn pool_events() -> Vec<Event> {
    let (p, th) = (ActorKind::Process, ActorKind::Thread);
    let mut out = opening(
        "pool-lab",
        &[
            ("main", 6001, p, None),
            ("pool-w0", 6010, p, Some("main")),
            ("pool-w1", 6011, p, Some("main")),
            ("pool-results", 6001, th, Some("main")),
        ],
    );
    let pool = || "pool".to_string();
    let workers = vec!["pool-w0".to_string(), "pool-w1".to_string()];
    let (kind, size) = (ActorKind::Process, 2);
    out.push(task(
        5,
        "main",
        6001,
        EventKind::PoolCreated {
            pool: pool(),
            kind,
            size,
            workers,
        },
    ));
    for i in 0..6u32 {
        let (arg, how) = (Some(i64::from(i)), "apply_async".to_string());
        let kind = EventKind::TaskSubmitted {
            pool: pool(),
            task: i,
            arg,
            how,
        };
        out.push(task(10 + u64::from(i), "main", 6001, kind));
    }
    out.push(task(
        17,
        "main",
        6001,
        EventKind::PoolClosed { pool: pool() },
    ));
    out.push(step(
        18 * MS,
        "main",
        6001,
        "pool.join()",
        Activity::Waiting,
    ));
    let results = "wait for results of pool";
    let mut handler = step(19 * MS, "pool-results", 6001, results, Activity::Waiting);
    handler.tid = Some(6002);
    out.push(handler);
    // (worker, pid, task, start ms, end ms or none)
    let runs: [(&str, i32, u32, u64, Option<u64>); 5] = [
        ("pool-w0", 6010, 0, 20, Some(120)),
        ("pool-w1", 6011, 1, 21, Some(260)),
        ("pool-w0", 6010, 2, 121, Some(220)),
        ("pool-w0", 6010, 4, 221, None),
        ("pool-w1", 6011, 3, 262, None),
    ];
    for (w, pid, id, start, end) in runs {
        let arg = Some(i64::from(id));
        out.push(task(
            start,
            w,
            pid,
            EventKind::TaskStarted {
                pool: pool(),
                task: id,
                arg,
            },
        ));
        out.push(work(start, w, pid));
        if let Some(end) = end {
            let result = Some(i64::from(id * id));
            out.push(task(
                end,
                w,
                pid,
                EventKind::TaskFinished {
                    pool: pool(),
                    task: id,
                    result,
                },
            ));
            let mut cb = task(
                end + 1,
                "pool-results",
                6001,
                EventKind::Callback {
                    pool: pool(),
                    task: id,
                    result,
                },
            );
            cb.tid = Some(6002);
            out.push(cb);
            out.push(step(
                end * MS + 50,
                w,
                pid,
                "wait for a task of pool",
                Activity::Waiting,
            ));
        }
    }
    out.sort_by_key(|e| e.t_us);
    out
}

/// The pool run at 0.3 s.
pub fn pool_run() -> RunState {
    let spec = PoolSpec {
        name: "pool".into(),
        kind: ActorKind::Process,
        size: 2,
        owner: "main".into(),
        workers: vec!["pool-w0".into(), "pool-w1".into()],
        handler: "pool-results".into(),
        task: Vec::new(),
    };
    let pools = [spec];
    let declared = Declared {
        pools: &pools,
        ..Declared::default()
    };
    state_of(POOL_SCENARIO, &pool_events(), &declared)
}

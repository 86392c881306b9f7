//! A run with a bit of everything the other fixtures lack, for the size tests.

use super::queue_runs::{ev, opening, state_of, MS, SCENARIO};
use crate::event::{ActorKind, EventKind};
use crate::model::Declared;
use crate::scenario::plan::{PipeSpec, QueueOrder, QueueSpec, Scope};
use crate::ui::state::RunState;

/// A bit of everything else, ended: a joinable LIFO thread queue without a
/// bound (an answer out of date, an item lost to Full, task_done and join),
/// a pipe closed on one side and read to EOF on the other, a thread pool.
pub fn mixed_run() -> RunState {
    let t = ActorKind::Thread;
    let mut out = opening(
        "mixed-lab",
        &[
            ("main", 6001, ActorKind::Process, None),
            ("t0", 6001, t, Some("main")),
            ("child", 6030, ActorKind::Process, Some("main")),
        ],
    );
    let (w, q) = (|s: &str| s.to_string(), || "jq".to_string());
    let put = |t, item, len| {
        let (queue, item, cap) = (q(), Some(item), 0);
        ev(
            t * MS,
            "main",
            6001,
            EventKind::QueuePut {
                queue,
                item,
                len,
                cap,
            },
        )
    };
    let ask = EventKind::QueueAsked {
        queue: q(),
        question: w("qsize"),
        answer: w("1"),
        len: 2,
    };
    let pipe = |t, who: &str, pid, kind| ev(t * MS, who, pid, kind);
    let p = || w("pipe");
    out.extend([
        put(10, 1, 1),
        put(11, 2, 2),
        ev(12 * MS, "t0", 6001, ask),
        ev(
            13 * MS,
            "main",
            6001,
            EventKind::QueueFull {
                queue: q(),
                item: None,
            },
        ),
        ev(14 * MS, "t0", 6001, EventKind::QueueEmpty { queue: q() }),
        ev(
            15 * MS,
            "t0",
            6001,
            EventKind::TaskDone {
                queue: q(),
                unfinished: 1,
            },
        ),
        ev(16 * MS, "main", 6001, EventKind::QueueJoined { queue: q() }),
        pipe(
            20,
            "main",
            6001,
            EventKind::PipeSend {
                pipe: p(),
                end: w("left"),
                item: Some(5),
            },
        ),
        pipe(
            21,
            "child",
            6030,
            EventKind::PipeRecv {
                pipe: p(),
                end: w("right"),
                item: Some(5),
            },
        ),
        pipe(
            22,
            "main",
            6001,
            EventKind::PipeClosed {
                pipe: p(),
                end: w("left"),
            },
        ),
        pipe(
            23,
            "child",
            6030,
            EventKind::PipeClosed {
                pipe: p(),
                end: w("left"),
            },
        ),
        pipe(
            24,
            "child",
            6030,
            EventKind::PipeEof {
                pipe: p(),
                end: w("right"),
            },
        ),
    ]);
    let pool = || w("tp");
    let workers = vec![w("tp-w0")];
    let kind = EventKind::PoolCreated {
        pool: pool(),
        kind: t,
        size: 1,
        workers,
    };
    out.push(ev(30 * MS, "main", 6001, kind));
    let mut started = ev(
        31 * MS,
        "tp-w0",
        6001,
        EventKind::TaskStarted {
            pool: pool(),
            task: 0,
            arg: None,
        },
    );
    started.tid = Some(6005);
    let mut finished = started.clone();
    finished.t_us = 39 * MS;
    finished.kind = EventKind::TaskFinished {
        pool: pool(),
        task: 0,
        result: Some(7),
    };
    out.extend([started, finished]);
    let result = EventKind::TaskResult {
        pool: pool(),
        task: 0,
        result: Some(7),
    };
    out.push(ev(40 * MS, "main", 6001, result));
    let outcome = crate::event::Outcome::Completed;
    out.push(ev(
        50 * MS,
        "host",
        6000,
        EventKind::RunEnded {
            outcome,
            reason: None,
        },
    ));
    let jq = QueueSpec {
        name: q(),
        order: QueueOrder::Lifo,
        cap: 0,
        scope: Scope::Threads,
        joinable: true,
    };
    let pipe = PipeSpec {
        name: p(),
        ends: [w("left"), w("right")],
    };
    let (queues, pipes) = ([jq], [pipe]);
    let declared = Declared {
        queues: &queues,
        pipes: &pipes,
        ..Declared::default()
    };
    state_of(SCENARIO, &out, &declared)
}

//! A producer/consumer run at fixed times and pids, and the helpers the
//! pool and mixed fixtures share.
//!
//! - `queue_run`: two producers (6010, 6011) and two consumers (6020, 6021)
//!   under main (6001) share `q`, a process queue of 3. At 0.3 s the
//!   consumers are busy, `q` holds 3, 13 and 4, and both producers are
//!   blocked on the full queue (producer1 first).

use super::fixture::{say, step};
use crate::event::{Activity, ActorKind, Event, EventKind, QueueSide};
use crate::model::{Declared, Model};
use crate::scenario::plan::{QueueOrder, QueueSpec, Scope};
use crate::scenario::Scenario;
use crate::ui::state::RunState;

pub(super) const SCENARIO: &str = r#"
format = 1
id = "queue-lab"
title = { en = "Producers and consumers", zh = "生产者消费者模型" }
summary = { en = "A bounded queue between processes.", zh = "进程之间的有界队列。" }

[lesson]
en = "Producers put items into a queue of 3; consumers take them out. When the queue is full, put() blocks; when it is empty, get() blocks."
zh = "生产者把数据放进容量为 3 的队列，消费者取出。队列满时 put() 阻塞，队列空时 get() 阻塞。"

[[actors]]
name = "main"
kind = "process"
script = [ { sleep = "1s" } ]
"#;

pub(super) const MS: u64 = 1_000;

pub(super) fn ev(t_us: u64, actor: &str, pid: i32, kind: EventKind) -> Event {
    Event::new(t_us, actor, pid, kind)
}

/// Run start and the actors spawned and started: (name, pid, kind, parent).
pub(super) fn opening(
    scenario: &str,
    actors: &[(&str, i32, ActorKind, Option<&str>)],
) -> Vec<Event> {
    let started = EventKind::RunStarted {
        scenario: scenario.into(),
        variant: None,
        seed: 3,
        speed: 1.0,
    };
    let mut out = vec![ev(0, "host", 6000, started)];
    for (i, &(name, pid, kind, parent)) in actors.iter().enumerate() {
        let t = 2 * MS + 500 * i as u64;
        let parent = parent.map(str::to_string);
        let daemon = false;
        let born = EventKind::Spawned {
            kind,
            parent,
            daemon,
        };
        let mut e = ev(t, name, pid, born);
        let mut s = ev(t + 400, name, pid, EventKind::Started {});
        if kind == ActorKind::Thread {
            (e.tid, s.tid) = (Some(pid + 1), Some(pid + 1));
            (e.pid, s.pid) = (6001, 6001);
        }
        out.extend([e, s]);
    }
    out
}

fn put(t: u64, who: &str, pid: i32, item: i64, len: u32) -> Event {
    let (queue, item, cap) = ("q".into(), Some(item), 3);
    ev(
        t * MS,
        who,
        pid,
        EventKind::QueuePut {
            queue,
            item,
            len,
            cap,
        },
    )
}

fn get(t: u64, who: &str, pid: i32, from: &str, item: i64, len: u32) -> Event {
    let (queue, item, from, cap) = ("q".into(), Some(item), from.into(), 3);
    let kind = EventKind::QueueGet {
        queue,
        item,
        from,
        len,
        cap,
    };
    ev(t * MS, who, pid, kind)
}

fn wait(t: u64, who: &str, pid: i32, side: QueueSide, len: u32) -> Event {
    let (queue, cap) = ("q".into(), 3);
    ev(
        t * MS,
        who,
        pid,
        EventKind::QueueWait {
            queue,
            side,
            len,
            cap,
        },
    )
}

pub(super) fn work(t: u64, who: &str, pid: i32) -> Event {
    step(t * MS + 100, who, pid, "work 0.10s", Activity::Working)
}

const P0: (&str, i32) = ("producer0", 6010);
const P1: (&str, i32) = ("producer1", 6011);
const C0: (&str, i32) = ("consumer0", 6020);
const C1: (&str, i32) = ("consumer1", 6021);

/// The producer/consumer run up to 0.3 s.
pub fn queue_events() -> Vec<Event> {
    let p = ActorKind::Process;
    let mut out = opening(
        "queue-lab",
        &[
            ("main", 6001, p, None),
            (P0.0, P0.1, p, Some("main")),
            (P1.0, P1.1, p, Some("main")),
            (C0.0, C0.1, p, Some("main")),
            (C1.0, C1.1, p, Some("main")),
        ],
    );
    out.push(step(
        8 * MS,
        "main",
        6001,
        "join producer*",
        Activity::Waiting,
    ));
    out.extend([
        wait(10, C1.0, C1.1, QueueSide::Empty, 0),
        put(20, P0.0, P0.1, 1, 1),
        put(22, P1.0, P1.1, 11, 2),
        get(24, C1.0, C1.1, P0.0, 1, 1),
        work(24, C1.0, C1.1),
        get(30, C0.0, C0.1, P1.0, 11, 0),
        work(30, C0.0, C0.1),
        say(31 * MS, C0.0, C0.1, "consumer0 ate bun 11 from producer1"),
        put(60, P0.0, P0.1, 2, 1),
        put(62, P1.0, P1.1, 12, 2),
        put(100, P0.0, P0.1, 3, 3),
        wait(102, P1.0, P1.1, QueueSide::Full, 3),
        get(140, C0.0, C0.1, P0.0, 2, 2),
        work(140, C0.0, C0.1),
        put(141, P1.0, P1.1, 13, 3),
        wait(150, P0.0, P0.1, QueueSide::Full, 3),
        get(160, C1.0, C1.1, P1.0, 12, 2),
        work(160, C1.0, C1.1),
        put(161, P0.0, P0.1, 4, 3),
        wait(200, P1.0, P1.1, QueueSide::Full, 3),
        wait(210, P0.0, P0.1, QueueSide::Full, 3),
        say(300 * MS, "main", 6001, "main: waiting for the producers"),
    ]);
    out
}

pub(super) fn state_of(source: &str, events: &[Event], declared: &Declared<'_>) -> RunState {
    let scenario = Scenario::parse("lab.toml", source).expect("fixture scenario parses");
    let mut model = Model::new(&[]);
    model.declare(declared);
    for e in events {
        model.apply(e);
    }
    let mut run = RunState::new(scenario, None, 1.0);
    run.model = model;
    run
}

/// The producer/consumer run at 0.3 s: `q` full, both producers blocked.
pub fn queue_run() -> RunState {
    let q = QueueSpec {
        name: "q".into(),
        order: QueueOrder::Fifo,
        cap: 3,
        scope: Scope::Processes,
        joinable: false,
    };
    let queues = [q];
    let declared = Declared {
        queues: &queues,
        ..Declared::default()
    };
    state_of(SCENARIO, &queue_events(), &declared)
}

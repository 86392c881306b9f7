//! Runs of a deadlock lesson and of a ticket sale in step mode, at fixed times
//! and pids, for the banner, the wait-for graph and the turns list.
//!
//! - `deadlock_run`: six threads t0..t5 of main (6001) and two locks A, B.
//!   t0 went through func1 and holds B in func2; t1 holds A and waits for B;
//!   t0 woke and waits for A; t2..t5 queue at A. Reported at 0.14 s.
//! - `broken_run`: the same, a moment after t0 was chosen as the victim.
//! - `step_run`: main and three buyers in step mode; the buyers are held.

use crate::event::{Activity, ActorKind, Event, EventKind};
use crate::model::{Declared, Model};
use crate::scenario::Scenario;
use crate::ui::state::RunState;

const DEADLOCK: &str = r#"
format = 1
id = "deadlock-lab"
title = { en = "Deadlock", zh = "死锁" }
summary = { en = "Two locks in opposite orders.", zh = "两把锁，相反的顺序。" }

[lesson]
en = "func1 takes A then B; func2 takes B then A. Two threads end up waiting for each other."
zh = "func1 先拿 A 再拿 B; func2 先拿 B 再拿 A。两个线程最终互相等待。"

[locks.A]
kind = "mutex"

[locks.B]
kind = "mutex"

[[actors]]
name = "main"
kind = "process"
script = [ { start = "t*" }, { join = "t*" } ]

[[actors]]
name = "t{i}"
kind = "thread"
parent = "main"
count = 6
script = [
  { with = "A", do = [ { with = "B", do = [ { print = "func1" } ] } ] },
  { with = "B", do = [ { sleep = "0.1s" }, { with = "A", do = [ { print = "func2" } ] } ] },
]
"#;

const TICKETS: &str = r#"
format = 1
id = "ticket-steps"
title = { en = "Grabbing tickets, step by step", zh = "抢票，一步一步来" }
summary = { en = "You choose who goes next.", zh = "由你决定谁走下一步。" }

[lesson]
en = "Let both buyers read the ticket count before either writes it."
zh = "让两个买票人都先读到票数，然后再让任何一个写回。"

[values.tickets]
kind = "file"
initial = 1

[values.sold]
kind = "file"
initial = 0

[[actors]]
name = "main"
kind = "process"
script = [ { start = "buyer*" }, { join = "buyer*" } ]

[[actors]]
name = "buyer{i}"
kind = "process"
parent = "main"
count = 3
script = [ { read = "tickets", into = "t" }, { sleep = "0.1s" }, { write = "tickets", value = "t - 1" } ]
"#;

fn ev(t: u64, actor: &str, pid: i32, kind: EventKind) -> Event {
    Event::new(t, actor, pid, kind)
}

fn thread_ev(t: u64, actor: &str, tid: i32, kind: EventKind) -> Event {
    Event {
        tid: Some(tid),
        ..Event::new(t, actor, 6001, kind)
    }
}

fn spawned(kind: ActorKind, parent: Option<&str>) -> EventKind {
    let parent = parent.map(str::to_string);
    let daemon = false;
    EventKind::Spawned {
        kind,
        parent,
        daemon,
    }
}

fn step(text: &str, activity: Activity) -> EventKind {
    let op = text.split(' ').next().unwrap_or("").to_string();
    let (index, text) = (0, text.to_string());
    EventKind::Step {
        index,
        op,
        text,
        activity,
        line: None,
        targets: None,
    }
}

fn lock(kind: &str, name: &str) -> EventKind {
    let lock = name.to_string();
    match kind {
        "wait" => EventKind::LockWait { lock },
        "got" => EventKind::LockAcquired { lock, count: None },
        _ => EventKind::LockReleased { lock, count: None },
    }
}

fn print(text: &str) -> EventKind {
    let text = text.to_string();
    EventKind::Print { text }
}

fn opening(scenario: &str, pid: i32) -> Vec<Event> {
    let started = EventKind::RunStarted {
        scenario: scenario.into(),
        variant: None,
        seed: 5,
        speed: 1.0,
    };
    vec![
        ev(0, "host", pid - 1, started),
        ev(1_000, "main", pid, spawned(ActorKind::Process, None)),
        ev(1_500, "main", pid, EventKind::Started {}),
    ]
}

/// Up to the report: t1 and t0 in a circle, t2..t5 behind A.
pub fn deadlock_events() -> Vec<Event> {
    let mut out = opening("deadlock-lab", 6001);
    for i in 0..6 {
        let (t, name, tid) = (3_000 + 200 * i, format!("t{i}"), 6002 + i as i32);
        out.push(thread_ev(
            t,
            &name,
            tid,
            spawned(ActorKind::Thread, Some("main")),
        ));
        out.push(thread_ev(t + 100, &name, tid, EventKind::Started {}));
    }
    out.push(ev(5_000, "main", 6001, step("join t*", Activity::Waiting)));
    let t0 = |t: u64, kind: EventKind| thread_ev(t, "t0", 6002, kind);
    let t1 = |t: u64, kind: EventKind| thread_ev(t, "t1", 6003, kind);
    out.extend([
        t0(10_000, step("acquire A", Activity::Blocked)),
        t0(10_100, lock("got", "A")),
        t0(10_200, lock("got", "B")),
        t0(10_300, print("t0: func1 got A and B")),
        t0(10_400, lock("let go", "B")),
        t0(10_500, lock("let go", "A")),
        t0(13_000, step("acquire B", Activity::Blocked)),
        t0(13_100, lock("got", "B")),
        t0(13_200, step("sleep 0.10s", Activity::Sleeping)),
        t1(14_000, step("acquire A", Activity::Blocked)),
        t1(14_100, lock("got", "A")),
        t1(14_300, step("acquire B", Activity::Blocked)),
        t1(14_300, lock("wait", "B")),
    ]);
    for i in 2..6 {
        let (t, name, tid) = (15_000 + 500 * i, format!("t{i}"), 6002 + i as i32);
        out.push(thread_ev(
            t,
            &name,
            tid,
            step("acquire A", Activity::Blocked),
        ));
        out.push(thread_ev(t, &name, tid, lock("wait", "A")));
    }
    out.extend([
        t0(113_300, step("acquire A", Activity::Blocked)),
        t0(113_300, lock("wait", "A")),
    ]);
    let cycle = ["t1", "B", "t0", "A"].map(String::from).to_vec();
    out.push(ev(143_500, "host", 6000, EventKind::Deadlock { cycle }));
    out
}

fn run_of(src: &str, events: &[Event], now_us: u64) -> RunState {
    let scenario = Scenario::parse("fixture.toml", src).expect("fixture scenario parses");
    let plan = scenario.plan(None, &[]).expect("fixture plan");
    let mut model = Model::new(&plan.checks);
    model.declare(&Declared::of(&plan));
    events.iter().for_each(|e| model.apply(e));
    let mut run = RunState::new(scenario, None, 1.0);
    run.model = model;
    run.now_us = now_us;
    run
}

/// Mid-deadlock, at 0.6 s.
pub fn deadlock_run() -> RunState {
    run_of(DEADLOCK, &deadlock_events(), 600_000)
}

/// A moment after the user picked t0: it unwound, t1 got B.
pub fn broken_run() -> RunState {
    let mut events = deadlock_events();
    let t0 = |t: u64, kind: EventKind| thread_ev(t, "t0", 6002, kind);
    let broken = EventKind::DeadlockBroken {
        victim: "t0".into(),
        how: "unwound".into(),
    };
    events.extend([
        ev(900_000, "host", 6000, broken),
        t0(
            900_200,
            EventKind::Error {
                text: "deadlock victim: gave up waiting for A".into(),
            },
        ),
        t0(900_300, lock("let go", "B")),
        thread_ev(900_400, "t1", 6003, lock("got", "B")),
        t0(
            900_500,
            EventKind::Exited {
                code: Some(1),
                signal: None,
                cause: None,
            },
        ),
    ]);
    run_of(DEADLOCK, &events, 1_200_000)
}

/// The circle broken by killing t0, which keeps B (as a process keeps a
/// multiprocessing.Lock): t1 now waits for B for ever.
pub fn stuck_run() -> RunState {
    let mut events = deadlock_events();
    let broken = EventKind::DeadlockBroken {
        victim: "t0".into(),
        how: "killed_holding".into(),
    };
    let killed = EventKind::Exited {
        code: None,
        signal: Some("SIGKILL".into()),
        cause: None,
    };
    events.extend([
        ev(900_000, "host", 6000, broken),
        thread_ev(900_500, "t0", 6002, killed),
    ]);
    run_of(DEADLOCK, &events, 1_200_000)
}

/// Step mode: main waits in join, buyer0 and buyer1 have read 1, buyer2 has
/// not begun; all three buyers are held.
pub fn step_run() -> RunState {
    let mut events = opening("ticket-steps", 7001);
    for (name, v) in [("tickets", 1), ("sold", 0)] {
        let (name, value) = (name.to_string(), v.into());
        events.push(ev(100, "host", 7000, EventKind::Value { name, value }));
    }
    events.push(ev(
        2_000,
        "main",
        7001,
        step("start buyer*", Activity::Running),
    ));
    for i in 0..3 {
        let (t, name, pid) = (3_000 + 300 * i, format!("buyer{i}"), 7002 + i as i32);
        events.push(ev(t, &name, pid, spawned(ActorKind::Process, Some("main"))));
        events.push(ev(t + 100, &name, pid, EventKind::Started {}));
    }
    events.push(ev(
        4_000,
        "main",
        7001,
        step("join buyer*", Activity::Waiting),
    ));
    let held = |t: u64, who: &str, pid: i32, index: u32, text: &str| {
        let text = text.to_string();
        ev(t, who, pid, EventKind::Held { index, text })
    };
    let read = |t: u64, who: &str, pid: i32| {
        let (name, value) = ("tickets".to_string(), 1.into());
        ev(t, who, pid, EventKind::ValueRead { name, value })
    };
    events.extend([
        held(5_000, "buyer0", 7002, 0, "t = read tickets"),
        held(5_100, "buyer1", 7003, 0, "t = read tickets"),
        held(5_200, "buyer2", 7004, 0, "t = read tickets"),
        ev(
            400_000,
            "buyer0",
            7002,
            step("t = read tickets", Activity::Running),
        ),
        read(400_100, "buyer0", 7002),
        held(400_200, "buyer0", 7002, 1, "sleep 0.10s"),
        ev(
            900_000,
            "buyer1",
            7003,
            step("t = read tickets", Activity::Running),
        ),
        read(900_100, "buyer1", 7003),
        held(900_200, "buyer1", 7003, 1, "sleep 0.10s"),
    ]);
    let mut run = run_of(TICKETS, &events, 1_500_000);
    run.step_mode = true;
    run.chosen = 2;
    run
}

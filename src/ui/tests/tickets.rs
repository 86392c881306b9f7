//! A ticket-grab-like run at fixed times and pids: 10 buyers b0..b9 (processes
//! 5010..5019) under main (5001), one file lock `ticket_lock`, two file values
//! `tickets` (1 at the start) and `sold`.
//!
//! - `lock_run`: mid-run at 0.6 s with the lock. b3 and b5 are done, b1 holds
//!   the lock, seven buyers wait in line behind it.
//! - `race_run`: the run without the lock, ended. Every buyer read 1; nine wrote
//!   0 over each other's 0 and sold climbed to 9; b6 caught the file half-written.

use super::fixture::{say, step};
use crate::event::{Activity, ActorKind, Event, EventKind, Outcome};
use crate::model::{Declared, Model};
use crate::scenario::Scenario;
use crate::ui::state::RunState;

const SCENARIO: &str = r#"
format = 1
id = "ticket-lab"
title = { en = "Grabbing tickets", zh = "抢票" }
summary = { en = "Buyers share one ticket file.", zh = "买票人共用一个票数文件。" }

[lesson]
en = "Every buyer reads the ticket file, waits for the network, and writes it back. Without a lock, one ticket is sold many times."
zh = "每个买票人读取票数文件，等待网络，再写回。不加锁，一张票会被卖出很多次。"

[locks.ticket_lock]
kind = "mutex"
scope = "processes"

[values.tickets]
kind = "file"
initial = 1

[values.sold]
kind = "file"
initial = 0

[[actors]]
name = "main"
kind = "process"
script = [ { start = "b*" }, { join = "b*" } ]

[[actors]]
name = "b{i}"
kind = "process"
parent = "main"
count = 10
script = [ { with = "ticket_lock", do = [ { read = "tickets", into = "t" }, { write = "tickets", value = "t - 1" } ] } ]

[[variants]]
name = "lock"
label = { en = "with the lock", zh = "加锁" }

[[variants]]
name = "no-lock"
label = { en = "no lock", zh = "不加锁" }

[[checks]]
label = { en = "buyers queue at the lock", zh = "买票人在锁前排队" }
event = "lock_wait"
actor = "b*"

[[checks]]
label = { en = "no second ticket is sold", zh = "没有卖出第二张票" }
event = "value"
where = { name = "sold", value = 2 }
expect = "not_seen"
"#;

/// The order buyers reach the lock (and, without it, write the file).
const ORDER: [usize; 10] = [3, 5, 1, 7, 0, 9, 2, 8, 4, 6];

fn ev(t_us: u64, actor: &str, pid: i32, kind: EventKind) -> Event {
    Event::new(t_us, actor, pid, kind)
}

fn value(t: u64, who: &str, pid: i32, name: &str, v: i64, read: bool) -> Event {
    let (name, value) = (name.to_string(), v.into());
    let kind = if read {
        EventKind::ValueRead { name, value }
    } else {
        EventKind::Value { name, value }
    };
    ev(t, who, pid, kind)
}

fn exited(t: u64, who: &str, pid: i32, code: i32) -> Event {
    let kind = EventKind::Exited {
        code: Some(code),
        signal: None,
        cause: None,
    };
    ev(t, who, pid, kind)
}

fn buyer(i: usize) -> (String, i32) {
    (format!("b{i}"), 5010 + i as i32)
}

/// Run start, main, the ten buyers spawned, each looking at the file once.
fn opening(variant: &str) -> Vec<Event> {
    let started = EventKind::RunStarted {
        scenario: "ticket-lab".into(),
        variant: Some(variant.into()),
        seed: 3,
        speed: 1.0,
    };
    let spawn = |t, who: &str, pid, parent: Option<&str>| {
        let parent = parent.map(str::to_string);
        let (kind, daemon) = (ActorKind::Process, false);
        ev(
            t,
            who,
            pid,
            EventKind::Spawned {
                kind,
                parent,
                daemon,
            },
        )
    };
    let mut out = vec![
        ev(0, "host", 5000, started),
        value(100, "host", 5000, "tickets", 1, false),
        value(100, "host", 5000, "sold", 0, false),
        spawn(2_000, "main", 5001, None),
        ev(3_000, "main", 5001, EventKind::Started {}),
        say(3_100, "main", 5001, "main (pid 5001): 10 buyers, 1 ticket"),
    ];
    for i in 0..10 {
        let (b, pid) = buyer(i);
        let t = 5_000 + 400 * i as u64;
        out.push(spawn(t, &b, pid, Some("main")));
        out.push(ev(t + 2_000, &b, pid, EventKind::Started {}));
        out.push(value(t + 3_000, &b, pid, "tickets", 1, true));
        out.push(say(t + 3_100, &b, pid, format!("{b}: 1 ticket(s) left")));
    }
    out.push(step(9_500, "main", 5001, "join b*", Activity::Waiting));
    out
}

/// With the lock, up to 0.6 s: b3 and b5 have had their turn, b1 holds it.
pub fn lock_events() -> Vec<Event> {
    let mut out = opening("lock");
    let lock = || "ticket_lock".to_string();
    for (k, &i) in ORDER.iter().enumerate() {
        let (b, pid) = buyer(i);
        let t = 20_000 + 1_000 * k as u64;
        out.push(step(t, &b, pid, "acquire ticket_lock", Activity::Blocked));
        out.push(ev(t, &b, pid, EventKind::LockWait { lock: lock() }));
    }
    let mut t = 20_500;
    for (k, &i) in ORDER.iter().take(3).enumerate() {
        let (b, pid) = buyer(i);
        let left = i64::from(k == 0);
        out.push(ev(
            t,
            &b,
            pid,
            EventKind::LockAcquired {
                lock: lock(),
                count: None,
            },
        ));
        out.push(value(t + 200, &b, pid, "tickets", left, true));
        out.push(step(t + 300, &b, pid, "sleep 0.20s", Activity::Sleeping));
        if k == 2 {
            break; // b1 is still in the lock at 0.6 s
        }
        let done = t + 200_300;
        if left == 1 {
            out.push(value(done, &b, pid, "tickets", 0, false));
            out.push(value(done + 100, &b, pid, "sold", 1, false));
            out.push(say(done + 200, &b, pid, format!("{b}: bought a ticket!")));
        } else {
            out.push(say(
                done + 200,
                &b,
                pid,
                format!("{b}: sold out, no ticket"),
            ));
        }
        out.push(ev(
            done + 300,
            &b,
            pid,
            EventKind::LockReleased {
                lock: lock(),
                count: None,
            },
        ));
        out.push(exited(done + 400, &b, pid, 0));
        t = done + 500;
    }
    out.push(say(
        600_000,
        "b1",
        5011,
        "b1: still waiting for the network",
    ));
    out
}

/// With the lock, to the end: the seven in line each read 0 and leave.
pub fn lock_ending() -> Vec<Event> {
    let lock = || "ticket_lock".to_string();
    let release = |t, b: &str, pid| {
        ev(
            t,
            b,
            pid,
            EventKind::LockReleased {
                lock: lock(),
                count: None,
            },
        )
    };
    let mut out = vec![release(622_600, "b1", 5011), exited(622_700, "b1", 5011, 0)];
    for (k, &i) in ORDER.iter().enumerate().skip(3) {
        let (b, pid) = buyer(i);
        let t = 622_800 + 1_000 * k as u64;
        out.push(ev(
            t,
            &b,
            pid,
            EventKind::LockAcquired {
                lock: lock(),
                count: None,
            },
        ));
        out.push(value(t + 100, &b, pid, "tickets", 0, true));
        out.push(release(t + 500, &b, pid));
        out.push(exited(t + 600, &b, pid, 0));
    }
    let outcome = Outcome::Completed;
    out.push(ev(
        700_000,
        "host",
        5000,
        EventKind::RunEnded {
            outcome,
            reason: None,
        },
    ));
    out
}

/// Without the lock, to the end: nine writes of 0, sold 9, one torn read.
pub fn race_events() -> Vec<Event> {
    let mut out = opening("no-lock");
    for (k, &i) in ORDER.iter().enumerate() {
        let (b, pid) = buyer(i);
        let t = 20_000 + 1_000 * k as u64;
        if i == 6 {
            let text = "torn read: tickets.json held \"\" (half-written by another process?)";
            out.push(ev(t, &b, pid, EventKind::Error { text: text.into() }));
            out.push(exited(t + 100, &b, pid, 1));
            continue;
        }
        out.push(value(t, &b, pid, "tickets", 1, true));
        out.push(step(t + 100, &b, pid, "sleep 0.20s", Activity::Sleeping));
    }
    for (k, &i) in ORDER.iter().filter(|&&i| i != 6).enumerate() {
        let (b, pid) = buyer(i);
        let t = 210_000 + 10_000 * k as u64;
        out.push(value(t, &b, pid, "tickets", 0, false));
        out.push(value(t + 100, &b, pid, "sold", k as i64 + 1, false));
        out.push(say(t + 200, &b, pid, format!("{b}: bought a ticket!")));
        out.push(exited(t + 300, &b, pid, 0));
    }
    for i in 0..10 {
        let (b, pid) = buyer(i);
        let by = "main".to_string();
        out.push(ev(
            300_000 + 100 * i as u64,
            &b,
            pid,
            EventKind::Reaped { by },
        ));
    }
    out.push(value(310_000, "main", 5001, "sold", 9, true));
    out.push(say(310_100, "main", 5001, "main: 0 left; 9 sold, out of 1"));
    out.push(exited(311_000, "main", 5001, 0));
    let by = "host".to_string();
    out.push(ev(311_500, "main", 5001, EventKind::Reaped { by }));
    let outcome = Outcome::Completed;
    out.push(ev(
        312_000,
        "host",
        5000,
        EventKind::RunEnded {
            outcome,
            reason: None,
        },
    ));
    out
}

fn state_of(variant: &str, events: &[Event]) -> RunState {
    let scenario = Scenario::parse("tickets.toml", SCENARIO).expect("ticket scenario parses");
    let plan = scenario.plan(Some(variant), &[]).expect("ticket plan");
    let mut model = Model::new(&plan.checks);
    model.declare(&Declared::of(&plan));
    for e in events {
        model.apply(e);
    }
    let mut run = RunState::new(scenario, Some(variant.into()), 1.0);
    run.model = model;
    run
}

/// The run with the lock, mid-way.
pub fn lock_run() -> RunState {
    state_of("lock", &lock_events())
}

/// The run with the lock, ended: one ticket, sold once.
pub fn lock_ended_run() -> RunState {
    let mut all = lock_events();
    all.extend(lock_ending());
    state_of("lock", &all)
}

/// The run without the lock, ended.
pub fn race_run() -> RunState {
    state_of("no-lock", &race_events())
}

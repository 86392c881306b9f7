//! The fixture's events: a zombie-like run at fixed times and pids.
//!
//! host 4000 ─ main 4001 (+ thread worker, tid 4007)
//!             ├─ child 4002   exits at 1.016 s, /proc says Z at 1.030 s (not reaped)
//!             ├─ middle 4003  exits at 0.521 s, reaped by main
//!             │   └─ orphan 4004, adopted by the host when middle dies
//!             └─ keeper 4005  a daemon process

use crate::event::{Activity, ActorKind, Event, EventKind, Outcome};

fn ev(t_us: u64, actor: &str, pid: i32, kind: EventKind) -> Event {
    Event::new(t_us, actor, pid, kind)
}

fn spawn(t: u64, actor: &str, pid: i32, kind: ActorKind, parent: &str, daemon: bool) -> Event {
    ev(
        t,
        actor,
        pid,
        EventKind::Spawned {
            kind,
            parent: Some(parent.into()),
            daemon,
        },
    )
}

fn step(t: u64, actor: &str, pid: i32, text: &str, activity: Activity) -> Event {
    let op = text.split(' ').next().unwrap_or("").to_string();
    ev(
        t,
        actor,
        pid,
        EventKind::Step {
            index: 0,
            op,
            text: text.into(),
            activity,
            line: None,
            targets: None,
        },
    )
}

fn say(t: u64, actor: &str, pid: i32, text: &str) -> Event {
    ev(t, actor, pid, EventKind::Print { text: text.into() })
}

fn state(t: u64, actor: &str, pid: i32, letter: &str) -> Event {
    ev(
        t,
        actor,
        pid,
        EventKind::ProcState {
            state: letter.into(),
        },
    )
}

fn exited(t: u64, actor: &str, pid: i32) -> Event {
    ev(
        t,
        actor,
        pid,
        EventKind::Exited {
            code: Some(0),
            signal: None,
            cause: None,
        },
    )
}

fn in_thread(mut e: Event) -> Event {
    e.tid = Some(4007);
    e
}

/// The run up to 2.4 s: the child is a zombie, the orphan adopted, the rest alive.
pub fn events() -> Vec<Event> {
    use Activity::*;
    let started = EventKind::RunStarted {
        scenario: "zombie-lab".into(),
        variant: Some("late-join".into()),
        seed: 7,
        speed: 1.0,
    };
    let main_spawn = ev(
        2_000,
        "main",
        4001,
        EventKind::Spawned {
            kind: ActorKind::Process,
            parent: None,
            daemon: false,
        },
    );
    vec![
        ev(0, "host", 4000, started),
        main_spawn,
        ev(6_000, "main", 4001, EventKind::Started {}),
        say(
            6_200,
            "main",
            4001,
            "main (pid 4001): starting four helpers",
        ),
        spawn(8_000, "child", 4002, ActorKind::Process, "main", false),
        spawn(9_000, "middle", 4003, ActorKind::Process, "main", false),
        spawn(10_000, "keeper", 4005, ActorKind::Process, "main", true),
        in_thread(spawn(
            11_000,
            "worker",
            4001,
            ActorKind::Thread,
            "main",
            false,
        )),
        in_thread(ev(11_500, "worker", 4001, EventKind::Started {})),
        in_thread(step(12_000, "worker", 4001, "work 2.00s", Working)),
        step(12_500, "main", 4001, "join middle", Waiting),
        ev(15_000, "child", 4002, EventKind::Started {}),
        say(
            15_200,
            "child",
            4002,
            "child (pid 4002, ppid 4001): working",
        ),
        step(15_500, "child", 4002, "work 1.00s", Working),
        ev(16_000, "middle", 4003, EventKind::Started {}),
        spawn(20_000, "orphan", 4004, ActorKind::Process, "middle", false),
        step(21_000, "middle", 4003, "sleep 0.50s", Sleeping),
        ev(18_000, "keeper", 4005, EventKind::Started {}),
        step(19_000, "keeper", 4005, "sleep 10.00s", Sleeping),
        ev(24_000, "orphan", 4004, EventKind::Started {}),
        step(25_000, "orphan", 4004, "sleep 3.00s", Sleeping),
        state(30_000, "main", 4001, "S"),
        state(30_000, "child", 4002, "R"),
        state(30_000, "middle", 4003, "S"),
        state(30_000, "orphan", 4004, "S"),
        state(30_000, "keeper", 4005, "S"),
        exited(521_000, "middle", 4003),
        ev(
            521_500,
            "orphan",
            4004,
            EventKind::Reparented {
                ppid: 4000,
                from: Some(4003),
            },
        ),
        ev(
            523_000,
            "middle",
            4003,
            EventKind::Reaped { by: "main".into() },
        ),
        step(523_500, "main", 4001, "sleep 4.00s", Sleeping),
        say(1_015_000, "child", 4002, "child: done, exiting"),
        exited(1_016_000, "child", 4002),
        state(1_030_000, "child", 4002, "Z"),
        say(1_200_000, "keeper", 4005, "keeper: still watching (tick 1)"),
        in_thread(say(2_012_500, "worker", 4001, "worker: sum computed")),
        in_thread(exited(2_013_000, "worker", 4001)),
        say(2_400_000, "keeper", 4005, "keeper: still watching (tick 2)"),
    ]
}

/// The events after 2.4 s: main reaps the zombie, the run completes.
pub fn ending() -> Vec<Event> {
    vec![
        step(4_524_000, "main", 4001, "join child", Activity::Waiting),
        ev(
            4_525_000,
            "child",
            4002,
            EventKind::Reaped { by: "main".into() },
        ),
        say(
            4_526_000,
            "main",
            4001,
            "main: joined the child, the zombie is gone",
        ),
        exited(4_527_000, "orphan", 4004),
        ev(
            4_528_000,
            "orphan",
            4004,
            EventKind::Reaped { by: "host".into() },
        ),
        ev(
            4_529_000,
            "keeper",
            4005,
            EventKind::Exited {
                code: None,
                signal: Some("SIGTERM".into()),
                cause: None,
            },
        ),
        ev(
            4_529_500,
            "keeper",
            4005,
            EventKind::Reaped { by: "main".into() },
        ),
        exited(4_530_000, "main", 4001),
        ev(
            4_531_000,
            "main",
            4001,
            EventKind::Reaped { by: "host".into() },
        ),
        ev(
            4_540_000,
            "host",
            4000,
            EventKind::RunEnded {
                outcome: Outcome::Completed,
                reason: None,
            },
        ),
    ]
}

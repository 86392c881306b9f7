//! Folded lanes on the built-in lessons with the most actors, from events at
//! fixed times: thread-race's hundred threads mid-run, and deadlock's ten
//! threads with t0 and t1 in the circle and t2..t9 queued at A.

use std::time::Instant;

use crate::event::{Activity, ActorKind, Event, EventKind};
use crate::model::lesson::LessonProgress;
use crate::model::{Declared, Model};
use crate::scenario::{builtin, Scenario};
use crate::ui::state::RunState;

const MAIN: i32 = 8001;

fn thread_ev(t: u64, actor: &str, tid: i32, kind: EventKind) -> Event {
    Event {
        tid: Some(tid),
        ..Event::new(t, actor, MAIN, kind)
    }
}

fn step(text: &str, activity: Activity) -> EventKind {
    EventKind::Step {
        index: 0,
        op: text.split(' ').next().unwrap_or("").to_string(),
        text: text.to_string(),
        activity,
        line: None,
        targets: None,
    }
}

fn spawned(kind: ActorKind, parent: Option<&str>) -> EventKind {
    EventKind::Spawned {
        kind,
        parent: parent.map(str::to_string),
        daemon: false,
    }
}

/// The host's start, main's, and `n` threads `{stem}{i}` started 200 µs apart.
fn opening(id: &str, stem: &str, n: usize) -> Vec<Event> {
    let started = EventKind::RunStarted {
        scenario: id.into(),
        variant: None,
        seed: 5,
        speed: 1.0,
    };
    let mut out = vec![
        Event::new(0, "host", MAIN - 1, started),
        Event::new(500, "main", MAIN, spawned(ActorKind::Process, None)),
        Event::new(600, "main", MAIN, EventKind::Started {}),
    ];
    for i in 0..n {
        let (t, name, tid) = (1_000 + 200 * i as u64, format!("{stem}{i}"), tid(i));
        out.push(thread_ev(
            t,
            &name,
            tid,
            spawned(ActorKind::Thread, Some("main")),
        ));
        out.push(thread_ev(t + 50, &name, tid, EventKind::Started {}));
    }
    out.push(Event::new(
        25_000,
        "main",
        MAIN,
        step("join t", Activity::Waiting),
    ));
    out
}

fn tid(i: usize) -> i32 {
    MAIN + 1 + i32::try_from(i).unwrap_or(0)
}

/// The built-in lesson `id` fed with `events`, its pages open, at `now_us`.
fn run_of(id: &str, events: &[Event], now_us: u64) -> RunState {
    let s: Scenario = builtin().into_iter().find(|s| s.id == id).expect(id);
    let plan = s.plan(None, &[]).expect("a built-in plan");
    let mut model = Model::new(&plan.checks);
    model.declare(&Declared::of(&plan));
    let mut run = RunState::new(s.clone(), plan.variant.clone(), 1.0);
    run.lesson = LessonProgress::new(&s.pages, plan.variant.as_deref(), Instant::now());
    for e in events {
        model.apply(e);
        run.lesson.observe(e);
    }
    run.model = model;
    run.now_us = now_us;
    run
}

/// thread-race at 60 ms: every thread read n and napped 50 ms; those that
/// woke wrote n back and ended, and main joined the first of them.
pub fn race_run() -> RunState {
    let mut out = opening("thread-race", "thread", 100);
    let mut reaped = 25_000;
    for i in 0..100 {
        let (t, name, tid) = (1_100 + 200 * i as u64, format!("thread{i}"), tid(i));
        let ev = |dt: u64, kind: EventKind| thread_ev(t + dt, &name, tid, kind);
        out.push(ev(0, step("tmp = n", Activity::Running)));
        out.push(ev(50, step("sleep 0.05s", Activity::Sleeping)));
        out.push(ev(50_050, step("n = tmp - 1", Activity::Running)));
        let exited = EventKind::Exited {
            code: Some(0),
            signal: None,
            cause: None,
        };
        out.push(ev(50_200, exited));
        reaped = reaped.max(t + 50_300) + 100;
        let by = "main".to_string();
        out.push(thread_ev(reaped, &name, tid, EventKind::Reaped { by }));
    }
    out.sort_by_key(|e| e.t_us);
    out.retain(|e| e.t_us <= 60_000);
    run_of("thread-race", &out, 60_000)
}

/// deadlock at 0.6 s: t1 holds A and waits for B, t0 holds B and waits for
/// A (reported at 0.14 s); t2..t9 wait for A.
pub fn deadlock_run() -> RunState {
    let mut out = opening("deadlock", "t", 10);
    let t0 = |t: u64, kind: EventKind| thread_ev(t, "t0", tid(0), kind);
    let t1 = |t: u64, kind: EventKind| thread_ev(t, "t1", tid(1), kind);
    let lock = |name: &str| name.to_string();
    out.extend([
        t0(13_000, step("acquire B", Activity::Blocked)),
        t0(
            13_100,
            EventKind::LockAcquired {
                lock: lock("B"),
                count: None,
            },
        ),
        t0(13_200, step("sleep 0.10s", Activity::Sleeping)),
        t1(14_000, step("acquire A", Activity::Blocked)),
        t1(
            14_100,
            EventKind::LockAcquired {
                lock: lock("A"),
                count: None,
            },
        ),
        t1(14_300, step("acquire B", Activity::Blocked)),
        t1(14_300, EventKind::LockWait { lock: lock("B") }),
    ]);
    for i in 2..10 {
        let (t, name) = (15_000 + 500 * i as u64, format!("t{i}"));
        out.push(thread_ev(
            t,
            &name,
            tid(i),
            step("acquire A", Activity::Blocked),
        ));
        out.push(thread_ev(
            t,
            &name,
            tid(i),
            EventKind::LockWait { lock: lock("A") },
        ));
    }
    out.extend([
        t0(113_300, step("acquire A", Activity::Blocked)),
        t0(113_300, EventKind::LockWait { lock: lock("A") }),
    ]);
    let cycle = ["t1", "B", "t0", "A"].map(String::from).to_vec();
    out.push(Event::new(
        143_500,
        "host",
        MAIN - 1,
        EventKind::Deadlock { cycle },
    ));
    out.sort_by_key(|e| e.t_us);
    run_of("deadlock", &out, 600_000)
}

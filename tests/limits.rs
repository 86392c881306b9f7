//! Limits that hold whatever a scenario's actors do: an actor starts once, as
//! in Python (`check` refuses a start that `repeat` unrolls; two start steps
//! pass it and the runtime refuses the second), a print flood is stopped by
//! the event budget, and the time limit holds while the host is flooded.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use conlab::event::{ActorKind, Event, EventKind, Outcome};

/// Write `body` as a scenario file in a fresh directory of its own.
fn scenario(name: &str, body: &str) -> String {
    let dir = std::env::temp_dir().join(format!("conlab-limits-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, body).unwrap();
    path.to_string_lossy().into_owned()
}

/// Run a file or a built-in headless with `env`; its events, how long it
/// took, and its stderr.
fn run(target: &str, env: &[(&str, &str)], limit: Duration) -> (Vec<Event>, Duration, String) {
    let began = Instant::now();
    let mut cmd = Command::new(common::BIN);
    cmd.args(["run", target, "--headless"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().expect("start conlab");
    let pid = child.id() as i32;
    let watchdog = std::thread::spawn(move || {
        let began = Instant::now();
        while began.elapsed() < limit {
            std::thread::sleep(Duration::from_millis(50));
            if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
                return;
            }
        }
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGKILL,
        );
    });
    let out = child.wait_with_output().unwrap();
    let took = began.elapsed();
    watchdog.join().unwrap();
    assert!(took < limit, "{target} did not end within {limit:?}");
    let events = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l:?}: {e}")))
        .collect();
    (
        events,
        took,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ending(events: &[Event]) -> (Outcome, Option<String>, u64) {
    match events.last().map(|e| (&e.kind, e.t_us)) {
        Some((EventKind::RunEnded { outcome, reason }, t)) => (*outcome, reason.clone(), t),
        other => panic!("the log ends with run_ended, not {other:?}"),
    }
}

const FLOOD: &str = r#"
id = "flood"
title = { en = "flood", zh = "刷屏" }
summary = { en = "prints without end", zh = "无休止地打印" }
max_seconds = 60

[[actors]]
name = "main"
kind = "process"
script = [ { start = "t" }, { loop = [ { print = "x" } ] } ]

[[actors]]
name = "t"
kind = "thread"
parent = "main"
script = [ { loop = [ { print = "y" } ] } ]
"#;

#[test]
fn a_print_flood_is_stopped_at_the_event_budget() {
    let path = scenario("flood", FLOOD);
    let budget = 20_000;
    let (events, _, stderr) = run(
        &path,
        &[("CONLAB_EVENT_BUDGET", "20000")],
        Duration::from_secs(30),
    );
    let (outcome, reason, _) = ending(&events);
    assert_eq!(outcome, Outcome::Limit, "{stderr}");
    let reason = reason.expect("a limit names its reason");
    assert!(reason.contains("20000 events"), "{reason}");
    assert!(stderr.contains("20000 events"), "stderr says why: {stderr}");
    // The budget counts what the workers told; the host adds a handful of its own.
    assert!(
        events.len() < budget + 50,
        "{} events told past a budget of {budget}",
        events.len()
    );
    let limit = events
        .iter()
        .find(|e| matches!(e.kind, EventKind::LimitReached { .. }))
        .expect("the limit is told as an event");
    assert_eq!(limit.actor, "host");
}

#[test]
fn the_time_limit_holds_under_a_flood() {
    let body = FLOOD.replace("max_seconds = 60", "max_seconds = 2");
    let path = scenario("flood-time", &body);
    let (events, took, stderr) = run(&path, &[], Duration::from_secs(30));
    let (outcome, _, ended_us) = ending(&events);
    // Either limit may come first on a slow machine; a fast one floods past
    // the budget only after the time limit has struck.
    assert!(
        matches!(outcome, Outcome::TimedOut | Outcome::Limit),
        "{outcome:?} {stderr}"
    );
    assert!(ended_us < 3_000_000, "ended at {ended_us} µs, limit 2 s");
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn a_second_start_is_refused_as_python_refuses_it() {
    let body = r#"
id = "start-twice"
title = { en = "start twice", zh = "start 两次" }
summary = { en = "start the same child twice", zh = "同一个子进程 start 两次" }
max_seconds = 5

[[actors]]
name = "main"
kind = "process"
script = [ { start = "child" }, { start = "t" }, { start = "child" }, { start = "t" }, { join = ["child", "t"] } ]

[[actors]]
name = "child"
kind = "process"
parent = "main"
script = [ { sleep = "50ms" } ]

[[actors]]
name = "t"
kind = "thread"
parent = "main"
script = [ { sleep = "50ms" } ]
"#;
    let path = scenario("start-twice", body);
    let (events, _, stderr) = run(&path, &[], Duration::from_secs(30));
    let spawned = |kind: ActorKind| {
        events
            .iter()
            .filter(|e| matches!(&e.kind, EventKind::Spawned { kind: k, .. } if *k == kind))
            .count()
    };
    assert_eq!(
        spawned(ActorKind::Process),
        2,
        "main and one child: {stderr}"
    );
    assert_eq!(spawned(ActorKind::Thread), 1);
    let errors: Vec<&str> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Error { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(errors.len(), 2, "every later start is refused");
    assert!(errors
        .iter()
        .any(|t| t.contains("cannot start a process twice")));
    assert!(errors
        .iter()
        .any(|t| t.contains("threads can only be started once")));
    assert_eq!(ending(&events).0, Outcome::Completed);
}

#[test]
fn stopping_a_flood_is_quick_and_leaves_nothing_behind() {
    use conlab::runtime::launch::{RunHandle, RunRequest};
    let path = scenario("flood-stop", FLOOD);
    let plan = conlab::scenario::load(&path)
        .unwrap()
        .plan(None, &[])
        .unwrap();
    let mut run =
        RunHandle::start_with(common::BIN.as_ref(), RunRequest::new(plan, 1, 1.0)).unwrap();
    let host = run.host_pid();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut prints = 0;
    let mut pids = vec![host];
    while prints < 5_000 {
        let e = run
            .events()
            .recv_deadline(deadline)
            .expect("the flood flows");
        if matches!(e.kind, EventKind::Spawned { .. }) {
            pids.push(e.pid);
        }
        prints += matches!(e.kind, EventKind::Print { .. }) as usize;
    }
    let began = Instant::now();
    run.stop();
    let took = began.elapsed();
    assert!(
        took < Duration::from_secs(1),
        "stopping a flood took {took:?}"
    );
    let alive: Vec<i32> = pids
        .iter()
        .copied()
        .filter(|p| std::path::Path::new(&format!("/proc/{p}")).exists())
        .collect();
    assert!(alive.is_empty(), "left running: {alive:?}");
    // The run's directory and its semaphores are named after the host's pid.
    let mark = format!("conlab-{host}-");
    let leftovers: Vec<String> = [std::path::PathBuf::from("/dev/shm"), std::env::temp_dir()]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap().flatten())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(&mark))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn starts_past_the_run_wide_limits_are_refused_and_end_the_run() {
    for (id, var, kind, limit) in [
        (
            "threads-basics",
            "CONLAB_MAX_THREADS",
            ActorKind::Thread,
            "threads",
        ),
        (
            "process-start",
            "CONLAB_MAX_PROCESSES",
            ActorKind::Process,
            "processes",
        ),
    ] {
        let (events, _, _) = run(id, &[(var, "2")], Duration::from_secs(30));
        let started = events
            .iter()
            .filter(|e| e.actor != "main")
            .filter(|e| matches!(&e.kind, EventKind::Spawned { kind: k, .. } if *k == kind))
            .count();
        assert_eq!(started, 2, "{id}: two starts, then no more");
        let reached = events
            .iter()
            .find_map(|e| match &e.kind {
                EventKind::LimitReached { limit, max, .. } => {
                    Some((e.actor.clone(), limit.clone(), *max))
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{id}: the limit is told"));
        assert_eq!(reached, ("main".to_string(), limit.to_string(), 2), "{id}");
        let (outcome, reason, _) = ending(&events);
        assert_eq!(outcome, Outcome::Limit, "{id}");
        assert!(reason.unwrap().contains(&format!("2 {limit}")), "{id}");
    }
}

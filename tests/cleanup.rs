//! Quitting at any moment leaves no process of the run and no zombie.
//!
//! This test binary makes itself a child subreaper, standing in for init:
//! whatever a dead UI leaves behind is re-parented to it, and must still end.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use conlab::event::{ActorKind, Event, EventKind, Outcome};
use conlab::runtime::launch::{RunHandle, RunRequest};
use nix::sys::signal::{kill, Signal};
use nix::sys::wait::{waitpid, WaitPidFlag};
use nix::unistd::Pid;

fn exists(pid: i32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// Reap what comes to us and wait (bounded) until none of `pids` exists,
/// neither alive nor as a zombie.
fn assert_all_gone(pids: &[i32]) {
    let began = Instant::now();
    while began.elapsed() < Duration::from_secs(8) {
        while let Ok(status) = waitpid(None::<Pid>, Some(WaitPidFlag::WNOHANG)) {
            if status.pid().is_none() {
                break;
            }
        }
        if pids.iter().all(|p| !exists(*p)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let left: Vec<_> = pids.iter().filter(|p| exists(**p)).collect();
    panic!("processes of the run survived: {left:?}");
}

fn process_pids(events: &[Event]) -> Vec<i32> {
    events
        .iter()
        .filter(|e| {
            matches!(e.kind, EventKind::RunStarted { .. })
                || matches!(
                    e.kind,
                    EventKind::Spawned {
                        kind: ActorKind::Process,
                        ..
                    }
                )
        })
        .map(|e| e.pid)
        .collect()
}

#[test]
fn a_killed_ui_leaves_nothing_behind() {
    nix::sys::prctl::set_child_subreaper(true).unwrap();
    let mut ui = Command::new(common::BIN)
        .args(["run", "orphan", "--headless"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(ui.stdout.take().unwrap()).lines();
    let mut events: Vec<Event> = Vec::new();
    // Wait until the orphan exists (three processes below the host), then kill the UI.
    while process_pids(&events).len() < 4 {
        let line = lines.next().expect("the run goes on").unwrap();
        events.push(serde_json::from_str(&line).unwrap());
    }
    kill(Pid::from_raw(ui.id() as i32), Signal::SIGKILL).unwrap();
    ui.wait().unwrap();
    assert_all_gone(&process_pids(&events));
}

/// Start a built-in scenario through the library, as the TUI does.
fn start_run(id: &str, variant: Option<&str>) -> RunHandle {
    nix::sys::prctl::set_child_subreaper(true).unwrap();
    let plan = conlab::scenario::load(id)
        .unwrap()
        .plan(variant, &[])
        .unwrap();
    let request = RunRequest::new(plan, 1, 1.0);
    RunHandle::start_with(common::BIN.as_ref(), request).unwrap()
}

/// The events up to and including the first that `pred` accepts (20 s at most).
fn events_until(run: &RunHandle, what: &str, pred: impl Fn(&EventKind) -> bool) -> Vec<Event> {
    let mut events = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let e = run
            .events()
            .recv_deadline(deadline)
            .unwrap_or_else(|_| panic!("{what} in time"));
        let found = pred(&e.kind);
        events.push(e);
        if found {
            return events;
        }
    }
}

#[test]
fn stopping_mid_zombie_kills_and_reaps_everything() {
    let mut run = start_run("zombie", None);
    let mut events = events_until(&run, "the child turns zombie", |k| {
        *k == EventKind::ProcState { state: "Z".into() }
    });
    run.stop();
    let rest: Vec<Event> = run.events().iter().collect();
    let ended = rest.iter().find_map(|e| match e.kind {
        EventKind::RunEnded { outcome, .. } => Some(outcome),
        _ => None,
    });
    assert_eq!(ended, Some(Outcome::Aborted));
    events.extend(rest);
    assert_all_gone(&process_pids(&events));
}

#[test]
fn stopping_while_producers_block_on_a_full_queue_leaves_nothing_behind() {
    let mut run = start_run("producer-consumer", Some("bounded"));
    let mut events = events_until(&run, "a producer blocks on the full queue", |k| {
        matches!(
            k,
            EventKind::QueueWait {
                side: conlab::event::QueueSide::Full,
                ..
            }
        )
    });
    run.stop();
    events.extend(run.events().iter());
    assert_all_gone(&process_pids(&events));
    let left: Vec<String> = std::fs::read_dir("/dev/shm")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains(&format!("conlab-{}-", events[0].pid)))
                .collect()
        })
        .unwrap_or_default();
    assert!(left.is_empty(), "named semaphores left behind: {left:?}");
}

#[test]
fn stopping_in_the_middle_of_a_deadlock_between_processes_leaves_nothing_behind() {
    // Started as the TUI starts it: nobody breaks the deadlock but the user.
    let mut run = start_run("deadlock-processes", None);
    let mut events = events_until(&run, "the deadlock is found", |k| {
        matches!(k, EventKind::Deadlock { .. })
    });
    run.stop();
    events.extend(run.events().iter());
    assert!(
        !events
            .iter()
            .any(|e| matches!(e.kind, EventKind::DeadlockBroken { .. })),
        "without auto_break the host waits for the user's victim"
    );
    assert_all_gone(&process_pids(&events));
}

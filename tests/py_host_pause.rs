//! `conlab py`: a pause stops the learner's processes (SIGSTOP, seen in
//! /proc as `T`), a resume lets them go on, and quitting a paused run still
//! ends it. Skipped without python3; required when `CI` is set.

mod py_support;

use std::path::Path;
use std::time::Duration;

use conlab::event::{Event, EventKind, Outcome};
use conlab::py::{lesson, PySpec};
use conlab::runtime::launch::{ControlMsg, RunHandle, RunRequest};
use conlab::scenario::text::Lang;
use py_support::{dir, skip, until, write_program, BIN};

fn state_of(e: &Event, pid: i32, letter: &str) -> bool {
    e.pid == pid && matches!(&e.kind, EventKind::ProcState { state } if state == letter)
}

#[test]
fn a_pause_stops_the_programs_processes_and_a_resume_lets_them_go() {
    if skip() {
        return;
    }
    let d = dir("pause");
    let text = "import time\nwhile True:\n    time.sleep(0.05)\n";
    let file = write_program(&d, "loop.py", text);
    let spec = PySpec {
        file: file.clone(),
        args: Vec::new(),
        cwd: d.clone(),
    };
    let plan = lesson::plan(spec, text, Duration::from_secs(60), Lang::En);
    let mut handle = RunHandle::start_with(Path::new(BIN), RunRequest::new(plan, 1, 1.0)).unwrap();
    let mut seen = Vec::new();
    let root = until(&handle, &mut seen, |e| {
        matches!(e.kind, EventKind::Spawned { parent: None, .. })
    })
    .pid;
    until(&handle, &mut seen, |e| state_of(e, root, "S"));
    handle.send(ControlMsg::Pause);
    until(&handle, &mut seen, |e| state_of(e, root, "T"));
    handle.send(ControlMsg::Resume);
    until(&handle, &mut seen, |e| {
        e.pid == root && matches!(&e.kind, EventKind::ProcState { state } if state != "T")
    });
    handle.send(ControlMsg::Pause);
    until(&handle, &mut seen, |e| state_of(e, root, "T"));
    handle.stop();
    let rest: Vec<Event> = handle.events().iter().collect();
    let ended = rest.iter().find_map(|e| match &e.kind {
        EventKind::RunEnded { outcome, .. } => Some(*outcome),
        _ => None,
    });
    assert_eq!(ended, Some(Outcome::Aborted));
    assert!(
        !Path::new(&format!("/proc/{root}")).exists(),
        "the stopped root was killed and reaped"
    );
    std::fs::remove_dir_all(&d).unwrap();
}

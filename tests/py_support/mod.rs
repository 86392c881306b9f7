//! Helpers of the `conlab py` tests: write a program, run `conlab py FILE`
//! headless (bounded in time, with extra environment), read its log.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use conlab::event::{ActorKind, Event, EventKind, Outcome};

/// The shared runner (spawn, both pipes read, the bounded wait, the kill).
#[path = "../common/mod.rs"]
pub mod common;

#[allow(unused_imports)]
pub use common::BIN;

/// Python that tells events on the host's socket as the module would
/// (one connection per process, opened lazily), so a test does not depend
/// on the instrumentation package.
pub const TELL: &str = r#"
import json, os, socket, time
_conn = {}
def tell(actor, event, pid=None, **fields):
    s = _conn.get(os.getpid())
    if s is None:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(os.environ["CONLAB_PY_SOCK"])
        _conn[os.getpid()] = s
    t0 = int(os.environ["CONLAB_T0_NS"])
    line = {"t_us": (time.clock_gettime_ns(time.CLOCK_MONOTONIC) - t0) // 1000,
            "actor": actor, "pid": pid or os.getpid(), "event": event}
    line.update(fields)
    s.sendall((json.dumps(line) + "\n").encode())
"#;

/// A finished `conlab py` run.
pub struct PyRun {
    pub code: i32,
    pub stderr: String,
    pub events: Vec<Event>,
}

pub fn python_present() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// True (after saying why) when the test cannot run here; in CI it must.
pub fn skip() -> bool {
    if python_present() {
        return false;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but python3 is missing: conlab py's tests are required in CI"
    );
    println!("skipped: python3 is not installed (conlab py needs it)");
    true
}

/// A fresh directory for one test.
pub fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("conlab-pyhost-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub fn write_program(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// `conlab py FILE ARGS…` with `env` added, killed if it takes over a minute;
/// every stdout line must parse as an event.
pub fn py(file: &Path, args: &[&str], env: &[(&str, &str)]) -> PyRun {
    let mut all: Vec<&OsStr> = vec![OsStr::new("py"), file.as_os_str()];
    all.extend(args.iter().map(OsStr::new));
    let f = common::conlab_env(&all, env, Duration::from_secs(60));
    let events = common::events(&f.stdout);
    PyRun {
        code: f.code,
        stderr: f.stderr,
        events,
    }
}

/// How the run ended (its last line must be `run_ended`).
pub fn ended(run: &PyRun) -> Outcome {
    match run.events.last().map(|e| &e.kind) {
        Some(EventKind::RunEnded { outcome, .. }) => *outcome,
        other => panic!("the log ends with {other:?}, not run_ended\n{}", run.stderr),
    }
}

/// The pid of the root, from the host's `spawned`.
pub fn root_pid(run: &PyRun) -> i32 {
    let spawned = run.events.iter().find(|e| {
        e.actor == "MainProcess"
            && matches!(
                &e.kind,
                EventKind::Spawned {
                    kind: ActorKind::Process,
                    parent: None,
                    ..
                }
            )
    });
    spawned.expect("MainProcess spawned by the host").pid
}

/// The `error` texts of actor `host`.
pub fn host_errors(run: &PyRun) -> Vec<&str> {
    run.events
        .iter()
        .filter(|e| e.actor == "host")
        .filter_map(|e| match &e.kind {
            EventKind::Error { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// Events until `want` holds for one (at most 20 s); that one.
pub fn until(
    handle: &conlab::runtime::launch::RunHandle,
    seen: &mut Vec<Event>,
    want: impl Fn(&Event) -> bool,
) -> Event {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let e = handle
            .events()
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("not seen within 20 s; seen:\n{seen:#?}"));
        seen.push(e.clone());
        if want(&e) {
            return e;
        }
    }
}

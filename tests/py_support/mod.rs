//! Helpers of the `conlab py` tests: write a program, run `conlab py FILE`
//! headless (bounded in time, with extra environment), read its log.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use conlab::event::{ActorKind, Event, EventKind, Outcome};

pub const BIN: &str = env!("CARGO_BIN_EXE_conlab");

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
    let mut child = Command::new(BIN)
        .arg("py")
        .arg(file)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start conlab");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        out.read_to_string(&mut s).ok();
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).ok();
        s
    });
    let began = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if began.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            let _ = child.wait();
            panic!("conlab py {file:?} did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = out_reader.join().unwrap();
    let events = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad event line {l:?}: {e}")))
        .collect();
    PyRun {
        code: status.code().unwrap_or(-1),
        stderr: err_reader.join().unwrap(),
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

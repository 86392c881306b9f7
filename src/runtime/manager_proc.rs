//! The manager process as Python runs it: `Manager()` in main starts the
//! server as a child of main (ppid = main), and when main is done with it
//! (the end of `with Manager()`, or main's exit finalizers) main asks it to
//! shut down, waits a moment, then terminates it if it lingers, and reaps it.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
use nix::unistd::Pid;

use super::emit::Emitter;
use super::manager::{socket_path, Request};
use super::process::exit_fields;
use crate::event::{ActorKind, EventKind};
use crate::scenario::plan::Plan;

/// The actor name of the manager process in the event log.
pub const ACTOR: &str = "manager";

/// The manager this process started, if any.
struct Own {
    pid: Pid,
    /// The actor that started it, which reaps it.
    parent: String,
    run_dir: PathBuf,
}

static OWN: Mutex<Option<Own>> = Mutex::new(None);

/// How long each stage of the shutdown may take, as Python's `_finalize_manager`.
const STAGE: Duration = Duration::from_secs(1);

/// When `actor` is the plan's root and the plan keeps values in a manager,
/// start the manager as this process's child and wait (bounded) until it listens.
pub fn start_if_mine(plan: &Plan, actor: &str, run_dir: &Path, emit: &Emitter) {
    if plan.root().name != actor {
        return;
    }
    let values: Vec<String> = plan
        .manager_values()
        .map(|v| format!("{}={}", v.name, v.initial))
        .collect();
    if values.is_empty() {
        return;
    }
    if let Err(text) = start(actor, run_dir, &values, emit) {
        emit.emit(actor, EventKind::Error { text });
    }
}

fn start(parent: &str, run_dir: &Path, values: &[String], emit: &Emitter) -> Result<(), String> {
    let began_us = emit.clock().t_us();
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let child = Command::new(exe)
        .arg("__manager")
        .arg(run_dir)
        .args(values)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("could not start the manager process: {e}"))?;
    let pid = Pid::from_raw(child.id() as i32);
    drop(child); // reaped by pid at shutdown
    *OWN.lock().unwrap() = Some(Own {
        pid,
        parent: parent.to_string(),
        run_dir: run_dir.to_path_buf(),
    });
    let spawned = EventKind::Spawned {
        kind: ActorKind::Process,
        parent: Some(parent.to_string()),
        daemon: false,
    };
    emit.emit_at(began_us, ACTOR, pid.as_raw(), None, spawned);
    let socket = socket_path(run_dir);
    let waited = Instant::now();
    while !socket.exists() {
        if waited.elapsed() > Duration::from_secs(5) {
            return Err("the manager process did not start listening".into());
        }
        if let Ok(WaitStatus::Exited(..) | WaitStatus::Signaled(..)) =
            waitpid(pid, Some(WaitPidFlag::WNOHANG | WaitPidFlag::WNOWAIT))
        {
            return Err("the manager process ended before it listened".into());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    emit.emit_for(ACTOR, pid.as_raw(), None, EventKind::Started {});
    Ok(())
}

/// In a forked child: the manager is its parent's, not its own to stop at
/// exit (Python's forked child clears its copy of the exit finalizers).
pub fn forget_in_forked_child() {
    if let Ok(mut own) = OWN.try_lock() {
        *own = None;
    }
}

/// Shut down the manager this process started (nothing if none): ask it to
/// stop, give it a second, then SIGTERM, then SIGKILL; reap it and tell so.
pub fn shut_down_mine(emit: &Emitter) {
    let Some(Own {
        pid,
        parent,
        run_dir,
    }) = OWN.lock().unwrap().take()
    else {
        return;
    };
    let asked = ask_to_stop(&socket_path(&run_dir));
    let mut status = if asked { reap_within(pid, STAGE) } else { None };
    for signal in [Signal::SIGTERM, Signal::SIGKILL] {
        if status.is_some() {
            break;
        }
        let _ = kill(pid, signal);
        status = reap_within(pid, STAGE);
    }
    let Some(status) = status else {
        return; // not reaped after SIGKILL and two seconds: the host will see to it
    };
    if let Some(kind) = exit_fields(status) {
        emit.emit_for(ACTOR, pid.as_raw(), None, kind);
    }
    let reaped = EventKind::Reaped { by: parent };
    emit.emit_for(ACTOR, pid.as_raw(), None, reaped);
}

/// Send the shutdown request and wait (bounded) for the answer.
fn ask_to_stop(socket: &Path) -> bool {
    let Ok(mut s) = UnixStream::connect(socket) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(STAGE));
    let _ = s.set_write_timeout(Some(STAGE));
    let Ok(line) = serde_json::to_string(&Request::Shutdown) else {
        return false;
    };
    if writeln!(s, "{line}").is_err() {
        return false;
    }
    let mut answer = String::new();
    BufReader::new(s).read_line(&mut answer).is_ok() && !answer.is_empty()
}

/// Collect `pid` if it ends within `limit`.
fn reap_within(pid: Pid, limit: Duration) -> Option<WaitStatus> {
    let began = Instant::now();
    loop {
        match waitpid(pid, Some(WaitPidFlag::WNOHANG)) {
            Ok(WaitStatus::StillAlive) => {}
            Ok(status) => return Some(status),
            Err(nix::errno::Errno::EINTR) => continue,
            Err(_) => return None,
        }
        if began.elapsed() > limit {
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

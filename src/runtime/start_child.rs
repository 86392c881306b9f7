//! How a process actor's child is made. By default (no `start_method`) and
//! with `"fork"`, a real fork(2) without exec: Python's fork start on Linux,
//! and the cheap way to start (an exec reloads this program, which costs more
//! than Python's whole fork start). A default child then starts afresh from
//! the plan as an exec'd one would (globals at their initial values); a
//! `"fork"` child keeps a copy of its parent's globals. `"spawn"` re-executes
//! this program, which also re-runs the module's top level before the child's
//! own script, and a `start` met there fails as Python's does in a child
//! still bootstrapping.

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use nix::unistd::{fork, ForkResult, Pid};

use super::pipes;
use super::process::Proc;
use crate::scenario::plan::ActorSpec;
use crate::scenario::start_method::StartMethod;

/// When start() was called for this process's actor (run time, µs), for `{start_ms}`.
const STARTED_ENV: &str = "CONLAB_START_US";

/// In a forked child: when start() began (run time, µs), or `NOT_FORKED`.
/// Replaced in each forked child (it starts with its parent's copy), and an
/// atomic, so no lock another thread held at the fork is ever waited on.
static FORKED_AT_US: AtomicU64 = AtomicU64::new(NOT_FORKED);
const NOT_FORKED: u64 = u64::MAX;

/// The globals a `start_method = "fork"` child copied from its parent, until
/// its Proc takes them (only ever touched while a process starts, by its one thread).
static FORKED_GLOBALS: Mutex<Option<HashMap<String, i64>>> = Mutex::new(None);

/// True while a spawn child re-runs the module's steps.
static BOOTSTRAPPING: AtomicBool = AtomicBool::new(false);

/// Python 3.11's words for a process started while its parent is still
/// importing the main module (a spawn child re-running an unguarded start).
pub(super) const BOOTSTRAP_ERROR: &str = "RuntimeError: An attempt has been made to start a \
    new process before the current process has finished its bootstrapping phase \
    (no `if __name__ == '__main__':` guard) · 子进程重新执行模块顶层时又要启动进程：\
    缺少 if __name__ == '__main__': 保护";

/// Make the child of `spec`; returns its pid once the OS has created it.
pub(super) fn launch(proc: &Proc, spec: &ActorSpec, began_us: u64) -> Result<Pid, String> {
    if spec.start_method != Some(StartMethod::Spawn) {
        return fork_child(proc, spec, began_us);
    }
    let child = Command::new(&proc.exe)
        .arg("__worker")
        .arg(&proc.socket)
        .arg(&spec.name)
        .env(pipes::ENV, proc.pipes.for_child())
        .env(super::net_table::ENV, proc.net.for_child())
        .env(STARTED_ENV, began_us.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", spec.name))?;
    Ok(Pid::from_raw(child.id() as i32))
}

/// fork(2) this process; the child plays `spec`, with a copy of our globals
/// when it asked for the fork start method.
fn fork_child(proc: &Proc, spec: &ActorSpec, began_us: u64) -> Result<Pid, String> {
    let globals = (spec.start_method == Some(StartMethod::Fork)).then(|| proc.shared.globals_now());
    let (socket, name) = (proc.socket.clone(), spec.name.clone());
    // What an exec'd child would find in its environment: the pipe ends and
    // sockets still open here; made before the fork, as is all the child needs.
    let handed = super::worker::Forked {
        setup: super::worker::Setup {
            plan: proc.plan.clone(),
            seed: proc.seed,
            clock: proc.emit.clock(),
            exe: proc.exe.clone(),
            controls: proc.control.settings(),
            sockets: proc.net.for_child(),
        },
        pipe_ends: proc.pipes.for_child(),
    };
    // SAFETY: the child only closes descriptors, sets its statics and then
    // runs as a worker does after exec, as Python's fork start method runs
    // its target in a forked copy of a (possibly threaded) parent.
    match unsafe { fork() } {
        Ok(ForkResult::Parent { child }) => Ok(child),
        Ok(ForkResult::Child) => {
            close_exec_fds();
            super::manager_proc::forget_in_forked_child();
            FORKED_AT_US.store(began_us, Ordering::SeqCst);
            *FORKED_GLOBALS.lock().unwrap() = globals;
            super::worker::main_forked(&socket, &name, handed)
        }
        Err(e) => Err(format!("could not fork {}: {e}", spec.name)),
    }
}

/// Close what an exec would have closed (every close-on-exec descriptor):
/// the parent's connection to the host above all, or the host would not see
/// the parent go.
fn close_exec_fds() {
    let Ok(dir) = std::fs::read_dir("/proc/self/fd") else {
        return;
    };
    let fds: Vec<i32> = dir
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .filter(|&fd| fd > 2)
        .collect();
    for fd in fds {
        // SAFETY: F_GETFD reads flags; close on a descriptor of our own copy.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFD);
            if flags >= 0 && flags & libc::FD_CLOEXEC != 0 {
                libc::close(fd);
            }
        }
    }
}

/// A child started with `"fork"` has the globals its parent had at fork time.
pub(super) fn inherit(proc: &Proc) {
    if let Some(globals) = FORKED_GLOBALS.lock().unwrap().take() {
        proc.shared.set_globals(&globals);
    }
}

/// Milliseconds since start() was called for this process, or None for main.
pub(super) fn since_start_ms(now_us: u64) -> Option<f64> {
    let began = match FORKED_AT_US.load(Ordering::SeqCst) {
        NOT_FORKED => std::env::var(STARTED_ENV).ok()?.parse().ok()?,
        began_us => began_us,
    };
    Some(now_us.saturating_sub(began) as f64 / 1000.0)
}

/// Run the module's steps in a spawn child, as Python re-imports the main
/// module; None when it went through (or there is none to run).
pub(super) fn bootstrap(
    spec: &ActorSpec,
    module_steps: impl FnOnce() -> Option<i32>,
    is_root: bool,
) -> Option<i32> {
    if is_root {
        return module_steps();
    }
    if spec.start_method != Some(StartMethod::Spawn) {
        return None;
    }
    BOOTSTRAPPING.store(true, Ordering::SeqCst);
    let ended = module_steps();
    BOOTSTRAPPING.store(false, Ordering::SeqCst);
    ended
}

/// True while a spawn child is still running the module's steps.
pub(super) fn bootstrapping() -> bool {
    BOOTSTRAPPING.load(Ordering::SeqCst)
}

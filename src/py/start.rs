//! The host's side of a Python run: write the package, listen on
//! `<rundir>/py.sock`, start `python3 -m conlab_trace FILE ARGS…` as the
//! run's root process, and turn every connection's lines and the program's
//! stderr into the host's messages.

use std::io::BufReader;
use std::os::unix::net::{UnixListener, UnixStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{ChildStderr, Command, Stdio};
use std::sync::{Arc, Mutex};

use crossbeam_channel::Sender;

use super::conn::{self, Line, MAX_LINE};
use super::{PySpec, ROOT};
use crate::event::{Event, EventKind};
use crate::runtime::clock::Clock;
use crate::runtime::hub_io::{Broadcast, Hub};

/// The interpreter the program runs on (looked up on PATH).
pub const PYTHON: &str = "python3";

/// `CONLAB_PY_PACKAGE=DIR`: use the `conlab_trace` package in DIR instead of
/// the embedded one (to work on the module without building conlab again).
pub const PACKAGE_ENV: &str = "CONLAB_PY_PACKAGE";

/// Start the learner's program; returns the root's pid. Its events arrive on
/// `events` as `Hub::Event`, each connection (and its stderr) bracketed by
/// `Hub::Connected` / `Hub::Disconnected`; the host's own count of it
/// (`guard`) on `own`. Each connection's write half joins `broadcast`: the
/// host's control messages (gate, grants, unwinds) go back on it.
pub fn launch(
    spec: &PySpec,
    run_dir: &Path,
    clock: Clock,
    events: Sender<Hub>,
    own: Sender<Hub>,
    broadcast: Arc<Mutex<Broadcast>>,
) -> anyhow::Result<i32> {
    let pkg_root = match std::env::var_os(PACKAGE_ENV).filter(|d| !d.is_empty()) {
        Some(dir) => dir.into(),
        None => super::package::write(run_dir)?,
    };
    let sock = run_dir.join("py.sock");
    let listener = UnixListener::bind(&sock)?;
    let host_pid = std::process::id() as i32;
    let mut child = command(spec, &pkg_root, &sock, clock.base_ns).spawn()?;
    let pid = child.id() as i32;
    let stderr = child.stderr.take().expect("piped stderr");
    // The host's reaper thread collects it (waitpid(-1)): the handle is dropped, not waited.
    drop(child);
    super::guard::spawn(host_pid, clock, own)?;
    let tx = events.clone();
    std::thread::Builder::new()
        .name("py-accept".into())
        .spawn(move || accept(listener, host_pid, clock, tx, broadcast))?;
    let _ = events.send(Hub::Connected);
    std::thread::Builder::new()
        .name("py-stderr".into())
        .spawn(move || {
            relay_stderr(stderr, pid, clock, &events);
            let _ = events.send(Hub::Disconnected);
        })?;
    Ok(pid)
}

/// `python3 -X utf8 -m conlab_trace FILE ARGS…` with the spec's environment.
pub fn command(spec: &PySpec, pkg_root: &Path, sock: &Path, base_ns: u64) -> Command {
    let mut path = pkg_root.as_os_str().to_os_string();
    if let Some(old) = std::env::var_os("PYTHONPATH").filter(|p| !p.is_empty()) {
        path.push(":");
        path.push(old);
    }
    let mut cmd = Command::new(PYTHON);
    cmd.args(["-X", "utf8", "-m", "conlab_trace"])
        .arg(&spec.file)
        .args(&spec.args)
        .current_dir(&spec.cwd)
        .env("PYTHONPATH", path)
        .env("PYTHONUNBUFFERED", "1")
        .env("CONLAB_PY_SOCK", sock)
        .env("CONLAB_T0_NS", base_ns.to_string())
        .env("CONLAB_PY_FILE", &spec.file)
        .env("CONLAB_PY_MAIN", ROOT)
        .env_remove("CONLAB_PY_EVENTS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: only sigprocmask, async-signal-safe, runs between fork and exec.
    // The host blocks its stop signals (one thread waits for them); the
    // learner's program must get them as Python would (terminate() is SIGTERM).
    unsafe {
        cmd.pre_exec(|| {
            let mut none: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut none);
            libc::sigprocmask(libc::SIG_SETMASK, &none, std::ptr::null_mut());
            Ok(())
        });
    }
    cmd
}

fn accept(
    listener: UnixListener,
    host_pid: i32,
    clock: Clock,
    tx: Sender<Hub>,
    broadcast: Arc<Mutex<Broadcast>>,
) {
    for stream in listener.incoming().flatten() {
        if tx.send(Hub::Connected).is_err() {
            return;
        }
        // Greeted here, before its reader starts: the process waits for the
        // gate rule before its first step. Events are relayed either way.
        if let Ok(w) = stream.try_clone() {
            broadcast.lock().unwrap().join_python(w);
        }
        let tx = tx.clone();
        let spawned = std::thread::Builder::new()
            .name("py-conn".into())
            .spawn(move || {
                serve(&stream, host_pid, clock, &tx);
                let _ = tx.send(Hub::Disconnected);
            });
        if spawned.is_err() {
            return;
        }
    }
}

fn serve(stream: &UnixStream, host_pid: i32, clock: Clock, tx: &Sender<Hub>) {
    let pid = conn::peer_pid(stream);
    conn::serve(
        stream,
        pid,
        host_pid,
        || clock.t_us(),
        |e| tx.send(Hub::Event(e)).is_ok(),
    );
}

/// What the program writes to stderr (tracebacks, warnings) would scribble
/// over the screen: each line becomes a `print` of the root, `stderr: …`.
/// A child process tells the lines it writes through `sys.stderr` itself,
/// under its own actor (`streams.py`), and does not write them here; what
/// still arrives here from a child (fd-level writes, C code) is the root's.
fn relay_stderr(stderr: ChildStderr, pid: i32, clock: Clock, tx: &Sender<Hub>) {
    let mut reader = BufReader::new(stderr);
    while let Ok(Some(line)) = conn::read_line(&mut reader, MAX_LINE) {
        let text = match line {
            Line::Text(bytes) => format!("stderr: {}", String::from_utf8_lossy(&bytes)),
            Line::TooLong(n) => format!("stderr: (a line of {n} bytes, not shown)"),
        };
        let e = Event::new(clock.t_us(), ROOT, pid, EventKind::Print { text });
        if tx.send(Hub::Event(e)).is_err() {
            return;
        }
    }
}

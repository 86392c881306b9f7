//! The worker role: one process actor, played by this program re-executed
//! (the main actor, a spawn child) or by a forked child of its parent.

use std::io::BufReader;
use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crossbeam_channel::Receiver;

use nix::sys::signal::{kill, SigSet, Signal};
use nix::unistd::getpid;

use super::actor::{self, Role};
use super::clock::Clock;
use super::control::Control;
use super::emit::Emitter;
use super::launch::{ControlMsg, GateRule};
use super::process::Proc;
use super::wire::{read_line, send_line, Hello, WorkerConfig};
use crate::scenario::plan::Plan;

/// What a worker needs besides its connection: the plan and the controls,
/// from the host's answer, or copied from the parent by a forked child.
pub struct Setup {
    pub plan: Arc<Plan>,
    pub seed: u64,
    pub clock: Clock,
    pub exe: PathBuf,
    /// Speed, paused, gate.
    pub controls: (f64, bool, GateRule),
    /// The declared sockets it inherited (CONLAB_SOCKETS's form).
    pub sockets: String,
}

/// Connect to the host, receive the plan, play `actor`, exit. Never returns.
pub fn main(socket: &Path, actor: &str) -> ! {
    begin(socket, actor, None)
}

/// A forked child's start: it already holds `setup`, so the host answers its
/// hello with the controls as they are now only (no plan to send and parse).
/// It still waits for that answer: then the host reads its connection before
/// its first event, as it did for an exec'd child, so its events are not
/// overtaken by its parent's news of its exit.
pub fn main_forked(socket: &Path, actor: &str, forked: Forked) -> ! {
    begin(socket, actor, Some(forked))
}

/// The pipe ends a forked child inherited (CONLAB_PIPES's form), listed by
/// its parent: a forked child does not read its environment, whose lock
/// another thread of the parent may have held at the fork.
pub struct Forked {
    pub setup: Setup,
    pub pipe_ends: String,
}

fn begin(socket: &Path, actor: &str, forked: Option<Forked>) -> ! {
    // Before anything opens a file: the pipe ends' numbers are only trusted now.
    match &forked {
        Some(f) => super::pipes::take_listed(&f.pipe_ends),
        None => super::pipes::take_listed(&std::env::var(super::pipes::ENV).unwrap_or_default()),
    }
    // The host blocks the stop signals for itself and children inherit the
    // mask: an actor must die of SIGTERM like any process (terminate, daemons).
    let _ = SigSet::all().thread_unblock();
    let connected = match forked {
        Some(f) => connect_forked(socket, actor, f.setup),
        None => connect(socket, actor),
    };
    match connected {
        Ok((stream, reader, setup)) => play(socket, actor, stream, reader, setup),
        Err(e) => {
            eprintln!("conlab worker {actor}: cannot reach the scenario host: {e}");
            std::process::exit(70);
        }
    }
}

fn say_hello(socket: &Path, actor: &str, forked: bool) -> std::io::Result<UnixStream> {
    let mut stream = UnixStream::connect(socket)?;
    let hello = Hello {
        actor: actor.to_string(),
        pid: getpid().as_raw(),
        forked,
    };
    send_line(&mut stream, &hello)?;
    Ok(stream)
}

/// The connection, its reader (which may hold the host's next lines already)
/// and what the worker plays from.
type Connected = (UnixStream, BufReader<UnixStream>, Setup);

/// Say hello as a forked child and take the host's controls (speed, pause, gate).
fn connect_forked(socket: &Path, actor: &str, mut setup: Setup) -> std::io::Result<Connected> {
    let stream = say_hello(socket, actor, true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    for _ in 0..3 {
        let msg = read_line::<ControlMsg>(&mut reader)?
            .ok_or_else(|| std::io::Error::other("the host closed the connection"))?;
        match msg {
            ControlMsg::Speed(x) => setup.controls.0 = x,
            ControlMsg::Pause => setup.controls.1 = true,
            ControlMsg::Resume => setup.controls.1 = false,
            ControlMsg::Gate(rule) => setup.controls.2 = rule,
            _ => {}
        }
    }
    Ok((stream, reader, setup))
}

fn connect(socket: &Path, actor: &str) -> std::io::Result<Connected> {
    let stream = say_hello(socket, actor, false)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let config = read_line::<WorkerConfig>(&mut reader)?
        .ok_or_else(|| std::io::Error::other("the host closed the connection"))?;
    let setup = Setup {
        plan: Arc::new(config.request.plan),
        seed: config.request.seed,
        clock: Clock {
            base_ns: config.base_ns,
        },
        exe: std::env::current_exe()?,
        controls: (config.speed, config.paused, config.gate),
        sockets: std::env::var(super::net_table::ENV).unwrap_or_default(),
    };
    Ok((stream, reader, setup))
}

fn play(
    socket: &Path,
    actor: &str,
    stream: UnixStream,
    reader: BufReader<UnixStream>,
    setup: Setup,
) -> ! {
    let (speed, paused, gate) = setup.controls;
    let control = Arc::new(Control::new(speed, paused));
    control.apply(ControlMsg::Gate(gate));
    let ctl = control.clone();
    let finishing = Arc::new(AtomicBool::new(false));
    let fin = finishing.clone();
    let (host_done, host_gone) = crossbeam_channel::bounded::<()>(1);
    std::thread::Builder::new()
        .name("control".into())
        .spawn(move || {
            follow_host(reader, &ctl, &fin);
            let _ = host_done.send(());
        })
        .expect("spawn control reader");
    let closer = stream.try_clone().ok();
    let (emit, _writer) = Emitter::start(stream, setup.clock);
    let proc = Proc::new(
        setup.plan,
        setup.seed,
        actor,
        setup.exe,
        socket.to_path_buf(),
        control,
        emit,
        &setup.sockets,
    );
    super::start_child::inherit(&proc);
    let code = actor::run(Arc::new(proc), actor.to_string(), Role::ProcessMain, || {});
    drain(closer, &finishing, &host_gone);
    std::process::exit(code)
}

/// Longest a finished worker waits for the host to take its last events.
const DRAIN: Duration = Duration::from_secs(2);

/// Before it exits, a worker lets the host read all its events (they are
/// written out by now): it closes its sending side and waits until the host,
/// having relayed them, closes the connection. Its parent can learn of the
/// exit only after that, so the parent's `exited` (or a `join` returning)
/// never reaches the log before the child's own last events.
fn drain(closer: Option<UnixStream>, finishing: &AtomicBool, host_gone: &Receiver<()>) {
    finishing.store(true, Ordering::SeqCst);
    if let Some(stream) = closer {
        let _ = stream.shutdown(Shutdown::Write);
    }
    let _ = host_gone.recv_timeout(DRAIN);
}

/// Apply the host's controls; when the host is gone, so is the run: end at
/// once, unless this worker is finishing (then the host closing is its answer).
fn follow_host(mut reader: BufReader<UnixStream>, control: &Control, finishing: &AtomicBool) {
    while let Ok(Some(msg)) = read_line::<ControlMsg>(&mut reader) {
        control.apply(msg);
    }
    if !finishing.load(Ordering::SeqCst) {
        let _ = kill(getpid(), Signal::SIGKILL);
    }
}

//! The worker role: this program re-executed to play one process actor.

use std::io::BufReader;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::Arc;

use nix::sys::signal::{kill, SigSet, Signal};
use nix::unistd::getpid;

use super::actor::{self, Role};
use super::clock::Clock;
use super::control::Control;
use super::emit::Emitter;
use super::launch::ControlMsg;
use super::process::Proc;
use super::wire::{read_line, send_line, Hello, WorkerConfig};

/// Connect to the host, receive the plan, play `actor`, exit. Never returns.
pub fn main(socket: &Path, actor: &str) -> ! {
    // Before anything opens a file: the pipe ends' numbers are only trusted now.
    super::pipes::take_inherited();
    // The host blocks the stop signals for itself and children inherit the
    // mask: an actor must die of SIGTERM like any process (terminate, daemons).
    let _ = SigSet::all().thread_unblock();
    match connect(socket, actor) {
        Ok((stream, config)) => play(socket, actor, stream, config),
        Err(e) => {
            eprintln!("conlab worker {actor}: cannot reach the scenario host: {e}");
            std::process::exit(70);
        }
    }
}

fn connect(socket: &Path, actor: &str) -> std::io::Result<(UnixStream, WorkerConfig)> {
    let mut stream = UnixStream::connect(socket)?;
    let hello = Hello {
        actor: actor.to_string(),
        pid: getpid().as_raw(),
    };
    send_line(&mut stream, &hello)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let config = read_line::<WorkerConfig>(&mut reader)?
        .ok_or_else(|| std::io::Error::other("the host closed the connection"))?;
    Ok((stream, config))
}

fn play(socket: &Path, actor: &str, stream: UnixStream, config: WorkerConfig) -> ! {
    let control = Arc::new(Control::new(config.speed, config.paused));
    control.apply(ControlMsg::Gate(config.gate.clone()));
    let reader = stream.try_clone().expect("clone control socket");
    let ctl = control.clone();
    std::thread::Builder::new()
        .name("control".into())
        .spawn(move || follow_host(reader, &ctl))
        .expect("spawn control reader");
    let clock = Clock {
        base_ns: config.base_ns,
    };
    let (emit, _writer) = Emitter::start(stream, clock);
    let exe = std::env::current_exe().expect("the program knows its own path");
    let proc = Proc::new(
        Arc::new(config.request.plan),
        config.request.seed,
        actor,
        exe,
        socket.to_path_buf(),
        control,
        emit,
    );
    super::start_child::inherit(&proc);
    actor::run(Arc::new(proc), actor.to_string(), Role::ProcessMain, || {});
    std::process::exit(0)
}

/// Apply the host's controls; when the host is gone, so is the run: end at once.
fn follow_host(stream: UnixStream, control: &Control) {
    let mut reader = BufReader::new(stream);
    while let Ok(Some(msg)) = read_line::<ControlMsg>(&mut reader) {
        control.apply(msg);
    }
    let _ = kill(getpid(), Signal::SIGKILL);
}

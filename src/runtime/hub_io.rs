//! The host's helper threads: each turns one source (worker sockets, the UI's
//! pipe, signals, child exits) into messages on the hub channel.

use std::io::{BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::sync::{Arc, Mutex};

use crossbeam_channel::Sender;
use nix::errno::Errno;
use nix::sys::prctl;
use nix::sys::signal::{SigSet, Signal};
use nix::sys::wait::{waitpid, WaitStatus};
use nix::unistd::{getppid, Pid};

use super::frame_decode::FrameReader;
use super::launch::{ControlMsg, GateRule, RunRequest};
use super::observer::Observed;
use super::wire::{read_line, send_line, Hello, WorkerConfig};
use crate::event::{Event, EventKind};

/// Everything the host's main loop reacts to.
pub enum Hub {
    Event(Event),
    Observed(Observed),
    /// The host collected a child of its own (main, or an adopted orphan).
    Child(Pid, WaitStatus),
    /// The host has no children left: the run is over once the workers'
    /// connections have delivered their last events.
    NoChildren,
    /// A worker connected / its connection ended (after its last event).
    Connected,
    Disconnected,
    /// The worker of this pid said hello / its stream ended (its last event
    /// is in the channel ahead of this): sent between Connected and
    /// Disconnected, so the host can tell a reaped process's last events.
    Greeted(i32),
    Closed(i32),
    Ui(ControlMsg),
    /// The UI closed our stdin: it quit or died.
    UiGone,
    /// SIGTERM, SIGINT or SIGHUP (also the parent-death signal).
    Signal,
}

/// The workers' control connections and the state a newcomer must be told.
pub struct Broadcast {
    paused: bool,
    speed: f64,
    /// Who is held before each step, for workers that connect later.
    pub gate: GateRule,
    writers: Vec<UnixStream>,
    closed: bool,
}

impl Broadcast {
    pub fn new(speed: f64) -> Broadcast {
        Broadcast {
            paused: false,
            speed,
            gate: GateRule::Free,
            writers: Vec::new(),
            closed: false,
        }
    }

    pub fn send(&mut self, msg: ControlMsg) {
        match &msg {
            ControlMsg::Pause => self.paused = true,
            ControlMsg::Resume => self.paused = false,
            ControlMsg::Speed(x) => self.speed = *x,
            ControlMsg::Gate(rule) => self.gate = rule.clone(),
            _ => {}
        }
        self.writers.retain_mut(|w| send_line(w, &msg).is_ok());
    }

    /// A Python process's connection (`conlab py`): told the gate rule now,
    /// then every control message. False when the run is closing (or the
    /// greeting could not be sent): the connection is not kept.
    pub fn join_python(&mut self, mut w: UnixStream) -> bool {
        if self.closed || send_line(&mut w, &ControlMsg::Gate(self.gate.clone())).is_err() {
            return false;
        }
        self.writers.push(w);
        true
    }

    /// Hang up on every worker; each ends itself when its connection closes.
    pub fn close(&mut self) {
        self.closed = true;
        for w in self.writers.drain(..) {
            let _ = w.shutdown(std::net::Shutdown::Both);
        }
    }
}

/// Block the stop signals in this thread (and the threads it starts), so that
/// one waiter thread can turn them into a clean abort.
pub fn block_stop_signals() -> SigSet {
    let mut set = SigSet::empty();
    for s in [Signal::SIGTERM, Signal::SIGINT, Signal::SIGHUP] {
        set.add(s);
    }
    let _ = set.thread_block();
    set
}

/// Adopt the run's orphans, die with the UI, and lead a process group of our
/// own (so a Ctrl-C meant for the UI does not hit the actors directly, and the
/// UI can kill the whole run with one killpg if we die). The UI already starts
/// us in a new group (`launch`); the setpgid here covers any other starter.
pub fn become_subreaper() -> Result<(), String> {
    let ui = getppid();
    prctl::set_child_subreaper(true)
        .map_err(|e| format!("cannot become a child subreaper: {e}"))?;
    prctl::set_pdeathsig(Signal::SIGTERM)
        .map_err(|e| format!("cannot set the parent-death signal: {e}"))?;
    if getppid() != ui || ui.as_raw() == 1 {
        return Err("the UI is already gone".into());
    }
    let _ = nix::unistd::setpgid(Pid::from_raw(0), Pid::from_raw(0));
    Ok(())
}

pub fn spawn_signal_waiter(set: SigSet, tx: Sender<Hub>) {
    std::thread::spawn(move || {
        if set.wait().is_ok() {
            let _ = tx.send(Hub::Signal);
        }
    });
}

pub fn spawn_ui_reader(mut stdin: BufReader<std::io::Stdin>, tx: Sender<Hub>) {
    std::thread::spawn(move || {
        while let Ok(Some(msg)) = read_line::<ControlMsg>(&mut stdin) {
            if tx.send(Hub::Ui(msg)).is_err() {
                return;
            }
        }
        let _ = tx.send(Hub::UiGone);
    });
}

/// Collect every child of the host as it ends; say when none are left.
pub fn spawn_reaper(tx: Sender<Hub>) {
    std::thread::spawn(move || loop {
        match waitpid(None::<Pid>, None) {
            Ok(status) => {
                if let Some(pid) = status.pid() {
                    let _ = tx.send(Hub::Child(pid, status));
                }
            }
            Err(Errno::EINTR) => {}
            Err(_) => {
                let _ = tx.send(Hub::NoChildren);
                return;
            }
        }
    });
}

/// Accept worker connections: greet each with the plan, then relay its events.
pub fn spawn_listeners(
    listener: UnixListener,
    tx: Sender<Hub>,
    broadcast: Arc<Mutex<Broadcast>>,
    request: Arc<RunRequest>,
    base_ns: u64,
) {
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (tx, bc, req) = (tx.clone(), broadcast.clone(), request.clone());
            if tx.send(Hub::Connected).is_err() {
                return;
            }
            std::thread::spawn(move || {
                serve_worker(stream, &tx, &bc, &req, base_ns);
                let _ = tx.send(Hub::Disconnected);
            });
        }
    });
}

fn serve_worker(
    stream: UnixStream,
    tx: &Sender<Hub>,
    bc: &Mutex<Broadcast>,
    req: &RunRequest,
    base_ns: u64,
) {
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let Ok(Some(hello)) = read_line::<Hello>(&mut reader) else {
        return;
    };
    if tx.send(Hub::Greeted(hello.pid)).is_err() {
        return;
    }
    relay_worker(stream, reader, &hello, tx, bc, req, base_ns);
    let _ = tx.send(Hub::Closed(hello.pid));
}

/// Greet a worker that said hello, then relay its events until its stream ends.
fn relay_worker(
    stream: UnixStream,
    reader: BufReader<UnixStream>,
    hello: &Hello,
    tx: &Sender<Hub>,
    bc: &Mutex<Broadcast>,
    req: &RunRequest,
    base_ns: u64,
) {
    {
        let mut bc = bc.lock().unwrap();
        if bc.closed {
            return;
        }
        // Even when the answer cannot be sent (the worker is gone), its
        // events are relayed.
        if let Ok(mut w) = stream.try_clone() {
            if greet(&mut w, hello, &bc, req, base_ns).is_ok() {
                bc.writers.push(w);
            }
        }
    }
    // The same reader: bytes it buffered after the hello are frames already.
    for event in FrameReader::new(reader) {
        let event = event.unwrap_or_else(|err| {
            let text = format!("unreadable event from a worker ({err})");
            let t_us = super::clock::Clock { base_ns }.t_us();
            Event::new(
                t_us,
                "host",
                std::process::id() as i32,
                EventKind::Error { text },
            )
        });
        if tx.send(Hub::Event(event)).is_err() {
            return;
        }
    }
    // Every event it sent is relayed: closing tells a finishing worker it may exit.
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// The answer to a hello: the plan and the controls; or, to a forked worker
/// (it copied its parent's plan at fork time), the controls as they are now.
/// Sent under the broadcast lock, so no later broadcast can overtake it.
fn greet(
    w: &mut UnixStream,
    hello: &Hello,
    bc: &Broadcast,
    req: &RunRequest,
    base_ns: u64,
) -> std::io::Result<()> {
    if !hello.forked {
        let config = WorkerConfig {
            request: req.clone(),
            base_ns,
            paused: bc.paused,
            speed: bc.speed,
            gate: bc.gate.clone(),
        };
        return send_line(w, &config);
    }
    let pause = if bc.paused {
        ControlMsg::Pause
    } else {
        ControlMsg::Resume
    };
    let mut lines = Vec::new();
    for msg in [
        ControlMsg::Speed(bc.speed),
        pause,
        ControlMsg::Gate(bc.gate.clone()),
    ] {
        serde_json::to_writer(&mut lines, &msg).map_err(std::io::Error::other)?;
        lines.push(b'\n');
    }
    w.write_all(&lines)?;
    w.flush()
}

//! The UI side of a run: start a scenario host process, read its events, steer it.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use crossbeam_channel::{Receiver, Sender};
use serde::{Deserialize, Serialize};

use super::frame_decode::FrameReader;
use super::host_watch::{self, HostProc, Seen};
use super::rundir;
use super::wire::send_line;
use crate::event::{Event, EventKind};
use crate::recording::Recorder;
use crate::scenario::plan::Plan;

/// What to run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunRequest {
    pub plan: Plan,
    pub seed: u64,
    pub speed: f64,
    /// Actors that take one step each, in this order, before all run freely
    /// (`--schedule`); actors not named run freely from the start.
    #[serde(default)]
    pub schedule: Vec<String>,
    /// Start with every actor held before its first step (step mode).
    #[serde(default)]
    pub step_mode: bool,
    /// When Some, only these actors are held before their steps (in step mode
    /// and under a schedule); every other actor runs freely. None: step mode
    /// holds all, a schedule holds the actors it names.
    #[serde(default)]
    pub gate: Option<Vec<String>>,
    /// When the schedule is used up, stay in step mode (held actors wait for
    /// the learner) instead of going on by themselves.
    #[serde(default)]
    pub then_step: bool,
    /// Break deadlocks without being asked (headless runs): see `host::deadlock`.
    #[serde(default)]
    pub auto_break: bool,
    /// Also write the event log here (`--record`); the UI side does it, not the host.
    #[serde(skip)]
    pub record: Option<std::path::PathBuf>,
}

impl RunRequest {
    /// A free-running request (no schedule, no step mode, deadlocks left to the user).
    pub fn new(plan: Plan, seed: u64, speed: f64) -> RunRequest {
        RunRequest {
            plan,
            seed,
            speed,
            schedule: Vec::new(),
            step_mode: false,
            gate: None,
            then_step: false,
            auto_break: false,
            record: None,
        }
    }
}

/// Which actors stop before each step until granted a turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GateRule {
    Free,
    All,
    Only(Vec<String>),
}

impl GateRule {
    pub fn holds(&self, actor: &str) -> bool {
        match self {
            GateRule::Free => false,
            GateRule::All => true,
            GateRule::Only(names) => names.iter().any(|n| n == actor),
        }
    }
}

/// Steering sent to a running scenario (UI → host, and host → workers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlMsg {
    Pause,
    Resume,
    /// Scale sleeps and work: 2.0 runs twice as fast.
    Speed(f64),
    Abort,
    /// UI → host: hold every actor before each step (true), or let all run.
    StepMode(bool),
    /// Let this held actor take one step (UI → host → workers).
    Grant(String),
    /// UI → host: let every held actor take one step.
    GrantAll,
    /// UI → host: break the deadlock by sacrificing this actor.
    Break(String),
    /// UI → host: break every deadlock from now on without asking (true),
    /// choosing the actor whose wait closed the circle, as headless runs do.
    AutoBreak(bool),
    /// host → workers: which actors stop before each step.
    Gate(GateRule),
    /// host → workers: this thread actor gives up its lock wait and unwinds.
    Unwind(String),
    /// host → workers: this held actor, parked while it waits for a lock or
    /// semaphore, tries once more to take it (the host chose it, or it is the
    /// only one waiting as the thing is let go).
    Retry(String),
}

/// How long `stop` waits for the host to clean up before killing it.
const STOP_GRACE: Duration = Duration::from_secs(4);

/// A live run. Dropping it stops the run and reaps every process.
pub struct RunHandle {
    events: Receiver<Event>,
    stdin: Mutex<Option<ChildStdin>>,
    host: Arc<HostProc>,
    stopped: bool,
}

impl RunHandle {
    /// Start the host process (this program in its `__host` role). Events
    /// arrive on `events()`; the last is `run_ended`, then the channel disconnects.
    pub fn start(req: RunRequest) -> anyhow::Result<RunHandle> {
        let exe = std::env::current_exe().context("cannot find this program's path")?;
        RunHandle::start_with(&exe, req)
    }

    /// Like `start`, with the conlab binary named explicitly (tests, benches).
    ///
    /// The host leads a process group of its own, which every process of the
    /// run inherits (see `host_watch`); when its output ends, the events
    /// thread reaps it and, if it died without `run_ended`, sends one with
    /// outcome `host_died`.
    pub fn start_with(exe: &Path, req: RunRequest) -> anyhow::Result<RunHandle> {
        rundir::base().map_err(anyhow::Error::msg)?;
        rundir::sweep();
        host_watch::adopt_orphans();
        let record = match &req.record {
            Some(path) => Some(Recorder::create(path, &req.plan).map_err(anyhow::Error::msg)?),
            None => None,
        };
        let mut host = Command::new(exe)
            .arg("__host")
            .process_group(0)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start the scenario host ({})", exe.display()))?;
        let mut stdin = host.stdin.take().expect("piped stdin");
        let stdout = host.stdout.take().expect("piped stdout");
        let stderr = host.stderr.take().expect("piped stderr");
        let host = Arc::new(HostProc::new(host));
        let sent = send_line(&mut stdin, &req);
        let (tx, rx) = crossbeam_channel::unbounded();
        let (stderr_open, stderr_done) = crossbeam_channel::bounded::<()>(0);
        let host_pid = host.pid();
        let (tx2, watched) = (tx.clone(), host.clone());
        std::thread::Builder::new()
            .name("host-events".into())
            .spawn(move || host_watch::watch_host(stdout, &tx, record, &watched, &stderr_done))?;
        std::thread::Builder::new()
            .name("host-stderr".into())
            .spawn(move || {
                read_errors(BufReader::new(stderr), &tx2, host_pid);
                drop(stderr_open);
            })?;
        let mut handle = RunHandle {
            events: rx,
            stdin: Mutex::new(Some(stdin)),
            host,
            stopped: false,
        };
        if let Err(e) = sent {
            handle.stop();
            return Err(e).context("cannot send the plan to the scenario host");
        }
        Ok(handle)
    }

    pub fn events(&self) -> &Receiver<Event> {
        &self.events
    }

    /// The scenario host's pid (also its process group's id).
    pub fn host_pid(&self) -> i32 {
        self.host.pid()
    }

    pub fn send(&self, msg: ControlMsg) {
        if let Some(stdin) = self.stdin.lock().unwrap().as_mut() {
            let _ = send_line(stdin, &msg);
        }
    }

    /// Abort, wait (bounded) for the host to kill and reap the run, kill it if it does not.
    pub fn stop(&mut self) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        self.send(ControlMsg::Abort);
        if let Some(mut stdin) = self.stdin.lock().unwrap().take() {
            let _ = stdin.flush();
        }
        if self.host.wait_done(Some(STOP_GRACE)).is_none() {
            self.host.kill();
            self.host.wait_done(Some(STOP_GRACE));
        }
    }

    /// Wait for the host to finish on its own (the run ended) and be reaped.
    pub fn wait(&mut self) {
        // keep the pipe open until the host exits: closing it would abort the run
        self.host.wait_done(None);
        if let Some(mut stdin) = self.stdin.lock().unwrap().take() {
            let _ = stdin.flush();
        }
        self.stopped = true;
    }
}

impl Drop for RunHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Decode event frames from `reader` onto `tx` until the stream ends.
pub fn read_events(reader: impl BufRead, tx: &Sender<Event>, mut record: Option<Recorder>) {
    relay_events(reader, tx, &mut record);
}

/// Relay event frames (see `frame`) until the stream ends. When nobody
/// listens any more the frames are still read (and recorded), so the host
/// never blocks on a full pipe. A frame that cannot be read becomes an error
/// event; when the frame boundaries are lost, the rest is read and dropped.
pub(super) fn relay_events(
    reader: impl BufRead,
    tx: &Sender<Event>,
    record: &mut Option<Recorder>,
) -> Seen {
    let mut seen = Seen::default();
    let mut listening = true;
    let mut frames = FrameReader::new(reader);
    for decoded in frames.by_ref() {
        match decoded {
            Ok(e) => {
                if let Some(r) = record.as_mut() {
                    r.write_event(&e);
                }
                seen.note(&e);
                listening = listening && tx.send(e).is_ok();
            }
            Err(err) if listening => {
                let text = format!("unreadable event from the host ({err})");
                let _ = tx.send(host_error(0, text));
            }
            Err(_) => {}
        }
    }
    let _ = std::io::copy(&mut frames.into_inner(), &mut std::io::sink());
    seen
}

/// The old wire, kept for comparison in `benches/pipeline.rs`: one JSON
/// object a line, decoded with serde_json (1.45 µs an event on the one
/// reader thread: why events now cross as frames).
pub fn read_json_lines(reader: impl BufRead, tx: &Sender<Event>) {
    for line in reader.lines() {
        let Ok(line) = line else { break };
        let e = serde_json::from_str::<Event>(&line).unwrap_or_else(|err| {
            host_error(0, format!("unreadable event from the host ({err}): {line}"))
        });
        if tx.send(e).is_err() {
            return;
        }
    }
}

fn read_errors(reader: impl BufRead, tx: &Sender<Event>, host_pid: i32) {
    for line in reader.lines().map_while(Result::ok) {
        if tx.send(host_error(host_pid, line)).is_err() {
            return;
        }
    }
}

fn host_error(pid: i32, text: String) -> Event {
    Event {
        t_us: 0,
        actor: "host".into(),
        pid,
        tid: None,
        kind: EventKind::Error { text },
    }
}

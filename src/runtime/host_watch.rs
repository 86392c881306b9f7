//! The UI's watch over its scenario host: when the host's output ends, wait
//! for it to die, kill whatever of the run it left running, remove its files,
//! reap it at once (no `<defunct>` host), and say how it ended.
//!
//! Why a process group: the host is started as the leader of a new process
//! group (`Command::process_group(0)`) and every process of the run inherits
//! it (no scenario feature calls setsid or setpgid). When the host dies its
//! workers are re-parented (to the UI, a child subreaper, or else to init),
//! but they stay in the group, so one `killpg` finds them all, however deep,
//! and the UI then reaps those that came to it. The kill is sent
//! while the dead host is still an unreaped zombie: its pid, and so the
//! group's id, cannot be reused by anyone else until we reap it. (The other
//! way, PR_SET_PDEATHSIG in each worker, would also kill a worker whose parent
//! worker ended normally: orphans are a lesson here, they must live on.)

use std::collections::BTreeMap;
use std::io::BufReader;
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, ChildStdout, ExitStatus};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::{killpg, Signal};
use nix::sys::wait::{waitid, waitpid, Id, WaitPidFlag, WaitStatus};
use nix::unistd::Pid;

use crossbeam_channel::{Receiver, Sender};

use super::launch::relay_events;
use super::rundir;
use crate::event::{ActorKind, Event, EventKind, Outcome};
use crate::recording::Recorder;

/// How long the host may live on after closing its output before it is killed.
const EXIT_GRACE: Duration = Duration::from_secs(2);
/// How long the run's processes get to die of the group's SIGKILL.
const GROUP_GRACE: Duration = Duration::from_millis(500);
const POLL: Duration = Duration::from_millis(1);
/// How long a dead host's last words on stderr may take to arrive.
const LAST_WORDS: Duration = Duration::from_millis(300);

/// The host process, shared by the run's handle and the thread reading its events.
pub(super) struct HostProc {
    pid: i32,
    /// Reaped only by `finish`, under this lock, and killed only under it
    /// while not reaped: a signal never reaches a reused pid.
    child: Mutex<Child>,
    done: Mutex<Option<ExitStatus>>,
    done_cv: Condvar,
    /// The UI killed the host itself (it did not stop when asked).
    killed_by_us: AtomicBool,
}

impl HostProc {
    pub fn new(child: Child) -> HostProc {
        HostProc {
            pid: child.id() as i32,
            child: Mutex::new(child),
            done: Mutex::new(None),
            done_cv: Condvar::new(),
            killed_by_us: AtomicBool::new(false),
        }
    }

    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// Wait until the host is reaped, for at most `limit` (None: no limit).
    pub fn wait_done(&self, limit: Option<Duration>) -> Option<ExitStatus> {
        let deadline = limit.map(|l| Instant::now() + l);
        let mut done = self.done.lock().unwrap();
        while done.is_none() {
            let left = match deadline {
                Some(d) => d.saturating_duration_since(Instant::now()),
                None => Duration::from_secs(3600),
            };
            if left.is_zero() {
                break;
            }
            done = self.done_cv.wait_timeout(done, left).unwrap().0;
        }
        *done
    }

    /// SIGKILL the host (not yet reaped, so the pid is still its own).
    pub fn kill(&self) {
        let mut child = self.child.lock().unwrap();
        if self.done.lock().unwrap().is_none() {
            self.killed_by_us.store(true, Ordering::SeqCst);
            let _ = child.kill();
        }
    }

    /// The host is dead (a zombie, not reaped): Some(true); alive: Some(false).
    fn exited(&self) -> Option<bool> {
        let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT | WaitPidFlag::WNOHANG;
        match waitid(Id::Pid(Pid::from_raw(self.pid)), flags) {
            Ok(WaitStatus::StillAlive) => Some(false),
            Ok(_) => Some(true),
            Err(_) => None,
        }
    }

    /// After the host's output ended: wait (bounded) for it to die, killing
    /// it if it lingers; kill its process group; remove its run directory and
    /// semaphores; reap it. Returns how it ended.
    pub fn finish(&self) -> Option<ExitStatus> {
        let began = Instant::now();
        loop {
            match self.exited() {
                Some(true) => break,
                Some(false) if began.elapsed() > EXIT_GRACE * 3 => return None,
                Some(false) if began.elapsed() > EXIT_GRACE => self.kill(),
                Some(false) => {}
                None => return self.reap(), // not ours to wait on: never signal it
            }
            std::thread::sleep(POLL);
        }
        kill_group(self.pid);
        rundir::remove_leftovers_of(self.pid);
        self.reap()
    }

    fn reap(&self) -> Option<ExitStatus> {
        let mut child = self.child.lock().unwrap();
        let status = child.wait().ok();
        *self.done.lock().unwrap() = status;
        self.done_cv.notify_all();
        status
    }

    /// How the host ended, in words, for `run_ended.reason`.
    pub fn describe(&self, status: Option<ExitStatus>) -> String {
        let Some(status) = status else {
            return "it closed its output but did not exit; left running".into();
        };
        let told = match (status.code(), status.signal()) {
            (Some(code), _) => format!("exited with code {code}"),
            (None, Some(sig)) => {
                let name = Signal::try_from(sig).map_or("unknown signal", |s| s.as_str());
                format!("killed by signal {sig} ({name})")
            }
            (None, None) => format!("ended ({status})"),
        };
        if self.killed_by_us.load(Ordering::SeqCst) {
            format!("it did not stop when asked; {told}")
        } else {
            told
        }
    }
}

/// What the events thread saw of the host's output.
#[derive(Default)]
pub(super) struct Seen {
    ended: bool,
    /// The first event's arrival and time: the host's clock, seen from here.
    first: Option<(Instant, u64)>,
    last_us: u64,
    /// Processes of the run not yet reaped, by pid.
    processes: BTreeMap<i32, String>,
}

impl Seen {
    pub fn note(&mut self, e: &Event) {
        self.first.get_or_insert_with(|| (Instant::now(), e.t_us));
        self.last_us = self.last_us.max(e.t_us);
        match &e.kind {
            EventKind::RunEnded { .. } => self.ended = true,
            EventKind::Spawned {
                kind: ActorKind::Process,
                ..
            } => {
                self.processes.insert(e.pid, e.actor.clone());
            }
            EventKind::Reaped { .. } => {
                self.processes.remove(&e.pid);
            }
            _ => {}
        }
    }

    /// The host's time now, as far as the UI can tell.
    fn now_us(&self) -> u64 {
        let since = self.first.map_or(0, |(at, t)| {
            t.saturating_add(u64::try_from(at.elapsed().as_micros()).unwrap_or(u64::MAX))
        });
        since.max(self.last_us)
    }

    /// The end of a run whose host died: its processes, killed with the
    /// host's group and reaped by the UI (or init), then `run_ended`.
    fn ending(&self, host: &HostProc, status: Option<ExitStatus>) -> Vec<Event> {
        let t_us = self.now_us();
        let event = |actor: &str, pid: i32, kind: EventKind| Event {
            t_us,
            actor: actor.to_string(),
            pid,
            tid: None,
            kind,
        };
        let mut out = Vec::new();
        for (&pid, actor) in &self.processes {
            let killed = EventKind::Exited {
                code: None,
                signal: Some("SIGKILL".into()),
                cause: None,
            };
            out.push(event(actor, pid, killed));
            out.push(event(
                actor,
                pid,
                EventKind::Reaped {
                    by: "the UI".into(),
                },
            ));
        }
        let ended = EventKind::RunEnded {
            outcome: Outcome::HostDied,
            reason: Some(host.describe(status)),
        };
        out.push(event("host", host.pid(), ended));
        out
    }
}

/// Relay the host's events until its output ends; then reap it (see
/// `HostProc::finish`) and, when it ended without `run_ended`, end the run for
/// it: its processes killed, `host_died` with how it died, also recorded.
pub(super) fn watch_host(
    stdout: ChildStdout,
    tx: &Sender<Event>,
    mut record: Option<Recorder>,
    host: &HostProc,
    stderr_done: &Receiver<()>,
) {
    let reader = BufReader::with_capacity(super::emit::WIRE_BUFFER, stdout);
    let seen = relay_events(reader, tx, &mut record);
    let status = host.finish();
    if seen.ended {
        return;
    }
    // Its last words (a panic message, say) belong before the end.
    let _ = stderr_done.recv_timeout(LAST_WORDS);
    for e in seen.ending(host, status) {
        if let Some(r) = record.as_mut() {
            r.write_event(&e);
        }
        let _ = tx.send(e);
    }
}

/// SIGKILL every process in the group `pgid` and reap those re-parented to
/// us, again until none is left alive or ours to reap, for at most
/// GROUP_GRACE. (A killed process may show `Z` while its other threads still
/// exit; it can be reaped only after, hence the loop.) Zombies re-parented to
/// init are init's to reap.
fn kill_group(pgid: i32) {
    let me = std::process::id() as i32;
    let began = Instant::now();
    loop {
        let _ = killpg(Pid::from_raw(pgid), Signal::SIGKILL);
        let members: Vec<Member> = group_members(pgid)
            .into_iter()
            .filter(|m| m.pid != pgid)
            .collect();
        for m in members.iter().filter(|m| m.ppid == me) {
            let _ = waitpid(Pid::from_raw(m.pid), Some(WaitPidFlag::WNOHANG));
        }
        let pending = members.iter().any(|m| !m.zombie || m.ppid == me);
        if !pending || began.elapsed() > GROUP_GRACE {
            return;
        }
        std::thread::sleep(POLL);
    }
}

/// A process of a group, as /proc/PID/stat tells it.
pub struct Member {
    pub pid: i32,
    pub ppid: i32,
    pub zombie: bool,
}

/// Every process whose process group is `pgid` (the dead host included).
pub fn group_members(pgid: i32) -> Vec<Member> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses.
            let (_, after) = stat.rsplit_once(')')?;
            let mut fields = after.split_whitespace();
            let state = fields.next()?;
            let ppid = fields.next()?.parse().ok()?;
            let group: i32 = fields.next()?.parse().ok()?;
            let zombie = matches!(state, "Z" | "X");
            (group == pgid).then_some(Member { pid, ppid, zombie })
        })
        .collect()
}

/// Make this process (the UI) a child subreaper, once: the workers of a host
/// that dies are re-parented to us rather than to init, so we can reap them
/// (some containers' init never does, and their zombies would stay).
pub(super) fn adopt_orphans() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = nix::sys::prctl::set_child_subreaper(true);
    });
}

//! One OS process of a run and the children its actors started: real child
//! processes (forks of this process, or re-executions of this program in the
//! worker role: start_child) and real threads.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use nix::errno::Errno;
use nix::sys::signal::{kill, Signal};
use nix::sys::wait::{waitid, waitpid, Id, WaitPidFlag, WaitStatus};
use nix::unistd::{getpid, Pid};

use super::control::Control;
use super::emit::Emitter;
use super::gil::{self, Gil, DEFAULT_SWITCH_INTERVAL};
use super::pipes::Pipes;
use super::pools::Pools;
use super::queues::Queues;
use super::shared::Shared;
use super::start_limits::StartBudget;
use crate::event::{ActorKind, EventKind};
use crate::scenario::plan::{ActorSpec, Plan};

#[path = "process_timed.rs"]
mod timed;

/// A child process and what we have told about it.
struct ProcChild {
    pid: Pid,
    daemon: bool,
    exit_reported: bool,
    reaped: bool,
}

/// A child thread; the handle is taken by whoever joins it.
struct ThreadChild {
    handle: Option<JoinHandle<()>>,
    daemon: bool,
}

enum Child {
    Process(ProcChild),
    Thread(ThreadChild),
}

/// Everything the threads of this process share.
pub struct Proc {
    pub plan: Arc<Plan>,
    pub seed: u64,
    /// Whether this process is a daemon (it may not start child processes).
    pub daemon: bool,
    pub exe: PathBuf,
    pub socket: PathBuf,
    pub control: Arc<Control>,
    pub emit: Emitter,
    /// Locks, events and values, shared by the threads of this process.
    pub shared: Shared,
    /// Conditions and barriers, shared by the threads of this process.
    pub syncs: super::sync::Syncs,
    pub queues: Queues,
    pub pipes: Pipes,
    /// The declared sockets it inherited, and the ones its actors named.
    pub net: super::net_table::Sockets,
    pub pools: Pools,
    /// This process's modelled GIL, and its name in the event log when the
    /// run shows it.
    pub gil: Gil,
    pub gil_name: Option<String>,
    /// The CPU of a scheduling lesson: which job thread may compute.
    pub cpu: super::scheduler::Cpu,
    children: Mutex<BTreeMap<String, Child>>,
    budget: StartBudget,
}

/// How a finished process ended, as the event log writes it.
pub fn exit_fields(status: WaitStatus) -> Option<EventKind> {
    match status {
        WaitStatus::Exited(_, code) => Some(EventKind::Exited {
            code: Some(code),
            signal: None,
            cause: None,
        }),
        WaitStatus::Signaled(_, sig, _) => Some(EventKind::Exited {
            code: None,
            signal: Some(sig.as_str().to_string()),
            cause: None,
        }),
        _ => None,
    }
}

impl Proc {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        plan: Arc<Plan>,
        seed: u64,
        actor: &str,
        exe: PathBuf,
        socket: PathBuf,
        control: Arc<Control>,
        emit: Emitter,
        sockets: &str,
    ) -> Proc {
        let daemon = plan.actor(actor).is_some_and(|a| a.daemon);
        let run_dir = socket.parent().unwrap_or(std::path::Path::new("/tmp"));
        let shared = Shared::new(plan.clone(), run_dir);
        let budget = StartBudget::new(run_dir);
        Proc {
            shared,
            syncs: Default::default(),
            queues: Queues::new(plan.clone(), run_dir, control.clone()),
            pipes: Pipes::inherited(),
            net: super::net_table::Sockets::inherited(&plan, sockets),
            pools: Pools::new(plan.clone(), run_dir),
            gil: Gil::new(
                plan.switch_interval_us
                    .map_or(DEFAULT_SWITCH_INTERVAL, Duration::from_micros),
            ),
            gil_name: gil::shown(&plan).then(|| gil::lock_name(actor)),
            cpu: Default::default(),
            plan,
            seed,
            daemon,
            exe,
            socket,
            control,
            emit,
            children: Mutex::new(BTreeMap::new()),
            budget,
        }
    }

    /// May `spec` start now? Python starts a `Process` or `Thread` object once
    /// (a second `start()` raises); past the run's limits nothing starts.
    fn may_start(&self, starter: &str, spec: &ActorSpec) -> Result<(), String> {
        if self.children.lock().unwrap().contains_key(&spec.name) {
            return Err(match spec.kind {
                ActorKind::Process => format!(
                    "{}: cannot start a process twice (AssertionError) · 一个进程对象只能 start 一次",
                    spec.name
                ),
                ActorKind::Thread | ActorKind::Coroutine => format!(
                    "{}: threads can only be started once (RuntimeError) · 一个线程对象只能 start 一次",
                    spec.name
                ),
            });
        }
        if self.budget.take(spec.kind)? {
            return Ok(());
        }
        // Told by the starter: the refused actor never comes to exist.
        let text = super::start_limits::refusal(spec.kind);
        let limit = match spec.kind {
            ActorKind::Process => "processes",
            ActorKind::Thread | ActorKind::Coroutine => "threads",
        };
        let max = super::start_limits::limit(spec.kind) as u64;
        let reached = EventKind::LimitReached {
            limit: limit.into(),
            max,
            text: text.clone(),
        };
        self.emit
            .emit_for(starter, getpid().as_raw(), None, reached);
        Err(text)
    }

    /// Start a child process: returns as soon as the OS has created it.
    pub fn spawn_process(self: &Arc<Self>, parent: &str, spec: &ActorSpec) -> Result<(), String> {
        if self.daemon {
            return Err(
                "daemonic processes are not allowed to have children（守护进程不能再开启子进程）"
                    .into(),
            );
        }
        self.may_start(parent, spec)?;
        // start() began now; launch returns once the OS has made the child.
        let began_us = self.emit.clock().t_us();
        // Reaped by pid below, as a parent process does.
        let pid = super::start_child::launch(self, spec, began_us)?;
        let spawned = EventKind::Spawned {
            kind: ActorKind::Process,
            parent: Some(parent.to_string()),
            daemon: spec.daemon,
        };
        self.emit
            .emit_at(began_us, &spec.name, pid.as_raw(), None, spawned);
        let entry = ProcChild {
            pid,
            daemon: spec.daemon,
            exit_reported: false,
            reaped: false,
        };
        self.children
            .lock()
            .unwrap()
            .insert(spec.name.clone(), Child::Process(entry));
        let me = self.clone();
        let name = spec.name.clone();
        std::thread::Builder::new()
            .name(format!("watch-{name}"))
            .spawn(move || me.watch_exit(&name, pid))
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    /// Report the moment a child exits without collecting it, so it stays a
    /// zombie until someone joins it (waitid with WNOWAIT).
    fn watch_exit(&self, name: &str, pid: Pid) {
        loop {
            match waitid(Id::Pid(pid), WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT) {
                Ok(status) => return self.report_exit(name, status),
                Err(Errno::EINTR) => continue,
                Err(_) => return, // already reaped by a join
            }
        }
    }

    fn report_exit(&self, name: &str, status: WaitStatus) {
        let mut children = self.children.lock().unwrap();
        if let Some(Child::Process(c)) = children.get_mut(name) {
            if c.exit_reported {
                return;
            }
            if let Some(kind) = exit_fields(status) {
                c.exit_reported = true;
                self.emit.emit_for(name, c.pid.as_raw(), None, kind);
            }
        }
    }

    /// Start a thread actor running `body`.
    pub fn spawn_thread(
        self: &Arc<Self>,
        parent: &str,
        spec: &ActorSpec,
        body: impl FnOnce() + Send + 'static,
    ) -> Result<(), String> {
        self.may_start(parent, spec)?;
        let spawned = EventKind::Spawned {
            kind: ActorKind::Thread,
            parent: Some(parent.to_string()),
            daemon: spec.daemon,
        };
        self.emit.emit(&spec.name, spawned);
        let handle = std::thread::Builder::new()
            .name(spec.name.clone())
            .spawn(body)
            .map_err(|e| format!("could not start thread {}: {e}", spec.name))?;
        let entry = ThreadChild {
            handle: Some(handle),
            daemon: spec.daemon,
        };
        self.children
            .lock()
            .unwrap()
            .insert(spec.name.clone(), Child::Thread(entry));
        Ok(())
    }

    /// Wait for a child to finish and collect it.
    pub fn join(&self, me: &str, name: &str) -> Result<(), String> {
        let pid = {
            let mut children = self.children.lock().unwrap();
            match children.get_mut(name) {
                None => return Err(format!("cannot join {name}: it was never started")),
                Some(Child::Process(c)) if c.reaped => return Ok(()),
                Some(Child::Process(c)) => c.pid,
                Some(Child::Thread(t)) => {
                    let Some(handle) = t.handle.take() else {
                        return Ok(());
                    };
                    drop(children);
                    let _ = handle.join();
                    self.emit
                        .emit(name, EventKind::Reaped { by: me.to_string() });
                    return Ok(());
                }
            }
        };
        loop {
            match waitpid(pid, None) {
                Ok(status) => {
                    self.collected(me, name, status);
                    return Ok(());
                }
                Err(Errno::EINTR) => continue,
                Err(e) => return Err(format!("cannot join {name}: {e}")),
            }
        }
    }

    /// A child's status was collected: tell its exit (if not yet told) and its reaping.
    fn collected(&self, me: &str, name: &str, status: WaitStatus) {
        self.report_exit(name, status);
        let mut children = self.children.lock().unwrap();
        if let Some(Child::Process(c)) = children.get_mut(name) {
            c.reaped = true;
            let by = EventKind::Reaped { by: me.to_string() };
            self.emit.emit_for(name, c.pid.as_raw(), None, by);
        }
    }

    /// Python's is_alive(): a dead process is collected on the way.
    pub fn is_alive(&self, me: &str, name: &str) -> Result<bool, String> {
        let pid = {
            let children = self.children.lock().unwrap();
            match children.get(name) {
                None => return Err(format!("{name} was never started")),
                Some(Child::Thread(t)) => {
                    return Ok(t.handle.as_ref().is_some_and(|h| !h.is_finished()))
                }
                Some(Child::Process(c)) if c.reaped => return Ok(false),
                Some(Child::Process(c)) => c.pid,
            }
        };
        match waitpid(pid, Some(WaitPidFlag::WNOHANG)) {
            Ok(WaitStatus::StillAlive) => Ok(true),
            Ok(status) => {
                self.collected(me, name, status);
                Ok(false)
            }
            Err(e) => Err(format!("is_alive({name}): {e}")),
        }
    }

    /// Send SIGTERM to a child process (nothing if already collected).
    pub fn terminate(&self, me: &str, name: &str, why: Option<&str>) -> Result<(), String> {
        let pid = match self.children.lock().unwrap().get(name) {
            Some(Child::Process(c)) if !c.reaped => c.pid,
            Some(_) => return Ok(()),
            None => return Err(format!("cannot terminate {name}: it was never started")),
        };
        // Told first, so the log never shows the death before the signal.
        let sent = EventKind::Signalled {
            target: name.to_string(),
            signal: "SIGTERM".into(),
            why: why.map(str::to_string),
        };
        self.emit.emit(me, sent);
        kill(pid, Signal::SIGTERM).map_err(|e| format!("terminate {name}: {e}"))
    }

    /// Names of children matching a filter, in name order.
    fn select(&self, want: impl Fn(&Child) -> bool) -> Vec<String> {
        let children = self.children.lock().unwrap();
        children
            .iter()
            .filter(|(_, c)| want(c))
            .map(|(n, _)| n.clone())
            .collect()
    }

    /// What Python does when the main code of a process ends: join the
    /// non-daemon threads, terminate daemon children, wait for the rest.
    pub fn shut_down(&self, me: &str) {
        // The end of `with Manager()` (or its exit finalizer, which runs
        // before the children are joined): a manager this process started stops.
        super::manager_proc::shut_down_mine(&self.emit);
        let threads =
            self.select(|c| matches!(c, Child::Thread(t) if !t.daemon && t.handle.is_some()));
        for t in threads {
            let _ = self.join(me, &t);
        }
        let daemons = self.select(|c| matches!(c, Child::Process(p) if p.daemon && !p.reaped));
        for d in daemons {
            let _ = self.terminate(me, &d, Some("daemon: its parent's code ended"));
            let _ = self.join(me, &d);
        }
        let rest = self.select(|c| matches!(c, Child::Process(p) if !p.reaped));
        for r in rest {
            let _ = self.join(me, &r);
        }
        let pid = getpid().as_raw();
        for t in self.select(|c| matches!(c, Child::Thread(t) if t.handle.as_ref().is_some_and(|h| !h.is_finished()))) {
            let gone = EventKind::Exited {
                code: None,
                signal: None,
                cause: Some("daemon thread: its process ended".into()),
            };
            self.emit.emit_for(&t, pid, None, gone);
        }
        // Python's last exit finalizers join the queues' feeder threads.
        self.queues.flush();
    }
}

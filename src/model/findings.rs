//! Findings: what a teacher would point at in a learner's own program
//! (`conlab py`), folded from the events alone. This module keeps the facts;
//! `findings_list` turns them into short lines in both languages.

use std::collections::{BTreeMap, HashMap};

pub(crate) use super::findings_locks::LockFacts;

use super::findings_locks::synced;
use super::findings_trace::Traces;
use super::findings_words::code_of;
use crate::event::{ActorKind, Event, EventKind, Outcome, QueueSide};

/// What an actor is waiting for, as its last events said.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum WaitOn {
    Lock(String),
    Queue(String, QueueSide),
    Event(String),
    Cond(String),
    Barrier(String),
    /// The socket and the call (`accept`, `recv`…).
    Sock(String, String),
    /// A `join` step: its source text (`c.join()`).
    Join(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Wait {
    pub on: WaitOn,
    pub since_us: u64,
    pub line: Option<u32>,
}

/// How an actor ended, as its `exited` told it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct End {
    pub code: Option<i32>,
    pub signal: Option<String>,
    pub cause: Option<String>,
}

/// One thread or process of the program.
#[derive(Debug, Clone)]
pub(crate) struct ActorFacts {
    pub name: String,
    pub kind: ActorKind,
    /// Started by the host: the program's main process.
    pub root: bool,
    pub pid: i32,
    pub end: Option<End>,
    /// The learner's line of its last step.
    pub line: Option<u32>,
    pub wait: Option<Wait>,
    /// Python's last line of its last uncaught exception.
    pub error: Option<String>,
    /// The learner's line that raised it, from the traceback on stderr.
    pub raised_at: Option<u32>,
    pub zombie_since: Option<u64>,
    /// When and by whom it was reaped.
    pub reaped: Option<(u64, String)>,
    /// Orphaned: (when, the parent pid it lost, the pid that adopted it).
    pub adopted: Option<(u64, Option<i32>, i32)>,
}

/// The fill of one queue and who put into it.
#[derive(Debug, Clone, Default)]
pub(crate) struct QueueFacts {
    pub len: u32,
    pub putters: Vec<String>,
}

/// Everything the findings are made of.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    pub(crate) actors: Vec<ActorFacts>,
    at: HashMap<String, usize>,
    pub(crate) locks: BTreeMap<String, LockFacts>,
    pub(crate) queues: BTreeMap<String, QueueFacts>,
    /// Each deadlock's cycle (actor, lock, actor, lock…), and the line its
    /// first actor waited at when it was found (a broken one moves on).
    pub(crate) deadlocks: Vec<(Vec<String>, Option<u32>)>,
    pub(crate) host_pid: Option<i32>,
    traces: Traces,
    /// How the run ended, and when.
    pub(crate) end: Option<(Outcome, Option<String>, u64)>,
    pub(crate) limit: Option<String>,
    pub(crate) last_us: u64,
    /// Threads running now, and the most that ran at once.
    threads_alive: u32,
    pub(crate) threads_at_once: u32,
    /// A lock, queue, event, barrier, pipe, pool or socket was used.
    pub(crate) synced: bool,
}

impl Findings {
    /// Fold one event in.
    pub fn apply(&mut self, e: &Event) {
        self.last_us = self.last_us.max(e.t_us);
        match &e.kind {
            EventKind::RunStarted { .. } => self.host_pid = Some(e.pid),
            EventKind::Spawned { kind, parent, .. } => self.spawned(e, *kind, parent.is_none()),
            EventKind::Started {} => {
                if self.is_thread(&e.actor) {
                    self.threads_alive += 1;
                    self.threads_at_once = self.threads_at_once.max(self.threads_alive);
                }
                self.act(e)
            }
            EventKind::Exited {
                code,
                signal,
                cause,
            } => {
                if self.is_thread(&e.actor) {
                    self.threads_alive = self.threads_alive.saturating_sub(1);
                }
                let end = End {
                    code: *code,
                    signal: signal.clone(),
                    cause: cause.clone(),
                };
                if let Some(a) = self.actor_mut(&e.actor) {
                    a.end = Some(end);
                }
            }
            EventKind::Reaped { by } => {
                if let Some(a) = self.actor_mut(&e.actor) {
                    a.reaped = Some((e.t_us, by.clone()));
                }
            }
            EventKind::ProcState { state } if state == "Z" => {
                if let Some(a) = self.actor_mut(&e.actor) {
                    a.zombie_since.get_or_insert(e.t_us);
                }
            }
            EventKind::ProcState { .. } | EventKind::Signalled { .. } => {}
            EventKind::Reparented { ppid, from } => {
                if let Some(a) = self.actor_mut(&e.actor) {
                    a.adopted = Some((e.t_us, *from, *ppid));
                }
            }
            EventKind::Error { text } => {
                let raised = self.traces.raised(text);
                if let Some(a) = self.actor_mut(&e.actor) {
                    a.error = Some(text.clone());
                    a.raised_at = raised;
                }
            }
            EventKind::Recipe { source, .. } => self.traces.source(source),
            EventKind::Print { text } => {
                // Another process's stderr comes as the main one's: match by text.
                if let Some((exc, n)) = self.traces.read(text) {
                    let a = self.actors.iter_mut().find(|a| {
                        a.raised_at.is_none() && a.error.as_deref().map(str::trim_end) == Some(&exc)
                    });
                    if let Some(a) = a {
                        a.raised_at = Some(n);
                    }
                }
            }
            EventKind::Deadlock { cycle } => {
                let first = cycle.first().and_then(|a| self.actor(a));
                let line = first.and_then(|a| a.line);
                self.deadlocks.push((cycle.clone(), line));
            }
            EventKind::LimitReached { text, .. } => self.limit = Some(text.clone()),
            EventKind::RunEnded { outcome, reason } => {
                self.end = Some((*outcome, reason.clone(), e.t_us));
            }
            _ => self.act(e),
        }
    }

    fn spawned(&mut self, e: &Event, kind: ActorKind, root: bool) {
        if self.at.contains_key(&e.actor) {
            return;
        }
        self.at.insert(e.actor.clone(), self.actors.len());
        self.actors.push(ActorFacts {
            name: e.actor.clone(),
            kind,
            root,
            pid: e.pid,
            end: None,
            line: None,
            wait: None,
            error: None,
            raised_at: None,
            zombie_since: None,
            reaped: None,
            adopted: None,
        });
    }

    pub(crate) fn actor(&self, name: &str) -> Option<&ActorFacts> {
        self.at.get(name).map(|&i| &self.actors[i])
    }

    fn is_thread(&self, name: &str) -> bool {
        self.actor(name)
            .is_some_and(|a| a.kind == ActorKind::Thread)
    }

    fn actor_mut(&mut self, name: &str) -> Option<&mut ActorFacts> {
        self.at.get(name).map(|&i| &mut self.actors[i])
    }

    /// The name of the process with `pid` (the host is `host`).
    pub(crate) fn pid_name(&self, pid: i32) -> Option<&str> {
        if Some(pid) == self.host_pid {
            return Some("host");
        }
        let p = self.actors.iter().find(|a| a.pid == pid);
        p.filter(|a| a.kind == ActorKind::Process)
            .map(|a| a.name.as_str())
    }

    /// An event the actor made itself: it ends any wait, may start one, and
    /// moves locks and queues.
    fn act(&mut self, e: &Event) {
        let line = self.actor(&e.actor).and_then(|a| a.line);
        let wait = match &e.kind {
            EventKind::Step { op, text, line, .. } => {
                if let Some(a) = self.actor_mut(&e.actor) {
                    a.line = line.or(a.line);
                }
                (op == "join").then(|| WaitOn::Join(code_of(text)))
            }
            EventKind::LockWait { lock } => {
                let l = self.locks.entry(lock.clone()).or_default();
                l.waiting.insert(e.actor.clone(), e.t_us);
                Some(WaitOn::Lock(lock.clone()))
            }
            EventKind::LockAcquired { lock, .. } => {
                let l = self.locks.entry(lock.clone()).or_default();
                l.acquired(&e.actor, e.t_us, line);
                None
            }
            EventKind::LockReleased { lock, .. } => {
                let l = self.locks.entry(lock.clone()).or_default();
                l.released(&e.actor, e.t_us);
                None
            }
            EventKind::QueuePut { queue, len, .. } => {
                let q = self.queues.entry(queue.clone()).or_default();
                q.len = *len;
                if !q.putters.contains(&e.actor) {
                    q.putters.push(e.actor.clone());
                }
                None
            }
            EventKind::QueueGet { queue, len, .. } => {
                self.queues.entry(queue.clone()).or_default().len = *len;
                None
            }
            EventKind::QueueWait {
                queue, side, len, ..
            } => {
                self.queues.entry(queue.clone()).or_default().len = *len;
                Some(WaitOn::Queue(queue.clone(), *side))
            }
            EventKind::EventWait { lock } => Some(WaitOn::Event(lock.clone())),
            EventKind::CondWait { lock } => Some(WaitOn::Cond(lock.clone())),
            EventKind::BarrierWait {
                barrier,
                arrived,
                parties,
            } => (arrived < parties).then(|| WaitOn::Barrier(barrier.clone())),
            EventKind::SockWait { sock, op } => Some(WaitOn::Sock(sock.clone(), op.clone())),
            _ => None,
        };
        self.synced |= synced(&e.kind);
        let t = e.t_us;
        if let Some(a) = self.actor_mut(&e.actor) {
            // Neither a print (maybe another process's stderr, told as the
            // main one's) nor `exited` (a process killed while it waited
            // keeps its wait) comes here.
            a.wait = wait.map(|on| Wait {
                on,
                since_us: t,
                line: a.line,
            });
        }
    }

    /// The run's end, or the last event's time while it runs.
    /// `clock_us` is the host's clock as the screen estimates it (0: none),
    /// so a wait grows while no event comes.
    pub(crate) fn now_us(&self, clock_us: u64) -> u64 {
        self.end
            .as_ref()
            .map_or(self.last_us.max(clock_us), |e| e.2)
    }
}

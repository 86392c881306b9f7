//! The event log: past-tense facts about a run, one JSON object a line.
//!
//! Every event carries `t_us`, `actor`, `pid` (and `tid` for threads); the
//! `event` field names its kind. The names below are a contract read by
//! outside tools (see design.md and docs/events.md): rename nothing.

use serde::{Deserialize, Serialize};

/// One fact about a run, as written to the JSON-lines log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Microseconds since the run began (CLOCK_MONOTONIC, shared by every process).
    pub t_us: u64,
    /// The actor's instance name as in the scenario (`host` for the scenario host).
    pub actor: String,
    pub pid: i32,
    /// The kernel thread id, for events sent from a thread actor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tid: Option<i32>,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// Whether an actor is an OS process, an OS thread, or a coroutine: a task
/// that its parent's thread runs on an event loop (same pid, same tid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    Process,
    Thread,
    Coroutine,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every actor finished and was reaped.
    Completed,
    /// The user (or a closing UI) stopped it.
    Aborted,
    /// It ran past the scenario's time limit and was stopped.
    TimedOut,
    /// It reached a safety limit (processes, threads, events) and was stopped;
    /// `run_ended.reason` says which.
    Limit,
    /// The scenario host died (killed, crashed); the UI ended the run for it.
    HostDied,
}

/// What kind of work a step is, so a timeline can colour it without knowing the verbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    /// Executing ordinary code (start, print, signal, check).
    Running,
    /// Burning CPU on purpose (`work`).
    Working,
    /// Asleep by choice (`sleep`).
    Sleeping,
    /// Blocked until someone else does something (`join`).
    Waiting,
    /// Blocked on a lock, semaphore or event (`acquire`, `wait`).
    Blocked,
}

/// Which way a queue made an actor wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueSide {
    /// A put waits for room.
    Full,
    /// A get waits for an item.
    Empty,
}

/// The kinds of event and their own fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum EventKind {
    /// How to build this run's plan again (actor `host`, right after
    /// `run_started`): the scenario's source, a built-in id or a file path, and
    /// the parameters set on the command line. `conlab replay` reads it.
    Recipe {
        source: String,
        #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
        params: std::collections::BTreeMap<String, String>,
        /// The scenario file's text, added by `--record` for a file scenario, so
        /// a replay rebuilds the plan from the recording alone and never opens
        /// `source` (absent for a built-in: `source` is its id).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scenario_text: Option<String>,
    },
    /// The host began the run (actor `host`).
    RunStarted {
        scenario: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        variant: Option<String>,
        seed: u64,
        speed: f64,
    },
    /// An actor came to life (sent by its parent the moment start() returned).
    Spawned {
        kind: ActorKind,
        parent: Option<String>,
        daemon: bool,
    },
    /// The actor's own code began to run (sent by the actor itself).
    Started {},
    /// The actor begins step `index` of its script.
    Step {
        index: u32,
        op: String,
        text: String,
        activity: Activity,
        /// The line of the scenario's Python listing the step stands for.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
        /// A `join` step: the actors it waits for, in order. Absent on other
        /// steps, and in logs written before it was told (the host then reads
        /// them off `text`, `join a, b`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        targets: Option<Vec<String>>,
    },
    /// What the actor printed.
    Print { text: String },
    /// It finished. A process is a zombie from now until it is reaped.
    Exited {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<i32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signal: Option<String>,
        /// Set when a daemon thread vanished because its process ended.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cause: Option<String>,
    },
    /// Its exit status was collected (join / waitpid).
    Reaped { by: String },
    /// The OS reported a new state letter in /proc/PID/stat.
    ProcState { state: String },
    /// The OS moved the process to a new parent.
    Reparented {
        ppid: i32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<i32>,
    },
    /// The actor sent a signal to another (terminate, daemon clean-up).
    Signalled {
        target: String,
        signal: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        why: Option<String>,
    },
    /// Answer of an `is_alive` check.
    Alive { target: String, alive: bool },
    /// Something in the script failed; the actor goes on.
    Error { text: String },
    /// A safety limit of the run was reached (`limit`: processes, threads,
    /// events; `max` its value); the host ends the run with outcome `limit`.
    LimitReached {
        limit: String,
        max: u64,
        text: String,
    },
    /// The run was paused, resumed or sped up.
    Control { what: String },
    /// The host ended the run (or the UI, for a host that died); `reason`
    /// says why when the outcome alone does not.
    RunEnded {
        outcome: Outcome,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Waiting for a lock (mutex, recursive lock, semaphore, file lock).
    LockWait { lock: String },
    /// Got it; `count` is the holder's hold count now (recursive locks), for a
    /// semaphore the number of holders now.
    LockAcquired {
        lock: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<u32>,
    },
    /// Let go once; `count` is what the holder still holds (0: free of it).
    LockReleased {
        lock: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<u32>,
    },
    /// Waiting for an event to be set.
    EventWait { lock: String },
    /// The event was set: the waiter goes on.
    EventPassed { lock: String },
    /// The actor set (`set = true`) or cleared an event.
    EventSet { lock: String, set: bool },
    /// A wait with a timeout gave up (acquire(blocking=False): at once):
    /// `op` is acquire, wait or join; `object` the lock, event or actor;
    /// `timeout` the seconds it was given. acquire and wait returned False,
    /// join returned with its target still alive.
    TimedOut {
        op: String,
        object: String,
        timeout: f64,
    },
    /// threading.Timer(after, fn).start(): the thread `target` runs its
    /// script once `after` seconds passed, unless cancelled first.
    TimerStarted { target: String, after: f64 },
    /// The timer's delay passed: its thread (the actor) runs its script now.
    TimerFired { after: f64 },
    /// cancel() on a timer; `fired`: too late, its script already runs.
    TimerCancelled { target: String, fired: bool },
    /// A shared value changed; `actor` is who changed it.
    Value {
        name: String,
        value: serde_json::Value,
    },
    /// A shared value was read (what the reader saw, maybe stale).
    ValueRead {
        name: String,
        value: serde_json::Value,
    },
    /// An item went into a queue. `len` counts it; `cap` 0 means unbounded.
    QueuePut {
        queue: String,
        item: Option<i64>,
        len: u32,
        cap: u32,
    },
    /// An item came out of a queue; `from` is the actor that put it there.
    QueueGet {
        queue: String,
        item: Option<i64>,
        from: String,
        len: u32,
        cap: u32,
    },
    /// The actor has to wait: a put found the queue full, or a get found it empty.
    /// The wait ends with the actor's next queue event.
    QueueWait {
        queue: String,
        side: QueueSide,
        len: u32,
        cap: u32,
    },
    /// A put that could not wait (put_nowait, or its timeout ran out) found the
    /// queue full: queue.Full is raised and the item is lost.
    QueueFull { queue: String, item: Option<i64> },
    /// A get that could not wait found the queue empty: queue.Empty is raised.
    QueueEmpty { queue: String },
    /// qsize(), empty() or full() answered (as Python prints it); `len` is
    /// the real length at the moment of the answer.
    QueueAsked {
        queue: String,
        question: String,
        answer: String,
        len: u32,
    },
    /// task_done() on a joinable queue; `unfinished` items are left.
    TaskDone { queue: String, unfinished: u32 },
    /// join() on a joinable queue returned: every item put was marked done.
    QueueJoined { queue: String },
    /// An item was sent into one end of a pipe.
    PipeSend {
        pipe: String,
        end: String,
        item: Option<i64>,
    },
    /// An item was received from one end of a pipe.
    PipeRecv {
        pipe: String,
        end: String,
        item: Option<i64>,
    },
    /// recv() found every copy of the other end closed: EOFError.
    PipeEof { pipe: String, end: String },
    /// The actor's process closed its copy of one end.
    PipeClosed { pipe: String, end: String },
    /// A pool was made by the actor; `workers` are its worker actors' names.
    PoolCreated {
        pool: String,
        kind: ActorKind,
        size: u32,
        workers: Vec<String>,
    },
    /// A task was handed to a pool; `how` is apply, apply_async, map or submit.
    TaskSubmitted {
        pool: String,
        task: u32,
        arg: Option<i64>,
        how: String,
    },
    /// A worker (the event's actor and pid) took the task.
    TaskStarted {
        pool: String,
        task: u32,
        arg: Option<i64>,
    },
    /// The worker finished the task with this return value.
    TaskFinished {
        pool: String,
        task: u32,
        result: Option<i64>,
    },
    /// The submitter got the task's result (apply returned, get(), result(), map).
    TaskResult {
        pool: String,
        task: u32,
        result: Option<i64>,
    },
    /// A callback ran in the submitting process: on the pool's result thread,
    /// or on the worker thread that finished the task (ThreadPoolExecutor).
    Callback {
        pool: String,
        task: u32,
        result: Option<i64>,
    },
    /// close(): the pool takes no more tasks; its workers end when the queue is empty.
    PoolClosed { pool: String },
    /// Step mode or a schedule holds the actor before step `index` until it
    /// is granted a turn; `text` is that step in words.
    Held { index: u32, text: String },
    /// The host let the actor take its next step (step mode or a schedule):
    /// `turn` counts from 1, `enabled` lists the held actors that could have
    /// been chosen. A run's schedule is the actors of its `granted` events.
    Granted { turn: u32, enabled: Vec<String> },
    /// The host found actors waiting in a circle (actor `host`): `cycle` is
    /// actor, lock, actor, lock, ... — each actor waits for the lock after it,
    /// which the next actor holds; the last lock is held by the first actor.
    Deadlock { cycle: Vec<String> },
    /// The deadlock was broken by sacrificing `victim` (actor `host`): a thread
    /// gives up its wait and unwinds (`how` unwound), a process is killed (`how` killed).
    DeadlockBroken { victim: String, how: String },
    /// A `measure` step timed its block: `seconds` (scenario time) go into
    /// the cell `row`, `column` of the declared table `table`.
    Measured {
        table: String,
        row: String,
        column: String,
        seconds: f64,
    },
    /// The CPU scheduler of a scheduling lesson (told by main, in time units):
    /// `what` is `arrived` (with `burst`), `granted` (with `level`, `quantum`,
    /// `left`), `preempted` (with `level`, `left`) or `finished`.
    Sched {
        what: String,
        job: String,
        at: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        burst: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        level: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quantum: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        left: Option<u32>,
    },
    /// `cond.wait()`: the thread let go of the condition's lock and waits for a notify.
    CondWait { lock: String },
    /// `notify(n)` (`n` None: `notify_all()`); `woken` waiters were woken.
    CondNotify {
        lock: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        n: Option<u32>,
        woken: u32,
    },
    /// A condition's waiter woke: notified, or its timeout ran out (false);
    /// it now takes the lock again (lock events follow).
    CondWoken { lock: String, notified: bool },
    /// `barrier.wait()`: the thread arrived, `arrived` of `parties` so far.
    BarrierWait {
        barrier: String,
        arrived: u32,
        parties: u32,
    },
    /// Every party came: the thread goes on, with its index (arrival order).
    BarrierPassed { barrier: String, index: u32 },
    /// The thread got BrokenBarrierError; `timed_out`: its own timeout broke it.
    BarrierBroken { barrier: String, timed_out: bool },
    /// `abort()` (broken for good) or `reset()` (`reset`: whole again).
    BarrierAbort { barrier: String, reset: bool },
    /// A socket was bound (and, for TCP, listens): `listen` or `bind` returned.
    /// `port` is the kernel's ephemeral choice; `backlog` is 0 for UDP.
    SockListen {
        sock: String,
        proto: String,
        host: String,
        port: u16,
        backlog: u32,
    },
    /// The actor blocks in a socket call (`op`: accept, connect, recv, send,
    /// recvfrom, select); the wait ends with its next socket event.
    SockWait { sock: String, op: String },
    /// A TCP connection was made, told by each end: the client's connect
    /// (`side` client) and the server's accept (`side` server, `listener` the
    /// listening socket). `conn` ties the two ends: "CLIENTPORT>SERVERPORT".
    SockConnected {
        sock: String,
        conn: String,
        side: String,
        local_port: u16,
        peer_port: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listener: Option<String>,
    },
    /// One send / sendall / sendto wrote `n` bytes; `data` is the first 64
    /// of them as Python's repr shows bytes (without b''), `more` when cut.
    SockSent {
        sock: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        conn: Option<String>,
        n: u32,
        data: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        more: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        peer_port: Option<u16>,
    },
    /// One recv / recvfrom returned `n` > 0 bytes (`data`, `more` as above).
    SockRecv {
        sock: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        conn: Option<String>,
        n: u32,
        data: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        more: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        peer_port: Option<u16>,
    },
    /// recv returned b'': the peer closed (or shut down) its side.
    SockEof {
        sock: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        conn: Option<String>,
    },
    /// The actor's process closed its socket (`how` close) or shut one way
    /// of it down (`how` read, write or both).
    SockClosed {
        sock: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        conn: Option<String>,
        how: String,
    },
    /// A socket call failed: `error` is the Python exception
    /// (ConnectionRefusedError, ConnectionResetError, BrokenPipeError,
    /// BlockingIOError, TimeoutError, OSError), `errno` its name (ECONNREFUSED…).
    SockError {
        sock: String,
        op: String,
        error: String,
        errno: String,
    },
    /// select / poll / epoll returned: of the sockets `watched`, `ready` are readable.
    SockReady {
        how: String,
        watched: Vec<String>,
        ready: Vec<String>,
    },
}

/// Every `event` field value, for checking scenario files; keep in step with
/// `EventKind::name` just below.
pub const EVENT_NAMES: &[&str] = &[
    "run_started",
    "spawned",
    "started",
    "step",
    "print",
    "exited",
    "reaped",
    "proc_state",
    "reparented",
    "signalled",
    "alive",
    "error",
    "limit_reached",
    "control",
    "run_ended",
    "value",
    "lock_wait",
    "lock_acquired",
    "lock_released",
    "event_wait",
    "event_passed",
    "event_set",
    "timed_out",
    "timer_started",
    "timer_fired",
    "timer_cancelled",
    "value_read",
    "queue_put",
    "queue_get",
    "queue_wait",
    "queue_full",
    "queue_empty",
    "queue_asked",
    "task_done",
    "queue_joined",
    "pipe_send",
    "pipe_recv",
    "pipe_eof",
    "pipe_closed",
    "pool_created",
    "task_submitted",
    "task_started",
    "task_finished",
    "task_result",
    "callback",
    "pool_closed",
    "held",
    "granted",
    "deadlock",
    "deadlock_broken",
    "recipe",
    "measured",
    "sched",
    "cond_wait",
    "cond_notify",
    "cond_woken",
    "barrier_wait",
    "barrier_passed",
    "barrier_broken",
    "barrier_abort",
    "sock_listen",
    "sock_wait",
    "sock_connected",
    "sock_sent",
    "sock_recv",
    "sock_eof",
    "sock_closed",
    "sock_error",
    "sock_ready",
];

impl EventKind {
    /// The `event` field's value, for filters and checks.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::RunStarted { .. } => "run_started",
            EventKind::Spawned { .. } => "spawned",
            EventKind::Started {} => "started",
            EventKind::Step { .. } => "step",
            EventKind::Print { .. } => "print",
            EventKind::Exited { .. } => "exited",
            EventKind::Reaped { .. } => "reaped",
            EventKind::ProcState { .. } => "proc_state",
            EventKind::Reparented { .. } => "reparented",
            EventKind::Signalled { .. } => "signalled",
            EventKind::Alive { .. } => "alive",
            EventKind::Error { .. } => "error",
            EventKind::LimitReached { .. } => "limit_reached",
            EventKind::Control { .. } => "control",
            EventKind::RunEnded { .. } => "run_ended",
            EventKind::Value { .. } => "value",
            EventKind::LockWait { .. } => "lock_wait",
            EventKind::LockAcquired { .. } => "lock_acquired",
            EventKind::LockReleased { .. } => "lock_released",
            EventKind::EventWait { .. } => "event_wait",
            EventKind::EventPassed { .. } => "event_passed",
            EventKind::EventSet { .. } => "event_set",
            EventKind::TimedOut { .. } => "timed_out",
            EventKind::TimerStarted { .. } => "timer_started",
            EventKind::TimerFired { .. } => "timer_fired",
            EventKind::TimerCancelled { .. } => "timer_cancelled",
            EventKind::ValueRead { .. } => "value_read",
            EventKind::QueuePut { .. } => "queue_put",
            EventKind::QueueGet { .. } => "queue_get",
            EventKind::QueueWait { .. } => "queue_wait",
            EventKind::QueueFull { .. } => "queue_full",
            EventKind::QueueEmpty { .. } => "queue_empty",
            EventKind::QueueAsked { .. } => "queue_asked",
            EventKind::TaskDone { .. } => "task_done",
            EventKind::QueueJoined { .. } => "queue_joined",
            EventKind::PipeSend { .. } => "pipe_send",
            EventKind::PipeRecv { .. } => "pipe_recv",
            EventKind::PipeEof { .. } => "pipe_eof",
            EventKind::PipeClosed { .. } => "pipe_closed",
            EventKind::PoolCreated { .. } => "pool_created",
            EventKind::TaskSubmitted { .. } => "task_submitted",
            EventKind::TaskStarted { .. } => "task_started",
            EventKind::TaskFinished { .. } => "task_finished",
            EventKind::TaskResult { .. } => "task_result",
            EventKind::Callback { .. } => "callback",
            EventKind::PoolClosed { .. } => "pool_closed",
            EventKind::Held { .. } => "held",
            EventKind::Granted { .. } => "granted",
            EventKind::Deadlock { .. } => "deadlock",
            EventKind::DeadlockBroken { .. } => "deadlock_broken",
            EventKind::Recipe { .. } => "recipe",
            EventKind::Measured { .. } => "measured",
            EventKind::Sched { .. } => "sched",
            EventKind::CondWait { .. } => "cond_wait",
            EventKind::CondNotify { .. } => "cond_notify",
            EventKind::CondWoken { .. } => "cond_woken",
            EventKind::BarrierWait { .. } => "barrier_wait",
            EventKind::BarrierPassed { .. } => "barrier_passed",
            EventKind::BarrierBroken { .. } => "barrier_broken",
            EventKind::BarrierAbort { .. } => "barrier_abort",
            EventKind::SockListen { .. } => "sock_listen",
            EventKind::SockWait { .. } => "sock_wait",
            EventKind::SockConnected { .. } => "sock_connected",
            EventKind::SockSent { .. } => "sock_sent",
            EventKind::SockRecv { .. } => "sock_recv",
            EventKind::SockEof { .. } => "sock_eof",
            EventKind::SockClosed { .. } => "sock_closed",
            EventKind::SockError { .. } => "sock_error",
            EventKind::SockReady { .. } => "sock_ready",
        }
    }
}

impl Event {
    /// An event told about a process (no thread id).
    pub fn new(t_us: u64, actor: &str, pid: i32, kind: EventKind) -> Event {
        Event {
            t_us,
            actor: actor.to_string(),
            pid,
            tid: None,
            kind,
        }
    }

    /// One line of the log, without the newline.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("events always serialize")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_field_names_are_kept() {
        let e = Event {
            t_us: 12,
            actor: "child0".into(),
            pid: 42,
            tid: None,
            kind: EventKind::Exited {
                code: None,
                signal: Some("SIGTERM".into()),
                cause: None,
            },
        };
        let v: serde_json::Value = serde_json::from_str(&e.to_json_line()).unwrap();
        assert_eq!(v["event"], "exited");
        assert_eq!(v["signal"], "SIGTERM");
        assert_eq!(v["t_us"], 12);
        assert!(v.get("code").is_none());
        let back: Event = serde_json::from_value(v).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn proc_state_round_trips() {
        let line = r#"{"t_us":5,"actor":"c","pid":3,"event":"proc_state","state":"Z"}"#;
        let e: Event = serde_json::from_str(line).unwrap();
        assert_eq!(e.kind, EventKind::ProcState { state: "Z".into() });
        assert_eq!(e.kind.name(), "proc_state");
    }
}

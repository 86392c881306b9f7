//! Sending events from the threads of one process: each thread stamps its
//! event and drops it on a channel; one writer thread turns them into frames
//! (see `frame`: the stream's string table needs one writer, in order).

use std::io::{BufWriter, Write};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;

use std::time::Duration;

use crossbeam_channel::{Receiver, SendTimeoutError, Sender, TrySendError};
use nix::unistd::{getpid, gettid};

use super::clock::Clock;
use super::frame::FrameEncoder;
use crate::event::{Event, EventKind};

/// Events waiting for the writer, at most: past this a thread that tells an
/// event waits (the host reads at its own pace), so an actor that floods the
/// log is slowed down instead of growing its process's memory.
const BACKLOG: usize = 4096;

/// Bytes of frames gathered before a write(2) (a pipe holds 64 KiB): fewer
/// system calls and wake-ups of the reader under a flood of events.
pub const WIRE_BUFFER: usize = 64 * 1024;

enum Out {
    Event(Event),
    Flush(Sender<()>),
}

/// A handle to the process's event stream; cheap to clone, one per thread.
#[derive(Clone)]
pub struct Emitter {
    tx: Sender<Out>,
    clock: Clock,
    /// Once sealed (the process is ending), events are dropped: a daemon
    /// thread cannot speak after its process told that it vanished.
    sealed: Arc<RwLock<bool>>,
    /// This process's pid, read once: getpid(2) is a system call, and an
    /// emitter lives in one process (a forked child starts its own).
    pid: i32,
}

impl Emitter {
    /// Start the writer thread over `sink`.
    pub fn start(sink: impl Write + Send + 'static, clock: Clock) -> (Emitter, JoinHandle<()>) {
        let (tx, rx) = crossbeam_channel::bounded(BACKLOG);
        let writer = std::thread::Builder::new()
            .name("event-writer".into())
            .spawn(move || write_loop(rx, sink))
            .expect("spawn event writer");
        let sealed = Arc::new(RwLock::new(false));
        let pid = getpid().as_raw();
        (
            Emitter {
                tx,
                clock,
                sealed,
                pid,
            },
            writer,
        )
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// Emit about `actor` in process `pid` (and thread `tid`).
    pub fn emit_for(&self, actor: &str, pid: i32, tid: Option<i32>, kind: EventKind) {
        self.emit_at(self.clock.t_us(), actor, pid, tid, kind);
    }

    /// Emit with a time taken earlier (when the fact began, not when it is told).
    pub fn emit_at(&self, t_us: u64, actor: &str, pid: i32, tid: Option<i32>, kind: EventKind) {
        let event = Event {
            t_us,
            actor: actor.to_string(),
            pid,
            tid,
            kind,
        };
        self.send_unless_sealed(Out::Event(event));
    }

    /// Queue an event unless the stream is sealed. A full queue is waited for in
    /// short slices, letting go of the seal's lock between them, so `seal`
    /// never waits behind a blocked sender.
    fn send_unless_sealed(&self, mut out: Out) {
        loop {
            let sealed = self.sealed.read().unwrap();
            if *sealed {
                return;
            }
            // try_send first: a timed send reads the clock, twice an event.
            out = match self.tx.try_send(out) {
                Ok(()) | Err(TrySendError::Disconnected(_)) => return,
                Err(TrySendError::Full(back)) => back,
            };
            match self.tx.send_timeout(out, Duration::from_millis(20)) {
                Ok(()) | Err(SendTimeoutError::Disconnected(_)) => return,
                Err(SendTimeoutError::Timeout(back)) => out = back,
            }
        }
    }

    /// Emit about the calling process's own actor.
    pub fn emit(&self, actor: &str, kind: EventKind) {
        self.emit_for(actor, self.pid, None, kind);
    }

    /// Emit about the calling thread (its tid is added).
    pub fn emit_thread(&self, actor: &str, kind: EventKind) {
        self.emit_for(actor, self.pid, Some(gettid().as_raw()), kind);
    }

    /// Drop every later event from any thread; returns once no send is in flight.
    pub fn seal(&self) {
        *self.sealed.write().unwrap() = true;
    }

    /// Block until every event sent so far is written out.
    pub fn flush(&self) {
        let (tx, rx) = crossbeam_channel::bounded(1);
        if self.tx.send(Out::Flush(tx)).is_ok() {
            let _ = rx.recv_timeout(std::time::Duration::from_secs(2));
        }
    }
}

fn write_loop(rx: Receiver<Out>, sink: impl Write) {
    let mut w = BufWriter::with_capacity(WIRE_BUFFER, sink);
    let mut frames = FrameEncoder::new();
    while let Ok(first) = rx.recv() {
        let mut next = Some(first);
        while let Some(out) = next {
            match out {
                Out::Event(event) => {
                    if frames.write(&mut w, &event).is_err() {
                        return;
                    }
                }
                Out::Flush(done) => {
                    let _ = w.flush();
                    let _ = done.send(());
                }
            }
            next = rx.try_recv().ok();
        }
        if w.flush().is_err() {
            return;
        }
    }
}

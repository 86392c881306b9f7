//! `conlab export FILE --chrome`: a recording as Chrome trace-event JSON
//! (opens in Perfetto or chrome://tracing). Each actor is a track (pid, and
//! its tid for threads); each step is a complete slice ("X") lasting until
//! the actor's next step; prints, lock and queue events, deadlocks and exits
//! are instant events ("i") carrying their fields as args.
//!
//! It streams: events are read, converted and written one at a time. A
//! recording is written in arrival order, nearly time order, so a window of
//! the last `WINDOW` events (at most `WINDOW_BYTES` of lines) puts them in
//! time order; memory is bounded by that window and the number of actors
//! (`MAX_ACTORS`), not by the length of the recording.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::io::Write;

use serde_json::{json, Value};

use crate::event::{Event, EventKind};
use crate::recording::Reader;

/// Events held back to be put in time order.
pub const WINDOW: usize = 4096;
/// The most bytes of lines the window holds.
pub const WINDOW_BYTES: usize = 32 * 1024 * 1024;
/// The most actors (tracks) an export takes; a run has far fewer.
pub const MAX_ACTORS: usize = 10_000;

/// An event waiting in the window, ordered by time, then by its place in the file.
struct Held {
    t_us: u64,
    seq: u64,
    size: usize,
    event: Event,
}

impl PartialEq for Held {
    fn eq(&self, other: &Self) -> bool {
        (self.t_us, self.seq) == (other.t_us, other.seq)
    }
}
impl Eq for Held {}
impl PartialOrd for Held {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Held {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.t_us, self.seq).cmp(&(other.t_us, other.seq))
    }
}

/// Why an event could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("more than {MAX_ACTORS} different actors, the most an export takes")]
    TooManyActors,
    #[error("{0}")]
    Write(#[from] std::io::Error),
}

/// Writes a trace as events are pushed; `finish` closes it.
pub struct ChromeWriter<W: Write> {
    out: W,
    written: usize,
    window: BinaryHeap<Reverse<Held>>,
    window_bytes: usize,
    seq: u64,
    /// Each actor's track: (pid, tid).
    tracks: HashMap<String, (i32, i32)>,
    /// The open step of each actor: (name, activity, start).
    open: HashMap<String, (String, String, u64)>,
    end: u64,
}

impl<W: Write> ChromeWriter<W> {
    pub fn new(mut out: W) -> std::io::Result<ChromeWriter<W>> {
        out.write_all(b"{\"traceEvents\":[")?;
        Ok(ChromeWriter {
            out,
            written: 0,
            window: BinaryHeap::new(),
            window_bytes: 0,
            seq: 0,
            tracks: HashMap::new(),
            open: HashMap::new(),
            end: 0,
        })
    }

    /// Take one event (`size`: its line's length).
    pub fn push(&mut self, event: Event, size: usize) -> Result<(), PushError> {
        if !self.tracks.contains_key(&event.actor) {
            if self.tracks.len() == MAX_ACTORS {
                return Err(PushError::TooManyActors);
            }
            let t = (event.pid, event.tid.unwrap_or(event.pid));
            let meta = json!({"name": "thread_name", "ph": "M", "pid": t.0, "tid": t.1,
                              "args": {"name": event.actor}});
            self.write(&meta)?;
            self.tracks.insert(event.actor.clone(), t);
        }
        self.seq += 1;
        self.window_bytes += size;
        let t_us = event.t_us;
        self.window.push(Reverse(Held {
            t_us,
            seq: self.seq,
            size,
            event,
        }));
        while self.window.len() > WINDOW || self.window_bytes > WINDOW_BYTES {
            self.emit_next()?;
        }
        Ok(())
    }

    /// Write what is held, close the steps still open at the last event's time, and the trace.
    pub fn finish(mut self) -> std::io::Result<W> {
        while !self.window.is_empty() {
            self.emit_next()?;
        }
        let mut open: Vec<_> = std::mem::take(&mut self.open).into_iter().collect();
        open.sort_by(|a, b| a.0.cmp(&b.0));
        for (actor, (name, cat, start)) in open {
            let (pid, tid) = self.tracks[&actor];
            let slice = json!({"name": name, "cat": cat, "ph": "X", "ts": start,
                               "dur": self.end.saturating_sub(start), "pid": pid, "tid": tid});
            self.write(&slice)?;
        }
        self.out.write_all(b"],\"displayTimeUnit\":\"ms\"}")?;
        self.out.flush()?;
        Ok(self.out)
    }

    fn write(&mut self, v: &Value) -> std::io::Result<()> {
        if self.written > 0 {
            self.out.write_all(b",")?;
        }
        self.written += 1;
        serde_json::to_writer(&mut self.out, v).map_err(std::io::Error::from)
    }

    /// Convert the earliest event held.
    fn emit_next(&mut self) -> std::io::Result<()> {
        let Some(Reverse(held)) = self.window.pop() else {
            return Ok(());
        };
        self.window_bytes -= held.size;
        let e = held.event;
        self.end = self.end.max(e.t_us);
        let track = self.tracks[&e.actor];
        match &e.kind {
            EventKind::Step { text, activity, .. } => {
                self.close(&e, track)?;
                let cat = serde_json::to_value(activity)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                self.open
                    .insert(e.actor.clone(), (text.clone(), cat, e.t_us));
                Ok(())
            }
            EventKind::Exited { .. } | EventKind::Held { .. } => {
                self.close(&e, track)?;
                self.write(&instant(&e, track))
            }
            _ => self.write(&instant(&e, track)),
        }
    }

    /// End the actor's open step, if any, at `e`.
    fn close(&mut self, e: &Event, track: (i32, i32)) -> std::io::Result<()> {
        match self.open.remove(&e.actor) {
            Some((name, cat, start)) => {
                let slice = json!({"name": name, "cat": cat, "ph": "X", "ts": start,
                                   "dur": e.t_us.saturating_sub(start), "pid": track.0, "tid": track.1});
                self.write(&slice)
            }
            None => Ok(()),
        }
    }
}

/// Why an export stopped.
#[derive(Debug)]
pub enum ExportError {
    /// The recording is bad: `FILE:LINE:COL: message`.
    Read(String),
    /// The trace could not be written.
    Write(std::io::Error),
}

/// Convert the recording `reader` reads to a trace on `w`, one event at a time.
pub fn chrome_from(reader: &mut Reader, w: impl Write) -> Result<(), ExportError> {
    let mut chrome = ChromeWriter::new(w).map_err(ExportError::Write)?;
    let mut any = false;
    while let Some(line) = reader.next_line().map_err(ExportError::Read)? {
        any = true;
        let number = line.number;
        chrome
            .push(line.event, line.text.len())
            .map_err(|e| match e {
                PushError::TooManyActors => {
                    ExportError::Read(format!("{}:{number}:1: {e}", reader.name()))
                }
                PushError::Write(e) => ExportError::Write(e),
            })?;
    }
    if !any {
        let m = format!("{}:1:1: the recording holds no events", reader.name());
        return Err(ExportError::Read(m));
    }
    chrome.finish().map(drop).map_err(ExportError::Write)
}

/// The trace for these events, whole (for tests and small logs).
pub fn chrome_trace(events: &[Event]) -> Value {
    let mut w = ChromeWriter::new(Vec::new()).expect("writing to memory");
    for e in events {
        if w.push(e.clone(), 0).is_err() {
            break;
        }
    }
    let bytes = w.finish().expect("writing to memory");
    serde_json::from_slice(&bytes).unwrap_or(Value::Null)
}

/// An instant event with the event's own fields as args.
fn instant(e: &Event, (pid, tid): (i32, i32)) -> Value {
    let mut args = serde_json::to_value(&e.kind).unwrap_or(Value::Null);
    let name = args
        .get("event")
        .and_then(Value::as_str)
        .unwrap_or("event")
        .to_string();
    if let Some(map) = args.as_object_mut() {
        map.remove("event");
    }
    json!({"name": name, "cat": "event", "ph": "i", "s": "t", "ts": e.t_us,
           "pid": pid, "tid": tid, "args": args})
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;

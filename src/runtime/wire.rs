//! What crosses process boundaries as JSON lines (rare messages); events
//! cross as binary frames instead (see `frame`).
//!
//! UI → host stdin: a `RunRequest`, then `ControlMsg`s.  Host stdout: event
//! frames.  Worker → host socket: a `Hello` line, then event frames (read
//! through the same `BufReader`).  Host → worker: a `WorkerConfig` (to a
//! forked worker, three `ControlMsg`s), then `ControlMsg`s.

use std::io::{BufRead, Write};

use serde::{de::DeserializeOwned, Deserialize, Serialize};

use super::launch::RunRequest;

/// A worker's first line: who it is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hello {
    pub actor: String,
    pub pid: i32,
    /// A forked child already holds the plan: the host answers with the
    /// current controls only (Speed, Pause or Resume, Gate).
    #[serde(default)]
    pub forked: bool,
}

/// The host's answer: everything a worker needs to play its part.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkerConfig {
    pub request: RunRequest,
    pub base_ns: u64,
    pub paused: bool,
    pub speed: f64,
    pub gate: super::launch::GateRule,
}

/// Write one value as a line.
pub fn send_line<T: Serialize>(w: &mut impl Write, value: &T) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(value).map_err(std::io::Error::other)?;
    line.push(b'\n');
    w.write_all(&line)?;
    w.flush()
}

/// Read one line as a value; `Ok(None)` at end of stream.
pub fn read_line<T: DeserializeOwned>(r: &mut impl BufRead) -> std::io::Result<Option<T>> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    serde_json::from_str(&line)
        .map(Some)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

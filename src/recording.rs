//! Recorded runs. `--record FILE` writes the event log as the run goes (the
//! same JSON lines as `--headless` prints, the recipe line carrying the
//! scenario's text); `conlab replay` and `conlab export` read it back as
//! untrusted data: a regular file of at most 256 MiB, lines of at most 1 MiB,
//! read line by line, the plan rebuilt from the recording alone.

pub mod diagnose;
pub mod reader;
pub mod recipe;
mod words;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::event::{Event, EventKind};
use crate::scenario::plan::Plan;

pub use diagnose::MAX_T_US;
pub use reader::{Line, Reader, MAX_FILE_BYTES, MAX_LINE_BYTES};
pub use recipe::Header;

/// The most events a replay in the terminal UI loads: a live run's event
/// budget, 1,000,000, and room for the host's own lines around it.
pub const REPLAY_EVENT_LIMIT: usize = 1_010_000;

/// Writes events to a file, one JSON object a line, flushed as they come so a
/// recording cut short (Ctrl-C, a crash) keeps what happened until then.
pub struct Recorder {
    out: BufWriter<File>,
    /// The scenario file's text, put into the recipe line when it comes.
    text: Option<String>,
}

impl Recorder {
    /// Record the run of `plan` to `path`.
    pub fn create(path: &Path, plan: &Plan) -> Result<Recorder, String> {
        let file = File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Recorder {
            out: BufWriter::new(file),
            text: recipe::text_to_carry(plan),
        })
    }

    /// Write one event as its line of the log (the same JSON line the host
    /// wrote before events crossed as frames, and `--headless` prints).
    pub fn write_event(&mut self, e: &Event) {
        self.write_line(&e.to_json_line(), e);
    }

    /// Write one line of the log exactly as the host wrote it (the recipe with
    /// the scenario's text added); `e` is that line read, so the file is
    /// flushed at the run's end.
    pub fn write_line(&mut self, line: &str, e: &Event) {
        match (&e.kind, self.text.take()) {
            (EventKind::Recipe { .. }, Some(text)) => {
                let mut with_text = e.clone();
                if let EventKind::Recipe { scenario_text, .. } = &mut with_text.kind {
                    *scenario_text = Some(text);
                }
                let _ = writeln!(self.out, "{}", with_text.to_json_line());
            }
            (_, text) => {
                self.text = text;
                let _ = writeln!(self.out, "{line}");
            }
        }
        if matches!(e.kind, EventKind::RunEnded { .. }) {
            let _ = self.out.flush();
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        let _ = self.out.flush();
    }
}

/// A recording read back whole, for the terminal UI's replay: its events (at
/// most `REPLAY_EVENT_LIMIT`) and what its header says.
pub struct Recording {
    pub header: Header,
    pub events: Vec<Event>,
    /// Things worth telling that did not stop the reading (a cut-short last line).
    pub warnings: Vec<String>,
}

impl Recording {
    /// Read `path`; a bad line is reported as `FILE:LINE:COL: message`.
    pub fn read(path: &Path) -> Result<Recording, String> {
        Recording::read_at_most(path, REPLAY_EVENT_LIMIT)
    }

    fn read_at_most(path: &Path, limit: usize) -> Result<Recording, String> {
        let mut reader = Reader::open(path)?;
        let mut header = Header::new(reader.name());
        let mut events = Vec::new();
        while let Some(line) = reader.next_line()? {
            if events.len() == limit {
                return Err(format!(
                    "{}:{}:1: the recording holds more than {limit} events, the most a replay loads \
                     (a live run stops at 1,000,000); `conlab replay FILE --headless` and `conlab export` read it whole",
                    reader.name(),
                    line.number
                ));
            }
            header.note(&line);
            events.push(line.event);
        }
        if events.is_empty() {
            return Err(format!(
                "{}:1:1: the recording holds no events",
                reader.name()
            ));
        }
        Ok(Recording {
            header,
            events,
            warnings: reader.cut_short.take().into_iter().collect(),
        })
    }

    /// The plan of the recorded run, built again from the recording alone.
    pub fn plan(&self) -> Result<Plan, String> {
        self.header.plan()
    }

    /// Whether the log is whole: it ends with `run_ended`.
    pub fn is_complete(&self) -> bool {
        matches!(
            self.events.last().map(|e| &e.kind),
            Some(EventKind::RunEnded { .. })
        )
    }
}

#[cfg(test)]
mod tests;

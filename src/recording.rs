//! Recorded runs. `--record FILE` writes the event log as the run goes (the
//! same JSON lines as `--headless` prints); `conlab replay` and `conlab
//! export` read it back, rebuilding the plan from its `run_started` and
//! `recipe` lines, with no real process.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::event::{Event, EventKind};
use crate::scenario::plan::Plan;

/// Writes events to a file, one JSON object a line, flushed as they come so a
/// recording cut short (Ctrl-C, a crash) keeps what happened until then.
pub struct Recorder {
    out: BufWriter<File>,
}

impl Recorder {
    pub fn create(path: &Path) -> Result<Recorder, String> {
        let file = File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Recorder {
            out: BufWriter::new(file),
        })
    }

    /// Write one line of the log exactly as the host wrote it; `e` is that
    /// line read, so the file is flushed at the run's end.
    pub fn write_line(&mut self, line: &str, e: &Event) {
        let _ = writeln!(self.out, "{line}");
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

/// A recording read back: its lines as written, and the events they hold.
pub struct Recording {
    pub lines: Vec<String>,
    pub events: Vec<Event>,
}

impl Recording {
    /// Read `path`; a bad line is reported as `FILE:LINE:COL: message`.
    pub fn read(path: &Path) -> Result<Recording, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut rec = Recording {
            lines: Vec::new(),
            events: Vec::new(),
        };
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let event: Event = serde_json::from_str(line)
                .map_err(|e| format!("{}:{}:{}: {e}", path.display(), i + 1, e.column()))?;
            rec.lines.push(line.to_string());
            rec.events.push(event);
        }
        if rec.events.is_empty() {
            return Err(format!(
                "{}:1:1: the recording holds no events",
                path.display()
            ));
        }
        Ok(rec)
    }

    /// How the recorded run was made: its scenario's source (built-in id or
    /// path), variant and parameters, from its `run_started` and `recipe`.
    pub fn origin(&self) -> (String, Option<String>, Vec<(String, String)>) {
        let (scenario, variant) = self
            .events
            .iter()
            .find_map(|e| match &e.kind {
                EventKind::RunStarted {
                    scenario, variant, ..
                } => Some((scenario.clone(), variant.clone())),
                _ => None,
            })
            .unwrap_or_default();
        let (source, params) = self
            .events
            .iter()
            .find_map(|e| match &e.kind {
                EventKind::Recipe { source, params } => Some((source.clone(), params.clone())),
                _ => None,
            })
            .unwrap_or((scenario, Default::default()));
        (source, variant, params.into_iter().collect())
    }

    /// The plan of the recorded run, built again from its scenario.
    pub fn plan(&self) -> Result<Plan, String> {
        let (source, variant, sets) = self.origin();
        if source.is_empty() {
            return Err("the recording has no run_started line".into());
        }
        let loaded = crate::scenario::load(&source).map_err(|e| e.to_string())?;
        loaded
            .plan(variant.as_deref(), &sets)
            .map_err(|e| e.to_string())
    }

    /// Whether the log is whole: it ends with `run_ended`.
    pub fn is_complete(&self) -> bool {
        matches!(
            self.events.last().map(|e| &e.kind),
            Some(EventKind::RunEnded { .. })
        )
    }
}

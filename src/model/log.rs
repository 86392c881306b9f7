//! The log pane's lines: what actors printed, and the lifecycle in words.

use super::history::History;

/// What kind of line it is, so the view can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    /// The actor's own output.
    Print,
    /// A lifecycle fact (started, exited, reaped, adopted…).
    Lifecycle,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub t_us: u64,
    pub actor: String,
    pub kind: LogKind,
    pub text: String,
    /// The Chinese wording of a lifecycle line (prints are shown as printed).
    pub zh: Option<String>,
}

impl LogLine {
    pub fn text_in(&self, lang: crate::scenario::text::Lang) -> &str {
        match (lang, &self.zh) {
            (crate::scenario::text::Lang::Zh, Some(zh)) => zh,
            _ => &self.text,
        }
    }
}

/// Lines in arrival order.
#[derive(Debug, Clone, Default)]
pub struct Log {
    lines: History<LogLine>,
}

impl Log {
    pub fn push(&mut self, t_us: u64, actor: &str, kind: LogKind, text: String) {
        self.lines.push(LogLine {
            t_us,
            actor: actor.to_string(),
            kind,
            text,
            zh: None,
        });
    }

    /// A lifecycle line in both languages.
    pub fn fact(&mut self, t_us: u64, actor: &str, en: String, zh: String) {
        self.lines.push(LogLine {
            t_us,
            actor: actor.to_string(),
            kind: LogKind::Lifecycle,
            text: en,
            zh: Some(zh),
        });
    }

    pub fn lines(&self) -> &History<LogLine> {
        &self.lines
    }

    /// The last `n` lines, for a pane that shows the tail.
    pub fn tail(&self, n: usize) -> impl Iterator<Item = &LogLine> {
        self.lines.iter_from(self.lines.len().saturating_sub(n))
    }

    pub fn prints(&self) -> impl Iterator<Item = &LogLine> {
        self.lines.iter().filter(|l| l.kind == LogKind::Print)
    }
}

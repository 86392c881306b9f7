//! Where an uncaught exception was raised, read from Python's traceback on
//! stderr (told as `stderr: …` prints): the innermost line of the learner's
//! file above the exception's last line.

/// The traceback being read, and the exceptions read lately.
#[derive(Debug, Clone, Default)]
pub(crate) struct Traces {
    /// The learner's file name (`homework.py`), from the `recipe` event.
    file: Option<String>,
    /// The learner's line of the latest `File "…", line N` of this traceback.
    line: Option<u32>,
    /// Exception lines read lately, with their line: (`ValueError: x`, 5).
    recent: Vec<(String, u32)>,
}

const KEPT: usize = 16;

impl Traces {
    pub fn source(&mut self, path: &str) {
        self.file = path.rsplit('/').next().map(String::from);
    }

    /// Read one stderr line; returns an exception line and where it was raised.
    pub fn read(&mut self, text: &str) -> Option<(String, u32)> {
        let line = text.strip_prefix("stderr: ")?;
        if line.starts_with("Traceback (most recent call last)") {
            self.line = None;
            return None;
        }
        if let Some(n) = self.frame_line(line) {
            self.line = Some(n);
            return None;
        }
        if line.starts_with(char::is_whitespace) || line.is_empty() {
            return None;
        }
        let n = self.line.take()?;
        let found = (line.trim_end().to_string(), n);
        self.recent.push(found.clone());
        if self.recent.len() > KEPT {
            self.recent.remove(0);
        }
        Some(found)
    }

    /// `  File "/home/me/homework.py", line 5, in worker` → 5, for the learner's file.
    fn frame_line(&self, line: &str) -> Option<u32> {
        let rest = line.trim_start().strip_prefix("File \"")?;
        let (path, rest) = rest.split_once('"')?;
        let file = self.file.as_deref()?;
        if path.rsplit('/').next() != Some(file) {
            return None;
        }
        let n = rest.strip_prefix(", line ")?;
        n.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
    }

    /// Where an exception told as `error` was raised, if its traceback came first.
    pub fn raised(&self, error: &str) -> Option<u32> {
        let e = error.trim_end();
        self.recent.iter().rev().find(|(t, _)| t == e).map(|r| r.1)
    }
}

#[cfg(test)]
mod tests {
    use super::Traces;

    #[test]
    fn the_innermost_line_of_the_learners_file_is_where_it_was_raised() {
        let mut t = Traces::default();
        t.source("/home/me/homework.py");
        let lines = [
            "stderr: Exception in thread reader:",
            "stderr: Traceback (most recent call last):",
            "stderr:   File \"/usr/lib/python3.11/threading.py\", line 1045, in _bootstrap_inner",
            "stderr:   File \"/home/me/homework.py\", line 9, in main",
            "stderr:   File \"/home/me/homework.py\", line 5, in bad",
            "stderr:     raise ValueError(\"bad input 42\")",
            "stderr:   File \"/usr/lib/python3.11/x.py\", line 3, in y",
        ];
        for l in lines {
            assert_eq!(t.read(l), None, "{l}");
        }
        let got = t.read("stderr: ValueError: bad input 42");
        assert_eq!(got, Some(("ValueError: bad input 42".to_string(), 5)));
        assert_eq!(t.raised("ValueError: bad input 42"), Some(5));
        assert_eq!(t.raised("KeyError: 1"), None);
        // A print that is not stderr, or a line without a traceback, is nothing.
        assert_eq!(t.read("hello"), None);
        assert_eq!(t.read("stderr: warning: x"), None);
    }
}

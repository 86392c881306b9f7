//! conlab's own screens, read through the pty: the picker's list and selection.

use std::time::Duration;

use super::{highlighted, keys, Pty};

/// The built-in lessons as `conlab list` gives them: (id, English title).
pub fn lessons() -> Vec<(String, String)> {
    let out = std::process::Command::new(super::BIN)
        .arg("list")
        .output()
        .expect("run conlab list");
    assert!(out.status.success(), "conlab list failed");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let (id, title) = line.split_once(char::is_whitespace)?;
            let english = title.trim().split(" / ").next()?;
            Some((id.to_string(), english.to_string()))
        })
        .collect()
}

/// Whether `line` names `id` as a word of its own (not `deadlock` in `deadlock-rlock`).
pub fn names(line: &str, id: &str) -> bool {
    line.split(|c: char| c.is_whitespace() || c == '▸' || c == '│')
        .any(|word| word == id)
}

impl Pty {
    /// Wait (bounded) until a run is under way below the UI (its host and at
    /// least one actor); returns those processes.
    pub fn wait_run_going(&self, limit: Duration) -> Vec<i32> {
        let began = std::time::Instant::now();
        loop {
            let run = conlab::runtime::observer::descendants(self.pid());
            if run.len() >= 2 {
                return run;
            }
            assert!(
                began.elapsed() < limit,
                "no run under way below the UI: {run:?}\n{}",
                self.screen()
            );
            // Re-read /proc after the next frame, or soon.
            self.poll_until(Duration::from_millis(20), |_| false);
        }
    }

    /// In the picker, move the selection down (bounded) until `id` is the
    /// highlighted entry, whatever order or grouping the list has.
    pub fn pick(&self, id: &str) {
        let picked = |lines: &[String]| lines.iter().any(|l| names(l, id));
        for _ in 0..lessons().len() {
            let before = self.highlighted_lines();
            if picked(&before) {
                return;
            }
            self.send(keys::DOWN);
            self.wait_screen("the selection moves", Duration::from_secs(10), |s| {
                highlighted(s) != before
            });
        }
        let now = self.highlighted_lines();
        assert!(picked(&now), "{id} never got selected:\n{}", self.screen());
    }
}

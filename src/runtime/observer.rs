//! Reads /proc for every process of the run and reports what the OS says:
//! state letters (R, S, D, Z, T) and changes of parent (adoption).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossbeam_channel::Receiver;

use crate::event::EventKind;

/// How often /proc is read.
pub const PERIOD: Duration = Duration::from_millis(5);

/// What the observer last saw of one process.
#[derive(Debug, Clone)]
struct Seen {
    actor: String,
    state: Option<char>,
    ppid: Option<i32>,
}

/// The processes to watch, shared with the host's event hub.
#[derive(Debug, Clone, Default)]
pub struct Watchlist {
    inner: Arc<Mutex<BTreeMap<i32, Seen>>>,
}

impl Watchlist {
    pub fn watch(&self, pid: i32, actor: &str) {
        let seen = Seen {
            actor: actor.to_string(),
            state: None,
            ppid: None,
        };
        self.inner.lock().unwrap().entry(pid).or_insert(seen);
    }

    /// Stop watching (it was reaped: its pid may be reused).
    pub fn forget(&self, pid: i32) {
        self.inner.lock().unwrap().remove(&pid);
    }

    pub fn actor(&self, pid: i32) -> Option<String> {
        self.inner
            .lock()
            .unwrap()
            .get(&pid)
            .map(|s| s.actor.clone())
    }

    pub fn pids(&self) -> Vec<i32> {
        self.inner.lock().unwrap().keys().copied().collect()
    }
}

/// One observation, for the hub to turn into an event.
pub struct Observed {
    pub actor: String,
    pub pid: i32,
    pub kind: EventKind,
}

/// Read (state, ppid) of a process from /proc/PID/stat.
pub fn read_stat(pid: i32) -> Option<(char, i32)> {
    let stat = procfs::process::Process::new(pid).ok()?.stat().ok()?;
    Some((stat.state, stat.ppid))
}

/// Poll until `stop` disconnects.
pub fn run(list: Watchlist, mut out: impl FnMut(Observed) -> bool, stop: Receiver<()>) {
    loop {
        for pid in list.pids() {
            let Some((state, ppid)) = read_stat(pid) else {
                continue;
            };
            for observed in diff(&list, pid, state, ppid) {
                if !out(observed) {
                    return;
                }
            }
        }
        match stop.recv_timeout(PERIOD) {
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => {}
            _ => return,
        }
    }
}

/// Compare with the last sighting and record this one.
fn diff(list: &Watchlist, pid: i32, state: char, ppid: i32) -> Vec<Observed> {
    let mut map = list.inner.lock().unwrap();
    let Some(seen) = map.get_mut(&pid) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if seen.state != Some(state) {
        seen.state = Some(state);
        out.push(Observed {
            actor: seen.actor.clone(),
            pid,
            kind: EventKind::ProcState {
                state: state.to_string(),
            },
        });
    }
    match seen.ppid {
        Some(old) if old != ppid && ppid != 0 => {
            seen.ppid = Some(ppid);
            out.push(Observed {
                actor: seen.actor.clone(),
                pid,
                kind: EventKind::Reparented {
                    ppid,
                    from: Some(old),
                },
            });
        }
        None => seen.ppid = Some(ppid),
        _ => {}
    }
    out
}

/// Every living descendant of `root`, read from /proc/PID/task/TID/children.
pub fn descendants(root: i32) -> Vec<i32> {
    let mut out = Vec::new();
    let mut todo = vec![root];
    while let Some(pid) = todo.pop() {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
            continue;
        };
        for task in tasks.flatten() {
            let path = task.path().join("children");
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            for child in text
                .split_whitespace()
                .filter_map(|s| s.parse::<i32>().ok())
            {
                if !out.contains(&child) {
                    out.push(child);
                    todo.push(child);
                }
            }
        }
    }
    out
}

//! Which processes the app left: read from /proc, nothing installed.

use std::fs;

/// The session of a process, from /proc/PID/stat.
fn session_of(pid: i32) -> Option<i32> {
    let text = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces and parentheses: fields follow the last ')'.
    let rest = &text[text.rfind(')')? + 2..];
    let mut fields = rest.split_whitespace();
    // state, ppid, pgrp, session
    fields.nth(3)?.parse().ok()
}

fn all_pids() -> Vec<i32> {
    let Ok(dir) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect()
}

/// Every process (alive or a zombie) in the session `sid`: the app started
/// in the pty leads its own session, and all it starts stays in it (the run's
/// processes change group, never session).
pub fn session(sid: i32) -> Vec<i32> {
    all_pids()
        .into_iter()
        .filter(|&p| session_of(p) == Some(sid))
        .collect()
}

/// Whether `pid` is still in /proc (alive, or a zombie nobody reaped).
pub fn alive(pid: i32) -> bool {
    fs::metadata(format!("/proc/{pid}")).is_ok()
}

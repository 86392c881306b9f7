//! Idle UI CPU: the release `conlab` in a pseudo-terminal (the TUI tests' own
//! pty, `tests/pty`), its CPU time read from /proc over a few seconds while
//! (1) a lesson runs live (the baseline, drawn at its frame rate), (2) the
//! same run is paused, (3) a short lesson has ended. Printed as CPU % of one
//! core and as a ratio to the live run. Target: idle (paused, ended) < 1 %.
//!
//! CPU time is the sum of the UI's threads' `/proc/PID/task/*/schedstat`
//! (nanoseconds on CPU); where that is missing, utime + stime of
//! `/proc/PID/stat` (clock ticks). Only the UI process is counted: the run's
//! host and actors are its children and do the lesson's own work.
//!
//! Run: `cargo bench --bench idle [-- --quick] [-- --guard]`.

#[path = "support/mod.rs"]
mod support;

#[path = "../tests/pty/mod.rs"]
mod pty;

use std::time::{Duration, Instant};

use pty::Pty;
use support::{Flags, Guard};

/// The most CPU an idle UI may use, in % of one core.
const IDLE_TARGET_PCT: f64 = 1.0;
/// A generous bound on any wait for the app's screen.
const LIMIT: Duration = Duration::from_secs(30);
/// After the screen shows a state, the time its last frames may take.
const SETTLE: Duration = Duration::from_millis(500);

/// CPU time `pid` has used so far (all its threads).
fn cpu_time(pid: i32) -> Duration {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task"));
    let from_schedstat: Option<u64> = tasks.ok().and_then(|dir| {
        dir.map(|t| {
            let path = t.ok()?.path().join("schedstat");
            let text = std::fs::read_to_string(path).ok()?;
            text.split_whitespace().next()?.parse::<u64>().ok()
        })
        .sum()
    });
    if let Some(ns) = from_schedstat {
        return Duration::from_nanos(ns);
    }
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("read /proc/PID/stat");
    // Fields after the command (which may hold spaces) and its closing paren.
    let rest = &stat[stat.rfind(')').expect("stat has a command") + 2..];
    let f: Vec<u64> = rest.split(' ').map(|x| x.parse().unwrap_or(0)).collect();
    let ticks = f[11] + f[12]; // utime, stime: fields 14 and 15 of the line
                               // SAFETY: sysconf only reads a configuration value.
    let hz = match unsafe { libc::sysconf(libc::_SC_CLK_TCK) } {
        n if n > 0 => n as u64,
        _ => 100,
    };
    Duration::from_secs_f64(ticks as f64 / hz as f64)
}

/// The UI's CPU use over `span`, in % of one core.
fn cpu_pct(app: &Pty, span: Duration) -> f64 {
    let (cpu0, t0) = (cpu_time(app.pid()), Instant::now());
    // Sleep-free wait: the pty's reader wakes this on output, and nothing here
    // depends on output; `poll_until` with a never-true predicate is a bounded wait.
    app.poll_until(span, |_| false);
    let (cpu1, t1) = (cpu_time(app.pid()), Instant::now());
    100.0 * (cpu1 - cpu0).as_secs_f64() / (t1 - t0).as_secs_f64()
}

fn main() {
    if Flags::listing() {
        return;
    }
    let flags = Flags::parse();
    let mut guard = Guard::new("idle");
    let span = if flags.quick {
        Duration::from_secs(1)
    } else {
        Duration::from_secs(3)
    };

    // A run that stays live well past the measurement: zombie at quarter speed.
    let app = Pty::start("run zombie --speed 0.25", 120, 40);
    app.wait_for("RUNNING", LIMIT);
    app.wait_run_going(LIMIT);
    let live = cpu_pct(&app, span);
    app.send(" ");
    app.wait_for("PAUSED", LIMIT);
    app.poll_until(SETTLE, |_| false);
    let paused = cpu_pct(&app, span);
    drop(app);

    // A short run, left on screen after it ended.
    let app = Pty::start("run thread-race", 120, 40);
    app.wait_for("ENDED", LIMIT);
    app.poll_until(SETTLE, |_| false);
    let ended = cpu_pct(&app, span);
    drop(app);

    println!(
        "UI CPU over {:.0} s, % of one core (120x40, release binary in a pty)",
        span.as_secs_f64()
    );
    println!("  live run (baseline): {live:>6.2} %");
    for (what, pct) in [("paused", paused), ("ended", ended)] {
        println!(
            "  {what:<7} idle:        {pct:>6.2} %  ({:.3} of live; target < {IDLE_TARGET_PCT} %)",
            pct / live.max(1e-9)
        );
        // Score: the allowed CPU over the measured (1.0 = on target).
        guard.score(
            &format!("idle CPU while {what}"),
            IDLE_TARGET_PCT / pct.max(1e-6),
        );
    }
    guard.finish(&flags);
}

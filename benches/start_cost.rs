//! Start cost beside Python's, measured in the same run on the same machine:
//! from `start()` being called to the new actor's first line of code, for a
//! process (Python: the fork start method, Linux's default) and for a thread.
//! The lab's figure is `started − spawned` from a headless run's event log;
//! Python's is the child's `time.monotonic()` at its first line minus the
//! parent's just before `start()` (both CLOCK_MONOTONIC). Printed as medians
//! and the ratio lab / Python. Needs `python3`; says so and stops without it.
//!
//! Run: `cargo bench --bench start_cost` (`-- --quick`: fewer starts;
//! `-- --guard`: exit 1 when a ratio is past twice its target, i.e. a
//! process start over 2.0x Python's or a thread start over 4.0x).

use std::io::Write;
use std::process::Command;

use conlab::event::{Event, EventKind};

/// Starts of each kind measured, in a full run and with `--quick`.
const FULL: usize = 24;
const QUICK: usize = 8;

/// Targets from design.md (lab / Python at most); `--guard` fails at twice these.
const PROCESS_TARGET: f64 = 1.0;
const THREAD_TARGET: f64 = 2.0;

/// The scenario, for `{n}` children of each kind.
const SCENARIO: &str = r#"
id = "start-cost"
title = { en = "start cost", zh = "启动开销" }
summary = { en = "start children one by one", zh = "逐个启动子进程和线程" }
max_seconds = 60

[[actors]]
name = "main"
kind = "process"
script = [ { each = "p*", do = [ { start = "{it}" }, { join = "{it}" } ] },
           { each = "t*", do = [ { start = "{it}" }, { join = "{it}" } ] } ]

[[actors]]
name = "p{i}"
count = {n}
kind = "process"
parent = "main"
script = [ { print = "hi" } ]

[[actors]]
name = "t{i}"
count = {n}
kind = "thread"
parent = "main"
script = [ { print = "hi" } ]
"#;

const PYTHON: &str = r#"
import sys, threading, time
import multiprocessing as mp

def first(q):
    q.put(time.monotonic())

def measure(kind, n):
    out = []
    for _ in range(n):
        if kind == "process":
            q = mp.SimpleQueue()
            p = mp.get_context("fork").Process(target=first, args=(q,))
            t0 = time.monotonic(); p.start()
            t1 = q.get(); p.join()
        else:
            box = []
            t = threading.Thread(target=lambda: box.append(time.monotonic()))
            t0 = time.monotonic(); t.start(); t.join()
            t1 = box[0]
        out.append((t1 - t0) * 1e6)
    return out

if __name__ == "__main__":
    for kind in ("process", "thread"):
        print(kind, " ".join(f"{x:.1f}" for x in measure(kind, int(sys.argv[1]))))
"#;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Python's start costs in µs: (process, thread).
fn python(n: usize) -> Option<(Vec<f64>, Vec<f64>)> {
    let dir = std::env::temp_dir().join(format!("conlab-startcost-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let script = dir.join("start_cost.py");
    std::fs::write(&script, PYTHON).ok()?;
    let out = Command::new("python3")
        .arg(&script)
        .arg(n.to_string())
        .output()
        .ok()?;
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&out.stdout);
    let row = |kind: &str| -> Vec<f64> {
        text.lines()
            .find_map(|l| l.strip_prefix(kind))
            .map(|r| {
                r.split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect()
            })
            .unwrap_or_default()
    };
    let (p, t) = (row("process "), row("thread "));
    (!p.is_empty() && !t.is_empty()).then_some((p, t))
}

/// The lab's start costs in µs from a headless run: (process, thread).
fn lab(n: usize) -> (Vec<f64>, Vec<f64>) {
    let dir = std::env::temp_dir().join(format!("conlab-startcost-lab-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("start-cost.toml");
    std::fs::File::create(&file)
        .and_then(|mut f| f.write_all(SCENARIO.replace("{n}", &n.to_string()).as_bytes()))
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_conlab"))
        .args(["run", file.to_str().unwrap(), "--headless"])
        .output()
        .expect("run conlab");
    let _ = std::fs::remove_dir_all(&dir);
    let events: Vec<Event> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let at = |actor: &str, started: bool| {
        events.iter().find_map(|e| match e.kind {
            EventKind::Spawned { .. } if !started && e.actor == actor => Some(e.t_us),
            EventKind::Started {} if started && e.actor == actor => Some(e.t_us),
            _ => None,
        })
    };
    let cost = |prefix: &str| -> Vec<f64> {
        (0..n)
            .filter_map(|i| {
                let name = format!("{prefix}{i}");
                Some(at(&name, true)?.saturating_sub(at(&name, false)?) as f64)
            })
            .collect()
    };
    (cost("p"), cost("t"))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let (quick, guard) = (has("--quick"), has("--guard"));
    let n = if quick { QUICK } else { FULL };
    let Some((py_proc, py_thread)) = python(n) else {
        println!("start_cost: python3 is not available here; nothing to compare with");
        return;
    };
    let (lab_proc, lab_thread) = lab(n);
    assert_eq!(lab_proc.len(), n, "every child process started");
    assert_eq!(lab_thread.len(), n, "every thread started");
    let mut failed = Vec::new();
    for (what, py, lab, target) in [
        ("process", py_proc, lab_proc, PROCESS_TARGET),
        ("thread", py_thread, lab_thread, THREAD_TARGET),
    ] {
        let (py, lab) = (median(py), median(lab));
        let ratio = lab / py;
        println!(
            "start cost, {what}: lab {lab:.0} µs, Python {py:.0} µs (median of {n}); \
             ratio lab/Python {ratio:.2}, target at most {target:.1} (design.md)"
        );
        if ratio > 2.0 * target {
            failed.push(format!(
                "{what} start {ratio:.2}x Python's is past twice its target ({:.1}x)",
                2.0 * target
            ));
        }
    }
    if guard && !failed.is_empty() {
        eprintln!("start_cost guard failed: {}", failed.join("; "));
        std::process::exit(1);
    }
}

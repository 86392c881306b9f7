//! Ctrl-C during `conlab explore`: it stops, kills and reaps every run it
//! started, prints what it found so far (marked PARTIAL) and exits 1.
//!
//! This test binary makes itself a child subreaper: whatever explore left
//! behind would be re-parented to it, and is looked for.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::sys::wait::{waitpid, WaitPidFlag};
use nix::unistd::Pid;

fn exists(pid: i32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// Reap what comes to us; true once none of `pids` exists (bounded).
fn all_gone(pids: &[i32], limit: Duration) -> bool {
    let began = Instant::now();
    while began.elapsed() < limit {
        while let Ok(status) = waitpid(None::<Pid>, Some(WaitPidFlag::WNOHANG)) {
            if status.pid().is_none() {
                break;
            }
        }
        if pids.iter().all(|p| !exists(*p)) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn ctrl_c_stops_explore_leaves_nothing_and_prints_what_it_found() {
    nix::sys::prctl::set_child_subreaper(true).unwrap();
    // Three buyers: far more interleavings than the seconds this test waits.
    let mut child = Command::new(common::BIN)
        .args([
            "--lang",
            "en",
            "explore",
            "ticket-grab",
            "--set",
            "buyers=3",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start conlab explore");
    let pid = child.id() as i32;
    let (tx, rx) = crossbeam_channel::unbounded::<String>();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        out.read_to_string(&mut s).ok();
        s
    });
    // The bound is said up front, before the first progress line.
    let first = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("a first line");
    assert!(first.contains("bound of 2 preemptions"), "{first}");
    rx.recv_timeout(Duration::from_secs(60)).expect("progress");
    // Catch it with runs under way: some processes below explore.
    let began = Instant::now();
    let mut below = Vec::new();
    while below.is_empty() && began.elapsed() < Duration::from_secs(20) {
        below = conlab::runtime::observer::descendants(pid);
    }
    assert!(!below.is_empty(), "no run under way");
    kill(Pid::from_raw(pid), Signal::SIGINT).unwrap();
    let began = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            began.elapsed() < Duration::from_secs(30),
            "explore did not stop"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(1));
    let stdout = reader.join().unwrap();
    assert!(stdout.contains("PARTIAL"), "{stdout}");
    assert!(stdout.contains("conlab run ticket-grab"), "{stdout}");
    let rest: Vec<String> = rx.try_iter().collect();
    assert!(
        rest.iter().any(|l| l.contains("stopped by Ctrl-C")),
        "{rest:?}"
    );
    assert!(
        all_gone(&below, Duration::from_secs(8)),
        "processes of explore's runs survived: {:?}",
        below.iter().filter(|p| exists(**p)).collect::<Vec<_>>()
    );
}

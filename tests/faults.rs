//! Faults: a scenario host killed mid-run is reported, and leaves nothing
//! behind (no process of its group, no run directory, no named semaphore, no
//! zombie host); leftovers of dead hosts are swept, only theirs; a bad TMPDIR
//! is named in the error.

mod common;

use std::ffi::CString;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use conlab::event::{Event, EventKind, Outcome};
use conlab::runtime::launch::{RunHandle, RunRequest};
use conlab::runtime::shared_os::PosixSem;
use nix::errno::Errno;
use nix::sys::signal::{kill, Signal};
use nix::sys::wait::{waitpid, WaitPidFlag};
use nix::unistd::Pid;

const SCENARIO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/faults.toml");
const LIMIT: Duration = Duration::from_secs(20);

fn tmp_base() -> PathBuf {
    match std::env::var_os("TMPDIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from("/tmp"),
    }
}

/// Names in `dir` that start with `prefix`.
fn names_with(dir: &str, prefix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(prefix))
                .collect()
        })
        .unwrap_or_default()
}

fn run_dirs_of(host: i32) -> Vec<String> {
    names_with(tmp_base().to_str().unwrap(), &format!("conlab-{host}-"))
}

fn sems_of(host: i32) -> Vec<String> {
    names_with("/dev/shm", &format!("sem.conlab-{host}-"))
}

/// Pids (zombies too) whose process group is `pgid`.
fn group_of(pgid: i32) -> Vec<i32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
            after.split_whitespace().nth(2) == Some(&pgid.to_string())
        })
        .collect()
}

fn start_faults_run() -> RunHandle {
    let plan = conlab::scenario::load(SCENARIO)
        .unwrap()
        .plan(None, &[])
        .unwrap();
    RunHandle::start_with(common::BIN.as_ref(), RunRequest::new(plan, 1, 1.0)).unwrap()
}

/// Events until the leaf prints "ready" (every process and OS object exists).
fn until_ready(run: &RunHandle) -> Vec<Event> {
    let deadline = Instant::now() + LIMIT;
    let mut events = Vec::new();
    loop {
        let e = run.events().recv_deadline(deadline).expect("ready in time");
        let ready = e.kind
            == EventKind::Print {
                text: "ready".into(),
            };
        events.push(e);
        if ready {
            return events;
        }
    }
}

/// The events left, up to the channel's end (which comes once the host is
/// reaped and its stderr closed), within LIMIT.
fn drain(run: &RunHandle) -> Vec<Event> {
    let deadline = Instant::now() + LIMIT;
    let mut rest = Vec::new();
    loop {
        match run.events().recv_deadline(deadline) {
            Ok(e) => rest.push(e),
            Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return rest,
            Err(_) => panic!("the run's channel did not close in time"),
        }
    }
}

fn wait_bounded(child: &mut std::process::Child) -> std::process::ExitStatus {
    let began = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if began.elapsed() > LIMIT {
            child.kill().ok();
            child.wait().ok();
            panic!("conlab did not finish in time");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// No process of the host's group (zombies included), no run directory, no
/// semaphore, and the host itself reaped (no `<defunct>` child of ours).
fn assert_nothing_left(host: i32) {
    assert_eq!(group_of(host), Vec::<i32>::new(), "processes left");
    assert_eq!(run_dirs_of(host), Vec::<String>::new(), "run dir left");
    assert_eq!(sems_of(host), Vec::<String>::new(), "semaphores left");
    assert_eq!(
        waitpid(Pid::from_raw(host), Some(WaitPidFlag::WNOHANG)),
        Err(Errno::ECHILD),
        "the host was reaped: no <defunct> child left"
    );
}

#[test]
fn a_killed_host_is_reported_and_leaves_nothing_behind() {
    let run = start_faults_run();
    let host = run.host_pid();
    let before = until_ready(&run);
    assert_eq!(before[0].pid, host, "run_started comes from the host");
    let group = group_of(host);
    assert!(
        group.len() >= 5,
        "host, manager, main, mid, leaf: {group:?}"
    );
    assert_eq!(run_dirs_of(host).len(), 1, "the run directory exists");
    assert_eq!(
        sems_of(host).len(),
        5,
        "rooms, the queue's two semaphores and the two start counters"
    );

    let killed_at = Instant::now();
    kill(Pid::from_raw(host), Signal::SIGKILL).unwrap();
    let deadline = killed_at + LIMIT;
    let mut killed = Vec::new();
    let (outcome, reason) = loop {
        let e = run.events().recv_deadline(deadline).expect("run_ended");
        match e.kind {
            EventKind::RunEnded { outcome, reason } => break (outcome, reason),
            EventKind::Exited {
                signal: Some(s), ..
            } if s == "SIGKILL" => killed.push(e.actor),
            _ => {}
        }
    };
    killed.sort();
    assert_eq!(killed, ["leaf", "main", "manager", "mid"], "told killed");
    let noticed = killed_at.elapsed();
    eprintln!("host death noticed after {} ms", noticed.as_millis());
    assert_eq!(outcome, Outcome::HostDied);
    let reason = reason.expect("a reason");
    assert!(reason.contains("signal 9 (SIGKILL)"), "{reason}");
    assert!(
        noticed < Duration::from_secs(3),
        "noticed after {noticed:?}"
    );
    // Everything was done before run_ended was sent: nothing to wait for.
    assert_nothing_left(host);
    let rest = drain(&run);
    assert!(
        !rest
            .iter()
            .any(|e| matches!(e.kind, EventKind::RunEnded { .. })),
        "one run_ended only"
    );
}

/// Killed at seeded random moments from its first instant on (while it makes
/// its run directory, semaphores, manager, first worker…): always reported,
/// never anything left.
#[test]
fn a_host_killed_at_any_moment_leaves_nothing_behind() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    let kills: usize = std::env::var("CONLAB_FAULT_KILLS").map_or(12, |v| v.parse().unwrap());
    for _ in 0..kills {
        let run = start_faults_run();
        let host = run.host_pid();
        std::thread::sleep(Duration::from_micros(rng.gen_range(0..150_000)));
        kill(Pid::from_raw(host), Signal::SIGKILL).unwrap();
        let rest = drain(&run);
        let outcome = rest.iter().find_map(|e| match &e.kind {
            EventKind::RunEnded { outcome, .. } => Some(*outcome),
            _ => None,
        });
        assert_eq!(outcome, Some(Outcome::HostDied));
        assert_nothing_left(host);
    }
}

#[test]
fn a_host_that_ends_normally_is_reaped_without_being_asked() {
    let plan = conlab::scenario::load("threads-basics")
        .unwrap()
        .plan(None, &[])
        .unwrap();
    let run = RunHandle::start_with(common::BIN.as_ref(), RunRequest::new(plan, 1, 8.0)).unwrap();
    let host = run.host_pid();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut outcome = None;
    // Drain to the end: the channel closes only after the host is reaped.
    while let Ok(e) = run.events().recv_deadline(deadline) {
        if let EventKind::RunEnded { outcome: o, .. } = e.kind {
            outcome = Some(o);
        }
    }
    assert_eq!(outcome, Some(Outcome::Completed));
    assert_eq!(
        waitpid(Pid::from_raw(host), Some(WaitPidFlag::WNOHANG)),
        Err(Errno::ECHILD),
        "the ended host is no <defunct> child while its handle lives on"
    );
    drop(run);
}

/// A pid that no process has now: a child that has run and been reaped.
fn dead_pid() -> i32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id() as i32;
    child.wait().unwrap();
    pid
}

#[test]
fn the_sweep_removes_only_what_dead_hosts_of_ours_left() {
    let (dead, live) = (dead_pid(), std::process::id() as i32);
    let base = tmp_base();
    let dir = |pid: i32, tail: &str| base.join(format!("conlab-{pid}-{tail}"));
    let (dead_dir, live_dir, odd_dir) = (dir(dead, "77"), dir(live, "77"), dir(dead, "77x"));
    let link = dir(dead, "78");
    for d in [&dead_dir, &live_dir, &odd_dir] {
        std::fs::create_dir_all(d.join("inside")).unwrap();
    }
    std::os::unix::fs::symlink(&live_dir, &link).unwrap();
    let sem = |pid: i32| CString::new(format!("/conlab-{pid}-77-rooms")).unwrap();
    let (dead_sem, live_sem) = (sem(dead), sem(live));
    let _made = [&dead_sem, &live_sem].map(|n| PosixSem::create(n, 1).unwrap());

    let mut run = start_faults_run();
    run.stop();

    assert!(!dead_dir.exists(), "a dead host's run directory is swept");
    assert!(sems_of(dead).is_empty(), "a dead host's semaphore is swept");
    assert!(live_dir.join("inside").exists(), "a live host's is kept");
    assert_eq!(sems_of(live).len(), 1, "a live host's semaphore is kept");
    assert!(odd_dir.exists(), "a name off the pattern is not touched");
    assert!(
        std::fs::symlink_metadata(&link).is_ok(),
        "a symlink is neither followed nor removed"
    );
    std::fs::remove_file(&link).unwrap();
    std::fs::remove_dir_all(&live_dir).unwrap();
    std::fs::remove_dir_all(&odd_dir).unwrap();
    PosixSem::unlink(&live_sem);
}

/// `conlab ARGS` with TMPDIR set, bounded in time: (exit code, stderr).
fn with_tmpdir(tmpdir: &str, args: &[&str]) -> (i32, String) {
    let mut child = Command::new(common::BIN)
        .args(args)
        .env("TMPDIR", tmpdir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).ok();
        s
    });
    let status = wait_bounded(&mut child);
    (status.code().unwrap_or(-1), reader.join().unwrap())
}

#[test]
fn a_bad_tmpdir_is_named_and_a_long_one_refused() {
    let args = ["run", "deadlock", "--headless"];
    let (code, err) = with_tmpdir("/nope/conlab", &args);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("TMPDIR=/nope/conlab: no such directory"),
        "{err}"
    );

    let file = tmp_base().join(format!("conlab-faults-file-{}", std::process::id()));
    std::fs::write(&file, "").unwrap();
    let (code, err) = with_tmpdir(file.to_str().unwrap(), &args);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a directory"), "{err}");
    std::fs::remove_file(&file).unwrap();

    let long = tmp_base().join(format!(
        "conlab-faults-{}-{}",
        std::process::id(),
        "x".repeat(70)
    ));
    std::fs::create_dir_all(&long).unwrap();
    let (code, err) = with_tmpdir(long.to_str().unwrap(), &args);
    std::fs::remove_dir_all(&long).unwrap();
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("TMPDIR={}", long.display())) && err.contains("sun_path"),
        "{err}"
    );
    assert!(err.contains("too long"), "{err}");
}

#[test]
fn headless_reports_a_killed_host_and_records_it() {
    let record = tmp_base().join(format!("conlab-faults-{}.jsonl", std::process::id()));
    let mut ui = Command::new(common::BIN)
        .args(["run", SCENARIO, "--headless", "--record"])
        .arg(&record)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = ui.stderr.take().unwrap();
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).ok();
        s
    });
    let (tx, rx) = crossbeam_channel::unbounded::<Event>();
    let out = ui.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(serde_json::from_str(&line).unwrap());
        }
    });
    let deadline = Instant::now() + LIMIT;
    let mut host = 0;
    loop {
        let e = rx.recv_deadline(deadline).expect("ready in time");
        if matches!(e.kind, EventKind::RunStarted { .. }) {
            host = e.pid;
        }
        if e.kind
            == (EventKind::Print {
                text: "ready".into(),
            })
        {
            break;
        }
    }
    let killed_at = Instant::now();
    kill(Pid::from_raw(host), Signal::SIGKILL).unwrap();
    let last = loop {
        let e = rx.recv_deadline(killed_at + LIMIT).expect("run_ended");
        if matches!(e.kind, EventKind::RunEnded { .. }) {
            break e;
        }
    };
    eprintln!(
        "headless noticed after {} ms",
        killed_at.elapsed().as_millis()
    );
    assert!(matches!(
        last.kind,
        EventKind::RunEnded {
            outcome: Outcome::HostDied,
            ..
        }
    ));
    let status = wait_bounded(&mut ui);
    let err = err_reader.join().unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(err.contains("killed by signal 9 (SIGKILL)"), "{err}");
    let recorded = std::fs::read_to_string(&record).unwrap();
    std::fs::remove_file(&record).ok();
    let tail: Event = serde_json::from_str(recorded.lines().last().unwrap()).unwrap();
    assert_eq!(tail, last, "the recording ends with the same run_ended");
    assert!(group_of(host).is_empty(), "processes of the run left");
    assert!(run_dirs_of(host).is_empty() && sems_of(host).is_empty());
}

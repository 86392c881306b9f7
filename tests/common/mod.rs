//! Helpers shared by the integration tests: run the real binary, bounded in time.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::fmt::Debug;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use conlab::event::{Event, EventKind, Outcome};

pub const BIN: &str = env!("CARGO_BIN_EXE_conlab");

/// What a finished command left behind.
pub struct Finished {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run `conlab ARGS`, killing it if it takes longer than `limit`.
pub fn conlab(args: &[&str], limit: Duration) -> Finished {
    conlab_env(args, &[], limit)
}

/// `conlab ARGS` with `env` added to its environment, killed (and the test
/// failed) if it takes longer than `limit`; both pipes are read while it runs.
pub fn conlab_env<S: AsRef<OsStr> + Debug>(
    args: &[S],
    env: &[(&str, &str)],
    limit: Duration,
) -> Finished {
    let mut child = Command::new(BIN)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start conlab");
    let out_reader = read_all(child.stdout.take().unwrap());
    let err_reader = read_all(child.stderr.take().unwrap());
    let began = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if began.elapsed() > limit {
            child.kill().ok();
            let _ = child.wait();
            panic!("conlab {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Finished {
        code: status.code().unwrap_or(-1),
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    }
}

/// A thread reading `r` to its end (so a full pipe never blocks the child).
fn read_all(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut s = String::new();
        r.read_to_string(&mut s).ok();
        s
    })
}

/// An event log, one JSON event a line; a line that is not one fails the test.
pub fn events(log: &str) -> Vec<Event> {
    log.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad event line {l:?}: {e}")))
        .collect()
}

/// A headless run of a built-in scenario, with its parsed event log.
pub struct Run {
    pub code: i32,
    pub stderr: String,
    pub events: Vec<Event>,
}

pub fn headless(id: &str, extra: &[&str]) -> Run {
    let mut args = vec!["run", id, "--headless"];
    args.extend_from_slice(extra);
    let f = conlab(&args, Duration::from_secs(60));
    let events = events(&f.stdout);
    Run {
        code: f.code,
        stderr: f.stderr,
        events,
    }
}

/// A headless run of `scenario`'s `variant` that must end `completed`.
pub fn completed(scenario: &str, variant: &str) -> Run {
    let run = headless(scenario, &["--variant", variant]);
    run.assert_ok();
    let outcome = run.events.iter().find_map(|e| match &e.kind {
        EventKind::RunEnded { outcome, .. } => Some(*outcome),
        _ => None,
    });
    assert_eq!(
        outcome,
        Some(Outcome::Completed),
        "{variant}: {}",
        run.stderr
    );
    run
}

impl Run {
    /// Every actor's prints, in log order.
    pub fn all_prints(&self) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Print { text } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    pub fn assert_ok(&self) {
        assert_eq!(self.code, 0, "headless run failed:\n{}", self.stderr);
        assert!(
            matches!(
                self.events.last().map(|e| &e.kind),
                Some(EventKind::RunEnded { .. })
            ),
            "the log ends with run_ended"
        );
    }

    pub fn host_pid(&self) -> i32 {
        self.events
            .iter()
            .find(|e| matches!(e.kind, EventKind::RunStarted { .. }))
            .expect("run_started")
            .pid
    }

    pub fn pid_of(&self, actor: &str) -> i32 {
        self.events
            .iter()
            .find(|e| e.actor == actor && matches!(e.kind, EventKind::Spawned { .. }))
            .unwrap_or_else(|| panic!("{actor} was spawned"))
            .pid
    }

    /// Index and event of the first match.
    pub fn find(&self, pred: impl Fn(&Event) -> bool) -> Option<(usize, &Event)> {
        self.events.iter().enumerate().find(|(_, e)| pred(e))
    }

    pub fn of<'a>(&'a self, actor: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.events.iter().filter(move |e| e.actor == actor)
    }

    pub fn prints(&self, actor: &str) -> Vec<String> {
        self.of(actor)
            .filter_map(|e| match &e.kind {
                EventKind::Print { text } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    /// The buyers that wrote `tickets` (ticket-grab): each took a ticket.
    pub fn takers(&self) -> usize {
        self.events
            .iter()
            .filter(|e| e.actor.starts_with("buyer"))
            .filter(|e| matches!(&e.kind, EventKind::Value { name, .. } if name == "tickets"))
            .count()
    }

    /// Time of the first event of `actor` matching `pred`.
    pub fn t(&self, actor: &str, pred: impl Fn(&EventKind) -> bool) -> u64 {
        self.of(actor)
            .find(|e| pred(&e.kind))
            .unwrap_or_else(|| panic!("no such event for {actor}"))
            .t_us
    }
}

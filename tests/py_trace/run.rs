//! Running a learner-style program under `python3 -m conlab_trace` with the
//! events going to a file (no host), bounded in time, its process group
//! killed afterwards.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use conlab::event::{Event, EventKind};

/// The interpreter: `python3`, or CONLAB_TEST_PYTHON (to try another version).
pub fn python() -> String {
    std::env::var("CONLAB_TEST_PYTHON").unwrap_or_else(|_| "python3".into())
}

pub fn python_present() -> bool {
    Command::new(python())
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Skip (with a printed reason) when python3 is missing; required in CI.
pub fn need_python() -> bool {
    if python_present() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but python3 is missing: the conlab_trace tests are required in CI"
    );
    println!("skipped: python3 is not installed (the conlab_trace tests need it)");
    false
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn program(name: &str) -> PathBuf {
    root().join("tests/py").join(name)
}

/// Says when the events so far show enough to stop the program.
pub type Stop = dyn Fn(&[Event]) -> bool;

pub struct Traced {
    pub events: Vec<Event>,
    pub stdout: String,
    pub stderr: String,
    /// None when the program was stopped (killed) by the test.
    pub code: Option<i32>,
}

impl Traced {
    pub fn of<'a>(&'a self, actor: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.events.iter().filter(move |e| e.actor == actor)
    }

    pub fn kinds(&self, name: &str) -> Vec<&Event> {
        self.events
            .iter()
            .filter(|e| e.kind.name() == name)
            .collect()
    }

    pub fn prints(&self, actor: &str) -> Vec<String> {
        self.of(actor)
            .filter_map(|e| match &e.kind {
                EventKind::Print { text } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }
}

/// Every complete line of the events file, each parsed as an Event (a line
/// that does not parse fails the test, naming it).
pub fn read_events(path: &Path) -> Vec<Event> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let complete = match text.rfind('\n') {
        Some(i) => &text[..=i],
        None => "",
    };
    complete
        .lines()
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str::<Event>(l)
                .unwrap_or_else(|e| panic!("{}:{}: not an Event ({e}): {l}", path.display(), i + 1))
        })
        .collect()
}

/// Run `python3 -m conlab_trace FILE ARGS` until it ends, `stop` says the
/// events show enough (then it is killed), or `limit` passes (a failure).
pub fn run(
    file: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    stop: Option<&Stop>,
    limit: Duration,
) -> Traced {
    let dir = std::env::temp_dir().join(format!(
        "conlab-pytrace-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let events = dir.join("events.jsonl");
    let mut cmd = Command::new(python());
    cmd.arg("-X")
        .arg("utf8")
        .arg("-m")
        .arg("conlab_trace")
        .arg(file)
        .args(args)
        .env("PYTHONPATH", root().join("assets/py"))
        .env("PYTHONUNBUFFERED", "1")
        .env("CONLAB_PY_EVENTS", &events)
        .env_remove("CONLAB_PY_SOCK")
        .env_remove("CONLAB_T0_NS")
        .env_remove("CONLAB_PY_FILE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("python3 starts");
    let pgid = nix::unistd::Pid::from_raw(child.id() as i32);
    let out = reader(child.stdout.take().unwrap());
    let err = reader(child.stderr.take().unwrap());
    let began = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status.code().unwrap_or(-1));
        }
        if let Some(stop) = stop {
            if stop(&read_events(&events)) {
                break None;
            }
        }
        if began.elapsed() > limit {
            let _ = nix::sys::signal::killpg(pgid, nix::sys::signal::Signal::SIGKILL);
            let _ = child.wait();
            panic!(
                "{} did not end within {limit:?}; events so far:\n{}",
                file.display(),
                std::fs::read_to_string(&events).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // Whatever is left of the run (children, a stopped program) goes now.
    let _ = nix::sys::signal::killpg(pgid, nix::sys::signal::Signal::SIGKILL);
    let _ = child.wait();
    let traced = Traced {
        events: read_events(&events),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        code,
    };
    let _ = std::fs::remove_dir_all(&dir);
    traced
}

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn reader(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut s = String::new();
        let _ = r.read_to_string(&mut s);
        s
    })
}

/// The same program run by plain python3: (stdout, stderr, code).
pub fn plain(file: &Path, args: &[&str]) -> (String, String, i32) {
    let o = Command::new(python())
        .arg("-X")
        .arg("utf8")
        .arg(file)
        .args(args)
        .env("PYTHONUNBUFFERED", "1")
        .stdin(Stdio::null())
        .output()
        .expect("python3 runs");
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        o.status.code().unwrap_or(-1),
    )
}

/// An actor's acquires (+) and releases (-) of one lock, with their counts.
pub fn counts(t: &Traced, actor: &str, lock: &str) -> Vec<(String, Option<u32>)> {
    t.of(actor)
        .filter_map(|e| match &e.kind {
            EventKind::LockAcquired { lock: l, count } if l == lock => Some(("+".into(), *count)),
            EventKind::LockReleased { lock: l, count } if l == lock => Some(("-".into(), *count)),
            _ => None,
        })
        .collect()
}

/// The kinds of an actor's events, steps left out.
pub fn names(t: &Traced, actor: &str) -> Vec<&'static str> {
    t.of(actor)
        .map(|e| e.kind.name())
        .filter(|n| *n != "step")
        .collect()
}

//! A child process's stderr (a crashed child's traceback, its prints to
//! sys.stderr) is told under the child's own actor; the bytes on stderr stay
//! those of plain Python.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use conlab::event::{Event, EventKind};

use super::run::{need_python, plain, program, run};
use super::LIMIT;

const CHILD: [&str; 4] = [
    "stderr: child warning 7",
    "stderr: half a line, finished",
    "stderr: Process crasher:",
    "stderr: Traceback (most recent call last):",
];

fn stderr_lines<'a>(events: &'a [Event], actor: &'a str) -> Vec<&'a str> {
    events
        .iter()
        .filter(|e| e.actor == actor)
        .filter_map(|e| match &e.kind {
            EventKind::Print { text } if text.starts_with("stderr: ") => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

fn check_child(events: &[Event], method: &str) {
    let said = stderr_lines(events, "crasher");
    assert_eq!(&said[..4], &CHILD[..], "{method}: {said:?}");
    assert_eq!(said.last(), Some(&"stderr: ValueError: boom 7"), "{method}");
    assert!(
        said.iter().any(|l| l.contains("raise ValueError")),
        "{method}: the learner's line in the traceback: {said:?}"
    );
}

#[test]
fn a_crashed_childs_traceback_is_its_own_and_stderr_is_unchanged() {
    if !need_python() {
        return;
    }
    for method in ["fork", "spawn"] {
        let path = program("child_stderr.py");
        let t = run(&path, &[method], &[], None, LIMIT);
        let (out, err, code) = plain(&path, &[method]);
        assert_eq!(t.code, Some(code), "{method}: {}", t.stderr);
        assert_eq!(t.stdout, out, "{method}: stdout");
        assert_eq!(t.stderr, err, "{method}: stderr byte for byte");
        check_child(&t.events, method);
        // Without the host nobody tells the root's stderr: it is the terminal's.
        assert!(
            stderr_lines(&t.events, "MainProcess").is_empty(),
            "{method}"
        );
    }
}

/// `conlab py --headless`: the host tells the root's stderr lines, the
/// child tells its own, and no line is told twice.
#[test]
fn under_the_host_each_stderr_line_is_told_once_by_its_writer() {
    if !need_python() {
        return;
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_conlab"))
        .args(["py", "--headless"])
        .arg(program("child_stderr.py"))
        .arg("fork")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start conlab");
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        out.read_to_string(&mut s).ok();
        s
    });
    let began = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if began.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            panic!("conlab py did not end in 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let events: Vec<Event> = reader
        .join()
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    check_child(&events, "host");
    let root = stderr_lines(&events, "MainProcess");
    assert_eq!(root, ["stderr: parent: child exit code 1"], "{root:?}");
}

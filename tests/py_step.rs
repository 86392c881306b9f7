//! `conlab py`, steered: step mode and schedules hold a learner's program
//! before each instrumented operation (a lost update made on demand), and a
//! deadlock in it is broken on the learner's word (a thread's lock wait
//! raises conlab_trace.DeadlockBroken; a process is killed). A held program
//! is never left hanging when the host goes. Skipped without python3;
//! required when `CI` is set.

mod py_support;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use conlab::event::{Event, EventKind, Outcome};
use conlab::py::{lesson, PySpec};
use conlab::runtime::launch::{ControlMsg, RunHandle, RunRequest};
use conlab::scenario::text::Lang;
use py_support::{dir, ended, py, skip, until, BIN};

fn program(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// A run of `file` (with `args`) steered through the library's handle.
fn start(file: &Path, args: &[&str], tune: impl FnOnce(&mut RunRequest)) -> RunHandle {
    let text = std::fs::read_to_string(file).unwrap();
    let spec = PySpec {
        file: file.to_path_buf(),
        args: args.iter().map(|a| a.to_string()).collect(),
        cwd: file.parent().unwrap().to_path_buf(),
    };
    let plan = lesson::plan(spec, &text, Duration::from_secs(30), Lang::En);
    let mut req = RunRequest::new(plan, 1, 1.0);
    tune(&mut req);
    RunHandle::start_with(Path::new(BIN), req).unwrap()
}

/// Every event to the end of the run (bounded by the run's own time limit).
fn rest(handle: &RunHandle, seen: &mut Vec<Event>) -> Outcome {
    let e = until(handle, seen, |e| {
        matches!(e.kind, EventKind::RunEnded { .. })
    });
    match e.kind {
        EventKind::RunEnded { outcome, .. } => outcome,
        _ => unreachable!(),
    }
}

fn prints(seen: &[Event]) -> Vec<&str> {
    seen.iter()
        .filter_map(|e| match &e.kind {
            EventKind::Print { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

fn held(actor: &'static str) -> impl Fn(&Event) -> bool {
    move |e| e.actor == actor && matches!(e.kind, EventKind::Held { .. })
}

fn no_process_left(pid: i32) {
    let gone = Instant::now() + Duration::from_secs(5);
    while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < gone {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !Path::new(&format!("/proc/{pid}")).exists(),
        "process {pid} is still there"
    );
}

fn spawned_pids(seen: &[Event]) -> Vec<i32> {
    seen.iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Spawned {
                    kind: conlab::event::ActorKind::Process,
                    ..
                }
            )
        })
        .map(|e| e.pid)
        .collect()
}

#[test]
fn a_schedule_makes_the_lost_update_happen() {
    if skip() {
        return;
    }
    let file = program("py_step/lost_update.py");
    let run = py(&file, &["--headless", "--schedule", "t1,t2"], &[]);
    assert_eq!(ended(&run), Outcome::Completed, "{}", run.stderr);
    let granted: Vec<&str> = run
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Granted { .. }))
        .map(|e| e.actor.as_str())
        .collect();
    assert_eq!(granted, ["t1", "t2"]);
    let counter: Vec<&str> = run
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Print { text } if text.starts_with("counter") => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(counter, ["counter 1"], "both read 0 before either wrote");
}

#[test]
fn grants_by_hand_make_the_lost_update_happen() {
    if skip() {
        return;
    }
    let file = program("py_step/lost_update.py");
    let mut handle = start(&file, &[], |r| {
        r.gate = Some(vec!["t1".into(), "t2".into()]);
        r.then_step = true;
    });
    let mut seen = Vec::new();
    until(&handle, &mut seen, held("t1"));
    until(&handle, &mut seen, held("t2"));
    handle.send(ControlMsg::Grant("t1".into()));
    until(&handle, &mut seen, |e| {
        e.actor == "t1" && matches!(e.kind, EventKind::Exited { .. })
    });
    handle.send(ControlMsg::Grant("t2".into()));
    assert_eq!(rest(&handle, &mut seen), Outcome::Completed);
    assert!(prints(&seen).contains(&"counter 1"), "{:?}", prints(&seen));
    handle.wait();
}

#[test]
fn a_thread_deadlock_is_broken_by_raising_in_the_victim() {
    if skip() {
        return;
    }
    let file = program("py/deadlock.py");
    let mut handle = start(&file, &[], |_| {});
    let mut seen = Vec::new();
    until(&handle, &mut seen, |e| {
        matches!(e.kind, EventKind::Deadlock { .. })
    });
    handle.send(ControlMsg::Break("alice".into()));
    let broken = until(&handle, &mut seen, |e| {
        matches!(e.kind, EventKind::DeadlockBroken { .. })
    });
    assert!(
        matches!(&broken.kind, EventKind::DeadlockBroken { victim, how } if victim == "alice" && how == "unwound"),
        "{broken:?}"
    );
    assert_eq!(rest(&handle, &mut seen), Outcome::Completed);
    let said = prints(&seen);
    assert!(
        said.iter()
            .any(|t| t.contains("conlab_trace.DeadlockBroken: conlab broke a deadlock")),
        "{said:?}"
    );
    assert!(said.iter().any(|t| t.starts_with("balances")), "{said:?}");
    let bob_done = seen
        .iter()
        .any(|e| e.actor == "bob" && matches!(e.kind, EventKind::Exited { code: Some(0), .. }));
    assert!(bob_done, "bob finished his transfer");
    for pid in spawned_pids(&seen) {
        no_process_left(pid);
    }
    handle.wait();
}

#[test]
fn a_process_deadlock_is_broken_by_killing_the_victim() {
    if skip() {
        return;
    }
    let file = program("py/deadlock_procs.py");
    let mut handle = start(&file, &[], |_| {});
    let mut seen = Vec::new();
    until(&handle, &mut seen, |e| {
        matches!(e.kind, EventKind::Deadlock { .. })
    });
    handle.send(ControlMsg::Break("alice".into()));
    let broken = until(&handle, &mut seen, |e| {
        matches!(e.kind, EventKind::DeadlockBroken { .. })
    });
    let EventKind::DeadlockBroken { victim, how } = &broken.kind else {
        unreachable!()
    };
    assert_eq!(victim, "alice");
    assert!(how.starts_with("killed"), "{how}");
    let alice = until(&handle, &mut seen, |e| {
        e.actor == "alice" && matches!(e.kind, EventKind::Exited { .. })
    });
    assert!(
        matches!(&alice.kind, EventKind::Exited { signal: Some(s), .. } if s == "SIGKILL"),
        "{alice:?}"
    );
    // A multiprocessing.Lock is a semaphore the kernel does not free: bob
    // waits for ever, as in Python; he is broken too, and the run ends.
    handle.send(ControlMsg::Break("bob".into()));
    assert_eq!(rest(&handle, &mut seen), Outcome::Completed);
    for pid in spawned_pids(&seen) {
        no_process_left(pid);
    }
    handle.wait();
}

#[test]
fn a_held_program_goes_on_when_the_host_goes() {
    if skip() {
        return;
    }
    let d = dir("held-gone");
    let sock = d.join("py.sock");
    let listener = UnixListener::bind(&sock).unwrap();
    let pkg = conlab::py::package::write(&d).unwrap();
    let spec = PySpec {
        file: program("py_step/held_until_gone.py"),
        args: Vec::new(),
        cwd: d.clone(),
    };
    let mut cmd = conlab::py::start::command(&spec, &pkg, &sock, 0);
    cmd.stdout(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    listener.set_nonblocking(false).unwrap();
    let (mut stream, _) = listener.accept().unwrap();
    stream.write_all(b"{\"gate\":\"all\"}\n").unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    while !line.contains("\"event\":\"held\"") {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "no held told");
    }
    // The host goes: the held thread is let go and the program ends by itself.
    drop(reader);
    stream.shutdown(std::net::Shutdown::Both).unwrap();
    drop(stream);
    let began = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            began.elapsed() < Duration::from_secs(20),
            "the held program did not end after the host went"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    let mut out = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut out).unwrap();
    assert_eq!(out, "done\n");
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn isinstance_of_threading_lock_is_as_in_plain_python() {
    if skip() {
        return;
    }
    let file = program("py_step/isinstance_lock.py");
    let plain = std::process::Command::new("python3")
        .arg(&file)
        .output()
        .unwrap();
    let plain = String::from_utf8(plain.stdout).unwrap();
    let run = py(&file, &["--headless"], &[]);
    assert_eq!(ended(&run), Outcome::Completed, "{}", run.stderr);
    let told: Vec<&str> = run
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Print { text } if !text.starts_with("stderr:") => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(told, plain.lines().collect::<Vec<_>>());
}

#[test]
fn an_asyncio_program_steps_to_its_end_with_every_actor_held() {
    if skip() {
        return;
    }
    let file = program("py/async_sleepers.py");
    let mut handle = start(&file, &[], |r| r.step_mode = true);
    let mut seen = Vec::new();
    let mut grants = 0;
    loop {
        let e = until(&handle, &mut seen, |e| {
            matches!(e.kind, EventKind::Held { .. } | EventKind::RunEnded { .. })
        });
        if let EventKind::RunEnded { outcome, .. } = e.kind {
            assert_eq!(outcome, Outcome::Completed);
            break;
        }
        grants += 1;
        handle.send(ControlMsg::Grant(e.actor.clone()));
    }
    assert!(grants >= 3, "held {grants} times");
    let p = prints(&seen);
    assert!(p.contains(&"main: results [0.3, 0.1, 0.2]"), "{p:?}");
    handle.wait();
}

//! `conlab py FILE.py`, the host's side: the learner's program as the run's
//! root process, /proc watched, the time limit held and every process of it
//! killed and reaped. Events a module would tell are written by the programs
//! themselves on CONLAB_PY_SOCK (`TELL`), so these tests do not depend on the
//! instrumentation package. Skipped with a reason without python3; required
//! when `CI` is set.

mod py_support;

use std::path::Path;
use std::time::{Duration, Instant};

use conlab::event::EventKind;
use conlab::event::Outcome;
use py_support::{dir, ended, py, root_pid, skip, write_program, TELL};

#[test]
fn two_threads_and_a_lock_run_to_the_end() {
    if skip() {
        return;
    }
    let d = dir("lock");
    let file = write_program(
        &d,
        "counter.py",
        "import threading\nlock = threading.Lock()\nn = 0\n\
         def work():\n    global n\n    for _ in range(200):\n        with lock:\n            n += 1\n\
         ts = [threading.Thread(target=work) for _ in range(2)]\n\
         for t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nassert n == 400\n",
    );
    let run = py(&file, &["--headless"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(ended(&run), Outcome::Completed);
    let pid = root_pid(&run);
    let of_root = |want: fn(&EventKind) -> bool| {
        run.events
            .iter()
            .any(|e| e.actor == "MainProcess" && e.pid == pid && want(&e.kind))
    };
    assert!(of_root(|k| matches!(k, EventKind::Started {})));
    assert!(of_root(|k| matches!(
        k,
        EventKind::Exited { code: Some(0), .. }
    )));
    assert!(of_root(
        |k| matches!(k, EventKind::Reaped { by } if by == "host")
    ));
    let source = run.events.iter().find_map(|e| match &e.kind {
        EventKind::Recipe { source, .. } => Some(source.clone()),
        _ => None,
    });
    let abs = std::fs::canonicalize(&file).unwrap();
    assert_eq!(source.as_deref(), abs.to_str());
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn a_zombie_child_is_seen_in_proc_and_reaped_by_the_host() {
    if skip() {
        return;
    }
    let d = dir("zombie");
    let program = format!(
        "{TELL}\nimport os, time\npid = os.fork()\nif pid == 0:\n    os._exit(0)\n\
         tell('zchild', 'spawned', pid=pid, kind='process', parent='MainProcess', daemon=False)\n\
         time.sleep(1.5)\n"
    );
    let file = write_program(&d, "zombie.py", &program);
    let run = py(&file, &["--headless"], &[]);
    assert_eq!(ended(&run), Outcome::Completed, "{}", run.stderr);
    let child = run
        .events
        .iter()
        .find(|e| e.actor == "zchild" && matches!(e.kind, EventKind::Spawned { .. }))
        .expect("the child's spawned relayed")
        .pid;
    let zombie = run.events.iter().any(|e| {
        e.pid == child && matches!(&e.kind, EventKind::ProcState { state } if state == "Z")
    });
    assert!(zombie, "no proc_state Z for the child {child}");
    // Its parent ended without wait(): the host adopted and reaped it.
    let reaped = run
        .events
        .iter()
        .any(|e| e.pid == child && matches!(&e.kind, EventKind::Reaped { by } if by == "host"));
    assert!(reaped, "the orphaned zombie was not reaped by the host");
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn a_program_that_never_ends_is_stopped_and_nothing_is_left() {
    if skip() {
        return;
    }
    let d = dir("forever");
    let pids = d.join("pids");
    // The root, a child and a grandchild whose parent lives on: all sleep for
    // ever, each writing its pid down first (none is announced to the host).
    let program = format!(
        "import os, time\n\
         def note():\n    with open({pids:?}, 'a') as f:\n        f.write('%d\\n' % os.getpid())\n\
         if os.fork() == 0:\n    if os.fork() == 0:\n        note()\n        while True:\n            time.sleep(0.1)\n\
         \x20   note()\n    while True:\n        time.sleep(0.1)\n\
         note()\nwhile True:\n    time.sleep(0.1)\n"
    );
    let file = write_program(&d, "forever.py", &program);
    // A limit of 4 s, doubled (up to 16 s) while a loaded machine has not
    // started python3, the package and both forks before it: every try must
    // leave nothing behind; the last must have seen all three processes.
    let mut limit = 4;
    loop {
        std::fs::remove_file(&pids).ok();
        let written = stop_forever(&file, &pids, limit);
        if written == 3 || limit >= 16 {
            assert_eq!(written, 3, "root, child and grandchild wrote their pids");
            break;
        }
        println!(
            "only {written} of 3 pids within {limit} s: again with {} s",
            limit * 2
        );
        limit *= 2;
    }
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn a_missing_file_and_a_syntax_error_are_refused() {
    if skip() {
        return;
    }
    let d = dir("bad");
    let run = py(&d.join("nope.py"), &["--headless"], &[]);
    assert_eq!(run.code, 2);
    assert!(run.events.is_empty(), "nothing started");
    assert!(
        run.stderr.contains("nope.py") && run.stderr.contains("No such file"),
        "{}",
        run.stderr
    );
    let file = write_program(&d, "broken.py", "x = 1\nif x\n    print(x)\n");
    let run = py(&file, &["--headless"], &[]);
    assert_eq!(run.code, 2);
    assert!(run.events.is_empty(), "nothing started");
    assert!(run.stderr.contains("SyntaxError"), "{}", run.stderr);
    assert!(run.stderr.contains("line 2"), "{}", run.stderr);
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn without_a_python3_of_3_8_or_later_nothing_starts() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir("nopython");
    let file = write_program(&d, "hello.py", "print('hello')\n");
    let empty = d.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let path = empty.to_str().unwrap();
    let run = py(&file, &["--headless"], &[("PATH", path)]);
    assert_eq!(run.code, 2);
    assert!(run.events.is_empty(), "nothing started");
    assert!(
        run.stderr.contains("no `python3` on PATH"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("apt install python3"), "{}", run.stderr);
    // An old one answers the probe as Python 3.6 does: its version, exit 3.
    let old = d.join("old");
    std::fs::create_dir_all(&old).unwrap();
    let fake = write_program(&old, "python3", "#!/bin/sh\necho 3.6.9\nexit 3\n");
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = py(&file, &["--headless"], &[("PATH", old.to_str().unwrap())]);
    assert_eq!(run.code, 2);
    assert!(run.events.is_empty(), "nothing started");
    assert!(
        run.stderr.contains("Python 3.6.9, too old"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("3.8 or later"), "{}", run.stderr);
    std::fs::remove_dir_all(&d).unwrap();
}

/// Run the never-ending program with a limit of `limit` seconds: it is stopped
/// by the limit, and none of the processes that wrote a pid is left. The
/// number of pids written.
fn stop_forever(file: &Path, pids: &Path, limit: u64) -> usize {
    let began = Instant::now();
    let secs = limit.to_string();
    let run = py(file, &["--headless", "--max-seconds", &secs], &[]);
    assert!(
        began.elapsed() < Duration::from_secs(limit + 16),
        "{:?}",
        began.elapsed()
    );
    assert_eq!(ended(&run), Outcome::TimedOut, "{}", run.stderr);
    assert_eq!(run.code, 1);
    let written = std::fs::read_to_string(pids).unwrap_or_default();
    let pids: Vec<i32> = written.lines().map(|l| l.parse().unwrap()).collect();
    if pids.len() == 3 {
        assert!(
            pids.contains(&root_pid(&run)),
            "the root's pid is the host's"
        );
    }
    for &pid in &pids {
        // Gone; or (very unlikely) a new process of another program got the pid.
        // A zombie of ours has no cmdline left, but its name is still python's.
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        assert!(
            !Path::new(&format!("/proc/{pid}")).exists() || !stat.contains("(python"),
            "pid {pid} of the run is still there: {stat}"
        );
    }
    pids.len()
}

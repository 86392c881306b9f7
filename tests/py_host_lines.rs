//! `conlab py FILE.py`: what the host makes of the lines on its socket: bad
//! ones become errors of `host`, lock events feed the deadlock detector, and
//! `spawned` lines count against the run's limits. The programs write the
//! lines themselves (`TELL`). Skipped without python3; required when `CI` is set.

mod py_support;

use conlab::event::{EventKind, Outcome};
use py_support::{dir, ended, host_errors, py, skip, write_program, TELL};

#[test]
fn bad_lines_on_the_socket_become_errors_of_the_host() {
    if skip() {
        return;
    }
    let d = dir("garbage");
    let program = "import os, socket\n\
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n\
        s.connect(os.environ['CONLAB_PY_SOCK'])\n\
        s.sendall(b'not json at all\\n' + b'x' * 20000 + b'\\n' + b'{\"t_us\": 1}\\n\\xff\\xfe\\n')\n\
        s.close()\n";
    let file = write_program(&d, "garbage.py", program);
    let run = py(&file, &["--headless"], &[]);
    assert_eq!(ended(&run), Outcome::Completed, "{}", run.stderr);
    let errors = host_errors(&run);
    assert_eq!(errors.len(), 4, "{errors:#?}");
    let unreadable = errors.iter().filter(|t| t.contains("unreadable line"));
    assert_eq!(unreadable.count(), 3, "{errors:#?}");
    assert!(
        errors.iter().any(|t| t.contains("20000 bytes")),
        "{errors:#?}"
    );
    assert!(errors.iter().all(|t| t.contains("pid ")), "{errors:#?}");
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn a_deadlock_between_two_threads_is_found_and_not_broken() {
    if skip() {
        return;
    }
    let d = dir("deadlock");
    let program = format!(
        "{TELL}\nimport time\n\
         for t in ('t1', 't2'):\n    tell(t, 'spawned', kind='thread', parent='MainProcess', daemon=False)\n\
         tell('t1', 'lock_acquired', lock='a', count=1)\n\
         tell('t2', 'lock_acquired', lock='b', count=1)\n\
         tell('t1', 'lock_wait', lock='b')\n\
         tell('t2', 'lock_wait', lock='a')\n\
         time.sleep(1)\n"
    );
    let file = write_program(&d, "deadlock.py", &program);
    let run = py(&file, &["--headless"], &[]);
    assert_eq!(ended(&run), Outcome::Completed, "{}", run.stderr);
    let cycle = run.events.iter().find_map(|e| match &e.kind {
        EventKind::Deadlock { cycle } => Some(cycle.clone()),
        _ => None,
    });
    let cycle = cycle.expect("a deadlock event");
    assert!(cycle.contains(&"t1".to_string()) && cycle.contains(&"t2".to_string()));
    let broken = run
        .events
        .iter()
        .any(|e| matches!(e.kind, EventKind::DeadlockBroken { .. }));
    assert!(!broken, "a learner's program is not broken into (yet)");
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn starts_past_the_limit_end_the_run() {
    if skip() {
        return;
    }
    let d = dir("limit");
    let program = format!(
        "{TELL}\nimport time\n\
         for i in range(3):\n    tell('t%d' % i, 'spawned', kind='thread', parent='MainProcess', daemon=False)\n\
         time.sleep(20)\n"
    );
    let file = write_program(&d, "many.py", &program);
    let run = py(&file, &["--headless"], &[("CONLAB_MAX_THREADS", "2")]);
    assert_eq!(ended(&run), Outcome::Limit, "{}", run.stderr);
    let told = run.events.iter().any(
        |e| matches!(&e.kind, EventKind::LimitReached { limit, max: 2, .. } if limit == "threads"),
    );
    assert!(told, "limit_reached threads 2");
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn a_recorded_program_replays_without_its_file_or_python() {
    if skip() {
        return;
    }
    let d = dir("replay");
    let file = write_program(&d, "hello.py", "import sys\nsys.stderr.write('hi\\n')\n");
    let rec = d.join("run.jsonl");
    let run = py(
        &file,
        &["--headless", "--record", rec.to_str().unwrap()],
        &[],
    );
    assert_eq!(ended(&run), Outcome::Completed, "{}", run.stderr);
    std::fs::remove_file(&file).unwrap();
    // No python3 on PATH either: a replay only reads the log.
    let out = std::process::Command::new(py_support::BIN)
        .args(["replay", rec.to_str().unwrap(), "--headless"])
        .env("PATH", d.to_str().unwrap())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let replayed: Vec<conlab::event::Event> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(replayed.len(), run.events.len());
    let said = replayed
        .iter()
        .any(|e| matches!(&e.kind, EventKind::Print { text } if text == "stderr: hi"));
    assert!(said, "the program's stderr, kept in the log");
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn processes_and_threads_no_line_tells_are_counted_from_proc() {
    if skip() {
        return;
    }
    let d = dir("unannounced");
    let forks = "import os, time\nfor _ in range(4):\n    if os.fork() == 0:\n        time.sleep(30)\n        os._exit(0)\ntime.sleep(30)\n";
    let file = write_program(&d, "forks.py", forks);
    let run = py(&file, &["--headless"], &[("CONLAB_MAX_PROCESSES", "2")]);
    assert_eq!(ended(&run), Outcome::Limit, "{}", run.stderr);
    let told = run.events.iter().any(|e| {
        matches!(&e.kind, EventKind::LimitReached { limit, max: 2, .. } if limit == "processes")
    });
    assert!(told, "limit_reached processes 2");
    let threads = "import threading, time\nfor _ in range(5):\n    threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\ntime.sleep(30)\n";
    let file = write_program(&d, "threads.py", threads);
    let run = py(&file, &["--headless"], &[("CONLAB_MAX_THREADS", "3")]);
    assert_eq!(ended(&run), Outcome::Limit, "{}", run.stderr);
    let told = run.events.iter().any(
        |e| matches!(&e.kind, EventKind::LimitReached { limit, max: 3, .. } if limit == "threads"),
    );
    assert!(told, "limit_reached threads 3");
    std::fs::remove_dir_all(&d).unwrap();
}

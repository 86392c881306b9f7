//! A program run under conlab_trace prints what it prints without it and
//! ends with the same code; a file that is not Python fails as Python says.

use conlab::event::EventKind;

use super::run::{need_python, plain, program, run};
use super::LIMIT;

fn same_as_plain(file: &str, args: &[&str]) -> super::run::Traced {
    let path = program(file);
    let t = run(&path, args, &[], None, LIMIT);
    let (out, err, code) = plain(&path, args);
    assert_eq!(t.stdout, out, "{file}: stdout differs");
    assert_eq!(
        t.code,
        Some(code),
        "{file}: exit code differs; stderr: {}",
        t.stderr
    );
    assert_eq!(t.stderr, err, "{file}: stderr differs");
    t
}

#[test]
fn programs_print_and_exit_as_without_it() {
    if !need_python() {
        return;
    }
    for (file, args) in [
        ("sync_small.py", &[][..]),
        ("threads_small.py", &[][..]),
        ("udp_small.py", &[][..]),
        ("errors_in_calls.py", &[][..]),
        ("errors_in_calls.py", &["x"][..]),
        ("queues_small.py", &["fork"][..]),
        ("procs_small.py", &["fork"][..]),
        ("argv_check.py", &["a", "b c"][..]),
        ("fails.py", &[][..]),
        ("fails.py", &["3"][..]),
    ] {
        same_as_plain(file, args);
    }
}

#[test]
fn an_exception_is_told_and_python_prints_it() {
    if !need_python() {
        return;
    }
    let t = same_as_plain("fails.py", &[]);
    assert_eq!(t.code, Some(1));
    assert!(
        t.stderr
            .starts_with("Traceback (most recent call last):\n  File \""),
        "{}",
        t.stderr
    );
    let errors: Vec<String> = t
        .of("MainProcess")
        .filter_map(|e| match &e.kind {
            EventKind::Error { text } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        errors,
        vec!["ZeroDivisionError: division by zero".to_string()]
    );
}

#[test]
fn prints_are_told_line_by_line_and_cut_to_fit() {
    if !need_python() {
        return;
    }
    let t = same_as_plain("argv_check.py", &["a", "b c"]);
    let printed = t.prints("MainProcess");
    assert_eq!(printed[0], "['a', 'b c'] __main__ argv_check.py");
    assert_eq!(printed[1], "True");
    assert_eq!(
        printed[2], "1 ['MainThread']",
        "no helper thread is visible"
    );
    assert_eq!(printed[3], "partial line finished");
    let long = &printed[4];
    assert!(
        long.ends_with('\u{2026}') && long.len() < 4096 && long.len() > 1000,
        "{}",
        long.len()
    );
}

#[test]
fn a_syntax_error_exits_2_with_pythons_message() {
    if !need_python() {
        return;
    }
    let path = program("bad_syntax.py");
    let t = run(&path, &[], &[], None, LIMIT);
    let (_, err, _) = plain(&path, &[]);
    assert_eq!(t.code, Some(2));
    assert_eq!(t.stderr, err, "Python's own message");
    assert!(
        t.stderr.contains("line 2") && t.stderr.contains("SyntaxError"),
        "{}",
        t.stderr
    );
    assert!(t.stdout.is_empty() && t.events.is_empty(), "nothing ran");
}

#[test]
fn without_a_channel_it_runs_as_plain_python() {
    if !need_python() {
        return;
    }
    let path = program("argv_check.py");
    let o = std::process::Command::new(super::run::python())
        .args(["-m", "conlab_trace"])
        .arg(&path)
        .env("PYTHONPATH", super::run::root().join("assets/py"))
        .env_remove("CONLAB_PY_EVENTS")
        .env_remove("CONLAB_PY_SOCK")
        .output()
        .unwrap();
    let (out, _, code) = plain(&path, &[]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), out);
    assert_eq!(o.status.code(), Some(code));
}

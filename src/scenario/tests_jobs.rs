//! `[scheduler]` and `[[jobs]]`: a good job set resolves into job threads;
//! each kind of bad one is refused at its FILE:LINE:COL, in plain words.

use super::load::parse_bytes;
use super::*;

const HEAD: &str = r#"id = "s"
title = { en = "t", zh = "t" }
summary = { en = "s", zh = "s" }
max_seconds = 10
"#;

const MAIN: &str = r#"
[[actors]]
name = "main"
kind = "process"
script = [{ schedule = "jobs" }]
"#;

fn file(scheduler: &str, jobs: &[(&str, i64, i64)]) -> String {
    let mut s = format!("{HEAD}{MAIN}\n[scheduler]\n{scheduler}\n");
    for (name, arrive, burst) in jobs {
        s += &format!("\n[[jobs]]\nname = \"{name}\"\narrive = {arrive}\nburst = {burst}\n");
    }
    s
}

const TWO: &[(&str, i64, i64)] = &[("A", 0, 3), ("B", 1, 2)];

/// The (line, error) of the one error mentioning `needle`.
fn error(src: &str, needle: &str) -> (String, String) {
    let lines = match parse_bytes("f.toml", src.as_bytes()) {
        Err(ScenarioError::Invalid(lines)) => lines,
        other => panic!("expected errors, got {other:?}"),
    };
    let found = lines.iter().find(|l| l.contains(needle));
    let found = found.unwrap_or_else(|| panic!("no error says {needle:?}: {lines:#?}"));
    let line: usize = found.split(':').nth(1).unwrap().parse().unwrap();
    (
        src.lines().nth(line - 1).unwrap().to_string(),
        found.clone(),
    )
}

#[test]
fn a_job_set_resolves_into_job_threads_started_by_main() {
    let src = file("policy = \"rr\"\nquantum = 2", TWO);
    let s = parse_bytes("f.toml", src.as_bytes()).unwrap();
    let plan = s.plan(None, &[]).unwrap();
    let sched = plan.schedule.as_ref().unwrap();
    assert_eq!(sched.quanta, [2]);
    assert_eq!(sched.jobs[1], ("B".to_string(), 1, 2));
    let b = plan.actor("B").unwrap();
    assert_eq!(b.parent.as_deref(), Some("main"));
    assert_eq!(b.script, [plan::Step::RunJob("B".into())]);
}

#[test]
fn bad_job_sets_are_refused_where_they_are_written() {
    let cases: [(String, &str, &str); 9] = [
        (
            file("policy = \"lottery\"", TWO),
            "fcfs, sjf, srtf, rr, mlfq",
            "policy",
        ),
        (
            file("policy = \"rr\"\nquantum = 0", TWO),
            "quantum of 0",
            "quantum",
        ),
        (
            file("policy = \"rr\"", TWO),
            "needs a quantum",
            "[scheduler]",
        ),
        (
            file("policy = \"fcfs\"", &[("A", 0, 0)]),
            "burst = 0",
            "burst",
        ),
        (
            file("policy = \"fcfs\"", &[("A", -1, 2)]),
            "arrive = -1",
            "arrive",
        ),
        (
            file("policy = \"fcfs\"", &[("A", 0, 1), ("A", 1, 1)]),
            "already the name",
            "name",
        ),
        (
            file("policy = \"fcfs\"", &[("main", 0, 1)]),
            "already the name",
            "name",
        ),
        (
            file("policy = \"fcfs\"", &[("A", 0, 900)]),
            "max_seconds",
            "[scheduler]",
        ),
        (
            file("policy = \"fcfs\"", &[]),
            "job set is empty",
            "[scheduler]",
        ),
    ];
    for (src, says, on) in cases {
        let (line, _) = error(&src, says);
        assert!(line.starts_with(on), "{says:?} points at {line:?}");
    }
}

#[test]
fn only_main_may_schedule_and_jobs_need_a_scheduler() {
    let src = format!("{HEAD}{MAIN}\n[[jobs]]\nname = \"A\"\narrive = 0\nburst = 1\n");
    assert!(error(&src, "need a [scheduler]").0.starts_with("[[jobs]]"));
    let src = file("policy = \"fcfs\"", TWO).replace(
        "[scheduler]",
        "[[actors]]\nname = \"t\"\nkind = \"thread\"\nparent = \"main\"\nscript = [{ schedule = \"jobs\" }]\n\n[scheduler]",
    );
    assert!(error(&src, "only the main process").0.starts_with("script"));
}

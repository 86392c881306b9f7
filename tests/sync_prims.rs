//! Conditions and barriers (issue 14): a teacher's own lesson written from
//! the format docs checks and runs with its checks holding; bad input is
//! refused at FILE:LINE:COL; a notify without the lock is an error event,
//! never a hang.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::conlab;
use conlab::event::{Event, EventKind};

const LIMIT: Duration = Duration::from_secs(60);
const TEACHER: &str = "tests/teacher_condition_barrier.toml";

fn dir(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("conlab-sync-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The teacher's file with `from` replaced by `to` (which must change it).
fn teacher_with(from: &str, to: &str) -> String {
    let src = include_str!("teacher_condition_barrier.toml");
    assert!(src.contains(from), "the teacher's file has no {from:?}");
    src.replacen(from, to, 1)
}

fn events(stdout: &str) -> Vec<Event> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad event line {l:?}: {e}")))
        .collect()
}

#[test]
fn the_teachers_own_lesson_checks_and_runs_with_every_check_holding() {
    let out = conlab(&["check", TEACHER], LIMIT);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let run = conlab(&["run", TEACHER, "--headless"], LIMIT);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let oks = run.stderr.lines().filter(|l| l.starts_with("ok ")).count();
    assert_eq!(oks, 7, "every check holds:\n{}", run.stderr);
    let log = events(&run.stdout);
    // Each round: the three workers pass with the indices 0, 1 and 2.
    let mut indices: Vec<u32> = log
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::BarrierPassed { barrier, index } if barrier == "round" => Some(*index),
            _ => None,
        })
        .collect();
    indices.sort();
    assert_eq!(indices, vec![0, 0, 1, 1, 2, 2]);
    // The tray never held more than two buns, nor fewer than none.
    for e in &log {
        if let EventKind::Value { name, value } = &e.kind {
            let v = value.as_i64().unwrap();
            assert!(name != "buns" || (0..=2).contains(&v), "buns = {v}");
        }
    }
}

/// Events of one condition wait, in order: it joins the waiters, lets go
/// of the lock, is woken, and takes the lock back before going on.
#[test]
fn a_condition_wait_lets_go_of_the_lock_and_takes_it_back() {
    let run = conlab(&["run", "condition", "--headless"], LIMIT);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log = events(&run.stdout);
    let mine: Vec<&EventKind> = log
        .iter()
        .filter(|e| e.actor == "diner0")
        .map(|e| &e.kind)
        .filter(|k| {
            matches!(
                k,
                EventKind::CondWait { .. }
                    | EventKind::CondWoken { .. }
                    | EventKind::LockAcquired { .. }
                    | EventKind::LockReleased { .. }
            )
        })
        .collect();
    let names: Vec<&str> = mine.iter().map(|k| k.name()).collect();
    let at = names
        .iter()
        .position(|n| *n == "cond_wait")
        .expect("diner0 waits");
    assert_eq!(
        names[at..at + 4],
        ["cond_wait", "lock_released", "cond_woken", "lock_acquired"],
        "{names:?}"
    );
    // Every notify is told before the wake it caused.
    let first_notify = log.iter().position(|e| e.kind.name() == "cond_notify");
    let first_wake = log.iter().position(|e| e.kind.name() == "cond_woken");
    assert!(first_notify < first_wake, "notify told first");
}

#[test]
fn notify_without_the_lock_is_a_runtime_error_and_no_hang() {
    let d = dir("unlocked");
    let path = d.join("unlocked.toml");
    // The baker forgets the with: its notify_all raises, it ends; the
    // workers' timeout lets them go on (the run ends, never hangs).
    let text = teacher_with(
        "        { notify_all = \"tray\" },\n      ] },",
        "      ] },\n      { notify_all = \"tray\" },",
    );
    std::fs::write(&path, text).unwrap();
    let run = conlab(&["run", path.to_str().unwrap(), "--headless"], LIMIT);
    let log = events(&run.stdout);
    let error = log.iter().find_map(|e| match &e.kind {
        EventKind::Error { text } if e.actor == "baker" => Some(text.clone()),
        _ => None,
    });
    let error = error.expect("the baker's notify raised");
    assert!(
        error.contains("RuntimeError: cannot notify on un-acquired lock"),
        "{error}"
    );
    let baker_exit = log.iter().find_map(|e| match &e.kind {
        EventKind::Exited { code, .. } if e.actor == "baker" => Some(*code),
        _ => None,
    });
    assert_eq!(baker_exit, Some(Some(1)), "the baker's thread ends");
    assert!(
        matches!(
            log.last().map(|e| &e.kind),
            Some(EventKind::RunEnded { .. })
        ),
        "the run ends"
    );
    std::fs::remove_dir_all(&d).ok();
}

/// (name, from, to, the text the message points at (the first one from
/// the change on), what the message says)
fn bad_inputs() -> Vec<(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
)> {
    vec![
        (
            "unknown-condition",
            "{ notify = \"tray\" }",
            "{ notify = \"trey\" }",
            "\"trey\"",
            "no condition named \"trey\"",
        ),
        (
            "unknown-barrier",
            "{ wait = \"round\", into = \"k\" }",
            "{ abort = \"rownd\" }",
            "\"rownd\"",
            "no barrier named \"rownd\"",
        ),
        (
            "parties-0",
            "parties = 3",
            "parties = 0",
            "0",
            "parties 0 must be 1..=256",
        ),
        (
            "parties-absurd",
            "parties = 3",
            "parties = 100000",
            "100000",
            "parties 100000 must be 1..=256",
        ),
        (
            "predicate-undeclared",
            "until = \"buns > 0\"",
            "until = \"bread > 0\"",
            "\"bread > 0\"",
            "names bread, which is neither a value declared",
        ),
        (
            "barrier-between-processes",
            "parties = 3\n",
            "parties = 3\nscope = \"processes\"\n",
            "\"processes\"",
            "no multiprocessing.Barrier",
        ),
        (
            "barrier-from-another-process",
            "kind = \"thread\"\nparent = \"main\"\ncount = 3",
            "kind = \"process\"\nparent = \"main\"\ncount = 3",
            "\"round\", into",
            "lives in the memory of process",
        ),
        (
            "condition-over-a-barrier",
            "lock = \"tray_lock\"",
            "lock = \"gate\"",
            "\"gate\"",
            "must name a mutex or rlock",
        ),
        (
            "notify-absurd",
            "{ notify = \"tray\" }",
            "{ notify = \"tray\", n = 1000 }",
            "1000",
            "n 1000 must be 0..=256",
        ),
        (
            "wait-for-without-until",
            "{ wait_for = \"tray\", until = \"buns < 2\" }",
            "{ wait_for = \"tray\" }",
            "{ wait_for",
            "wait_for needs until",
        ),
        (
            "barrier-as-a-lock",
            "{ abort = \"gate\" }",
            "{ acquire = \"gate\" }",
            "\"gate\" }",
            "gate is a barrier: use wait, abort and reset",
        ),
    ]
}

#[test]
fn bad_conditions_and_barriers_are_refused_at_file_line_col() {
    let d = dir("bad");
    for (name, from, to, at, says) in bad_inputs() {
        let text = teacher_with(from, to);
        let path = d.join(format!("{name}.toml"));
        std::fs::write(&path, &text).unwrap();
        let file = path.to_str().unwrap();
        let out = conlab(&["check", file], LIMIT);
        assert_eq!(out.code, 1, "{name}: {}", out.stderr);
        let changed = text.find(to).unwrap();
        let after = text[changed..].find(at);
        let spot = changed + after.unwrap_or_else(|| panic!("{name}: no {at:?} after the change"));
        let line = text[..spot].matches('\n').count() + 1;
        let col = spot - text[..spot].rfind('\n').map_or(0, |i| i + 1) + 1;
        let want = format!("{file}:{line}:{col}: ");
        let hit = out
            .stderr
            .lines()
            .find(|l| l.starts_with(&want) && l.contains(says));
        assert!(
            hit.is_some(),
            "{name}: wanted {want}…{says}\n{}",
            out.stderr
        );
    }
    std::fs::remove_dir_all(&d).ok();
}

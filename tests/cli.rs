//! The command-line contracts of design.md: list, check, bad input.

mod common;

use std::time::Duration;

use common::conlab;

const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn list_prints_id_then_title() {
    let out = conlab(&["list"], LIMIT);
    assert_eq!(out.code, 0);
    let zombie = out
        .stdout
        .lines()
        .find(|l| l.starts_with("zombie "))
        .expect("zombie listed");
    assert!(
        zombie.contains("Zombie process") && zombie.contains("僵尸进程"),
        "{zombie}"
    );
}

#[test]
fn check_reports_file_line_col_and_fails() {
    let dir = std::env::temp_dir().join(format!("conlab-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.toml");
    let src = include_str!("../scenarios/zombie.toml")
        .replace("sleep = \"{busy}\"", "sleep = \"forever\"");
    assert!(
        src.contains("forever"),
        "the zombie file still sleeps {{busy}}"
    );
    std::fs::write(&bad, &src).unwrap();
    let out = conlab(&["check", bad.to_str().unwrap()], LIMIT);
    assert_ne!(out.code, 0);
    let line = src.lines().position(|l| l.contains("forever")).unwrap() + 1;
    let prefix = format!("{}:{line}:", bad.display());
    assert!(
        out.stderr.starts_with(&prefix),
        "expected {prefix}…, got {:?}",
        out.stderr
    );
    assert!(out.stderr.contains("not a duration"), "{}", out.stderr);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn check_accepts_every_builtin_file() {
    let files: Vec<String> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let out = conlab(&args, LIMIT);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn bad_requests_fail_before_anything_runs() {
    let out = conlab(
        &["run", "zombie", "--headless", "--set", "busy=lots"],
        LIMIT,
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("busy"), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "no event was produced");
    let out = conlab(&["run", "no-such-lesson", "--headless"], LIMIT);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("conlab list"), "{}", out.stderr);
}

/// The example in the README runs as a scenario file of one's own.
#[test]
fn readme_example_scenario_runs_from_a_file() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("```toml\nid = \"my-lesson\"")
        .expect("README has the example");
    let body = &readme[start + "```toml\n".len()..];
    let example = &body[..body.find("```").unwrap()];
    let dir = std::env::temp_dir().join(format!("conlab-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("my-lesson.toml");
    std::fs::write(&file, example).unwrap();
    let path = file.to_str().unwrap();
    let check = conlab(&["check", path], LIMIT);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let run = conlab(&["run", path, "--headless", "--speed", "4"], LIMIT);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("both done"),
        "the example prints its last line"
    );
    std::fs::remove_dir_all(&dir).ok();
}

//! `measure` on real processes: the time of a timed block is at least the
//! sleeps inside it, `measured` names its cell, and a print after it shows
//! the seconds and the ratio to the baseline row.

mod common;

use conlab::event::EventKind;

const FILE: &str = r#"
id = "measure-test"
title = { en = "m", zh = "m" }
summary = { en = "m", zh = "m" }

[tables.t]
baseline = "one"
rows = [{ name = "one" }, { name = "two" }]
columns = [{ name = "nap" }]

[[actors]]
name = "main"
kind = "process"
script = [
  { measure = "t", row = "one", column = "nap", do = [{ sleep = "0.2s" }, { sleep = "0.2s" }] },
  { print = "one: {seconds} s x{ratio}" },
  { measure = "t", row = "two", column = "nap", do = [{ start = "k*" }, { join = "k*" }] },
  { print = "two: {seconds} s x{ratio}" },
]

[[actors]]
name = "k{i}"
kind = "thread"
count = 2
parent = "main"
script = [{ sleep = "0.2s" }]
"#;

#[test]
fn a_measured_block_takes_at_least_its_sleeps_and_fills_its_cell() {
    let dir = std::env::temp_dir().join(format!("conlab-measure-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("m.toml");
    std::fs::write(&path, FILE).unwrap();
    let run = common::headless(path.to_str().unwrap(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cells: Vec<(String, f64)> = run
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Measured {
                table,
                row,
                seconds,
                ..
            } if table == "t" => Some((row.clone(), *seconds)),
            _ => None,
        })
        .collect();
    assert_eq!(cells.len(), 2, "{cells:?}");
    assert_eq!(cells[0].0, "one");
    assert!(cells[0].1 >= 0.4, "two sleeps of 0.2 s: {cells:?}");
    assert!(cells[1].1 >= 0.2, "{cells:?}");
    let prints: Vec<&str> = run
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Print { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(prints[0], format!("one: {:.1} s x1.0", cells[0].1));
    let ratio = cells[1].1 / cells[0].1;
    assert_eq!(prints[1], format!("two: {:.1} s x{ratio:.1}", cells[1].1));
    let _ = std::fs::remove_dir_all(&dir);
}

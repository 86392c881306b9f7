//! Helpers of the explore tests: run `conlab explore`, read its report, and
//! replay each printed schedule headless to see how it ends.
#![allow(dead_code)]

use std::time::Duration;

use crate::common::conlab;
use conlab::event::{Event, EventKind};
use conlab::model::Model;

/// One outcome line: how many interleavings, the label, the replay command.
#[derive(Debug)]
pub struct Row {
    pub count: u64,
    pub label: String,
    pub command: String,
}

#[derive(Debug)]
pub struct Explored {
    pub header: String,
    pub total: u64,
    pub rows: Vec<Row>,
}

pub fn explore(args: &[&str]) -> Explored {
    let mut all = vec!["--lang", "en", "explore"];
    all.extend_from_slice(args);
    let f = conlab(&all, Duration::from_secs(240));
    assert_eq!(f.code, 0, "explore {args:?} failed:\n{}", f.stderr);
    let mut lines = f.stdout.lines();
    let header = lines.next().expect("a header line").to_string();
    let total = header
        .split(": ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no total in {header:?}"));
    let rows = lines
        .map(|l| {
            let (left, cmd) = l.split_once("  conlab run ").expect("a replay command");
            let left = left.trim();
            let (count, label) = left.split_once("  ").expect("count and label");
            Row {
                count: count.trim().parse().expect("a count"),
                label: label.trim().to_string(),
                command: format!("conlab run {cmd}"),
            }
        })
        .collect();
    Explored {
        header,
        total,
        rows,
    }
}

pub fn counts(e: &Explored) -> Vec<(String, u64)> {
    e.rows.iter().map(|r| (r.label.clone(), r.count)).collect()
}

/// Run a printed replay command headless and read its ending as explore does.
pub fn replay(command: &str) -> String {
    let words: Vec<&str> = command.split_whitespace().skip(1).collect();
    let mut args = vec!["--lang", "en"];
    args.extend(words);
    args.extend(["--headless", "--speed", "4"]);
    let f = conlab(&args, Duration::from_secs(60));
    assert_ne!(f.code, 2, "{command} was refused:\n{}", f.stderr);
    assert!(f.stderr.contains("schedule: "), "{}", f.stderr);
    let events: Vec<Event> = f
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("an event line"))
        .collect();
    let mut model = Model::new(&[]);
    events.iter().for_each(|e| model.apply(e));
    let cycle = events.iter().find_map(|e| match &e.kind {
        EventKind::Deadlock { cycle } => Some(cycle.clone()),
        _ => None,
    });
    conlab::explore::outcome::ending(&model, cycle.as_deref()).en
}

/// Every outcome's shortest schedule, replayed twice, ends as counted.
pub fn assert_replays(e: &Explored) {
    for row in &e.rows {
        for i in 0..2 {
            assert_eq!(
                replay(&row.command),
                row.label,
                "replay {i} of {}",
                row.command
            );
        }
    }
}

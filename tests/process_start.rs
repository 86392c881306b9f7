//! A child process's start, now a fork(2) that does not wait for the host's
//! answer: what the learner sees must stay what an exec'd child showed.
//! Each child's events come in order (spawned, started, its print, exited,
//! reaped) even when it is gone before the host has answered its hello; a
//! default child sees its globals at their initial values, a "fork" child
//! the value its parent had set (and a default child of that one, fresh ones).

mod common;

use common::{headless, Run};
use conlab::event::EventKind;

const CHILDREN: usize = 16;

const SCENARIO: &str = r#"
id = "process-start"
title = { en = "process start", zh = "进程启动" }
summary = { en = "short children, default and fork starts", zh = "短命的子进程" }
max_seconds = 30

[values.config]
kind = "global"
initial = 0

[[actors]]
name = "main"
kind = "process"
script = [ { write = "config", value = 42 },
           { start = "c*" }, { join = "c*" },
           { start = "forked" }, { join = "forked" } ]

[[actors]]
name = "c{i}"
count = 16
kind = "process"
parent = "main"
script = [ { read = "config", into = "v" }, { print = "config = {v}" } ]

[[actors]]
name = "forked"
kind = "process"
parent = "main"
start_method = "fork"
script = [ { read = "config", into = "v" }, { print = "config = {v}" },
           { start = "grandchild" }, { join = "grandchild" } ]

[[actors]]
name = "grandchild"
kind = "process"
parent = "forked"
script = [ { read = "config", into = "v" }, { print = "config = {v}" } ]
"#;

fn run_it() -> Run {
    let dir = std::env::temp_dir().join(format!("conlab-procstart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("process-start.toml");
    std::fs::write(&file, SCENARIO).unwrap();
    let run = headless(file.to_str().unwrap(), &[]);
    let _ = std::fs::remove_dir_all(&dir);
    run
}

/// Where in the log `actor`'s first event of this shape is.
fn at(run: &Run, actor: &str, what: impl Fn(&EventKind) -> bool) -> usize {
    run.find(|e| e.actor == actor && what(&e.kind))
        .unwrap_or_else(|| panic!("{actor}: an event is missing"))
        .0
}

#[test]
fn every_started_child_is_told_in_order_and_starts_from_fresh_globals() {
    let run = run_it();
    run.assert_ok();
    for i in 0..CHILDREN {
        let name = format!("c{i}");
        let spawned = at(&run, &name, |k| matches!(k, EventKind::Spawned { .. }));
        let started = at(&run, &name, |k| matches!(k, EventKind::Started {}));
        let printed = at(&run, &name, |k| matches!(k, EventKind::Print { .. }));
        let exited = at(&run, &name, |k| matches!(k, EventKind::Exited { .. }));
        let reaped = at(&run, &name, |k| matches!(k, EventKind::Reaped { .. }));
        assert!(
            spawned < started && started < printed && printed < exited && exited < reaped,
            "{name}: events out of order: spawned {spawned}, started {started}, print {printed}, exited {exited}, reaped {reaped}"
        );
        assert_eq!(run.prints(&name), ["config = 0"], "{name}: fresh globals");
    }
    assert_eq!(run.prints("forked"), ["config = 42"], "a fork child copies");
    // Forked from a child that copied main's globals, it still starts afresh.
    assert_eq!(
        run.prints("grandchild"),
        ["config = 0"],
        "its own fresh globals"
    );
}

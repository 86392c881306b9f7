//! Every built-in lesson in every variant, run headless on real processes:
//! its checks hold, every lesson page opens (its event really happens), and
//! every scripted step says which line of the Python listing it stands for.

mod common;

use std::sync::Mutex;

use common::{headless, Run};
use conlab::event::EventKind;

/// Steps the runtime adds by itself: they stand for no line of the listing.
const UNSCRIPTED: [&str; 4] = ["exit_join", "serve", "handle_results", "fire"];

/// Runs at once: the lessons mostly sleep, so more than the cores.
const AT_ONCE: usize = 4;

/// What is wrong with one run, if anything.
fn faults(run: &Run, label: &str, listing_lines: usize) -> Vec<String> {
    let mut out = Vec::new();
    if run.code != 0 {
        out.push(format!("{label}: exit {}:\n{}", run.code, run.stderr));
    }
    let all_open = run.stderr.lines().any(|l| {
        l.strip_prefix("lesson: ")
            .and_then(|rest| rest.strip_suffix(" pages opened"))
            .and_then(|rest| rest.split_once(" of "))
            .is_some_and(|(open, n)| open == n)
    });
    if !all_open {
        out.push(format!("{label}: a page never opened:\n{}", run.stderr));
    }
    for e in &run.events {
        let EventKind::Step { op, line, text, .. } = &e.kind else {
            continue;
        };
        match line {
            None if !UNSCRIPTED.contains(&op.as_str()) => {
                out.push(format!("{label}: {} `{text}` has no listing line", e.actor));
            }
            Some(n) if *n as usize > listing_lines => {
                out.push(format!(
                    "{label}: {} `{text}` at line {n} of {listing_lines}",
                    e.actor
                ));
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_lesson_opens_all_its_pages_and_marks_its_python_lines() {
    let mut jobs: Vec<(String, Option<String>, usize)> = Vec::new();
    for s in conlab::scenario::builtin() {
        let names: Vec<Option<String>> = if s.variants.is_empty() {
            vec![None]
        } else {
            s.variants.iter().map(|v| Some(v.name.clone())).collect()
        };
        for v in names {
            let plan = s.plan(v.as_deref(), &[]).expect("a built-in plan");
            let listing = plan.listing.as_ref().expect("every lesson has a listing");
            jobs.push((s.id.clone(), v, listing.en.lines().count()));
        }
    }
    assert!(jobs.len() >= 25, "only {} runs", jobs.len());
    let jobs = Mutex::new(jobs);
    let found = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE {
            scope.spawn(|| loop {
                let Some((id, variant, lines)) = jobs.lock().unwrap().pop() else {
                    return;
                };
                let extra: Vec<&str> = match &variant {
                    Some(v) => vec!["--variant", v],
                    None => vec![],
                };
                let label = format!("{id} {}", variant.as_deref().unwrap_or(""));
                let run = headless(&id, &extra);
                found.lock().unwrap().extend(faults(&run, &label, lines));
            });
        }
    });
    let found = found.into_inner().unwrap();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

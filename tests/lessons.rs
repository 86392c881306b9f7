//! Every built-in lesson in every variant, run headless on real processes:
//! its checks hold, every lesson page opens (its event really happens), and
//! every scripted step says which line of the Python listing it stands for.

mod common;

use std::sync::Mutex;

use common::{headless, Run};
use conlab::event::{ActorKind, Event, EventKind};

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
    out.extend(exit_faults(&run.events, label));
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

/// Every process that was spawned and reaped has an `exited`, told after
/// every line of its own (its steps and prints) and before its `reaped`. An
/// adopted orphan that exited before the host read its last events was
/// reaped, and told `exited`, ahead of them (1 run of ~150 of `orphan` under
/// load): a reader of the log saw it act after it had ended.
fn exit_faults(events: &[Event], label: &str) -> Vec<String> {
    let mut out = Vec::new();
    let processes = events.iter().filter_map(|e| match e.kind {
        EventKind::Spawned {
            kind: ActorKind::Process,
            ..
        } => Some((e.actor.as_str(), e.pid)),
        _ => None,
    });
    for (actor, pid) in processes {
        let at = |want: fn(&EventKind) -> bool| {
            events
                .iter()
                .position(|e| e.actor == actor && e.pid == pid && want(&e.kind))
        };
        let own_last = events.iter().rposition(|e| {
            e.actor == actor
                && e.pid == pid
                && matches!(
                    e.kind,
                    EventKind::Started {} | EventKind::Step { .. } | EventKind::Print { .. }
                )
        });
        let exited = at(|k| matches!(k, EventKind::Exited { .. }));
        // A process killed by a signal and joined by another actor may have
        // its last lines relayed after (docs/events.md): only ends of its own.
        let killed = exited.is_some_and(|x| {
            matches!(
                &events[x].kind,
                EventKind::Exited {
                    signal: Some(_),
                    ..
                }
            )
        });
        let Some(reaped) = at(|k| matches!(k, EventKind::Reaped { .. })) else {
            continue;
        };
        match exited {
            None => out.push(format!(
                "{label}: {actor} (pid {pid}) was reaped with no `exited`"
            )),
            Some(x) if x > reaped => out.push(format!(
                "{label}: {actor} (pid {pid}): `exited` after `reaped`"
            )),
            Some(x) if !killed && own_last.is_some_and(|l| l > x) => out.push(format!(
                "{label}: {actor} (pid {pid}): `exited` told before its own last event"
            )),
            Some(_) => {}
        }
    }
    out
}

/// The invariant above finds each way a log can break it (it must be able
/// to fail, or the lesson test proves nothing).
#[test]
fn exit_invariant_finds_a_lost_or_early_exited() {
    let ev = |actor: &str, kind: EventKind| Event::new(1, actor, 7, kind);
    let spawned = ev(
        "child",
        EventKind::Spawned {
            kind: ActorKind::Process,
            parent: Some("parent".into()),
            daemon: false,
        },
    );
    let print = ev("child", EventKind::Print { text: "bye".into() });
    let exited = ev(
        "child",
        EventKind::Exited {
            code: Some(0),
            signal: None,
            cause: None,
        },
    );
    let reaped = ev("child", EventKind::Reaped { by: "host".into() });
    let killed = ev(
        "child",
        EventKind::Exited {
            code: None,
            signal: Some("SIGTERM".into()),
            cause: None,
        },
    );
    let logs = [
        (vec![&spawned, &print, &exited, &reaped], 0),
        (vec![&spawned, &print, &reaped], 1),
        (vec![&spawned, &exited, &print, &reaped], 1),
        (vec![&spawned, &print, &reaped, &exited], 1),
        // Killed and joined by another actor: its last lines may come after.
        (vec![&spawned, &killed, &print, &reaped], 0),
        // Not reaped (yet): nothing to say.
        (vec![&spawned, &print], 0),
    ];
    for (log, want) in logs {
        let log: Vec<Event> = log.into_iter().cloned().collect();
        let found = exit_faults(&log, "t");
        assert_eq!(found.len(), want, "{found:?}");
    }
}

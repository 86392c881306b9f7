//! At 80x24 the actors the lesson is about are on the timeline at every
//! moment: each built-in lesson is run headless on real processes, its
//! events are fed to the run screen in 20 ms batches (the lesson's pages
//! turned as soon as they open), and after each batch the screen is drawn
//! at 80x24 and its lane labels read back. The actors the deadlock banner
//! names and those the current page names (its `wait_for` actor, the lane
//! names in its text) must be among them. The old rule (the first lanes in
//! order) is measured beside it for the report.
//! Run with `--nocapture` for the per-lesson counts.

mod common;

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Instant;

use common::headless;
use conlab::event::Event;
use conlab::model::checks::actor_matches;
use conlab::model::lesson::LessonProgress;
use conlab::model::reorder::Reorder;
use conlab::model::{Declared, Model};
use conlab::scenario::Scenario;
use conlab::ui::{RunScreen, RunState, UiState};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

const BATCH_US: u64 = 20_000;
const AT_ONCE: usize = 4;

/// A run state for `s` as the app sets one up before the first event.
fn fresh(s: &Scenario) -> RunState {
    let mut run = RunState::new(s.clone(), None, 1.0);
    let plan = s.plan(None, &[]).expect("a built-in plan");
    run.model = Model::new(&plan.checks);
    run.model.declare(&Declared::of(&plan));
    run.lesson = LessonProgress::new(&s.pages, plan.variant.as_deref(), Instant::now());
    run.variant = plan.variant;
    run
}

/// The actors the banner or the page names now (only those with a lane).
fn named(run: &RunState) -> BTreeSet<String> {
    let m = &run.model;
    let has = |a: &str| m.lanes.iter().any(|l| l.actor == a);
    let mut out = BTreeSet::new();
    if let Some(found) = m.deadlocks.current() {
        out.extend(found.members().map(str::to_string));
    }
    for (actor, _, holders) in m.deadlocks.graph.hopeless() {
        out.insert(actor.to_string());
        out.extend(holders.into_iter().map(str::to_string));
    }
    if let Some(page) = run.lesson.current() {
        let exact = page.wait_for.as_ref().and_then(|w| w.actor.clone());
        out.extend(exact.filter(|a| !a.ends_with('*')));
        for text in [&page.text.en, &page.text.zh] {
            let words = text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
            out.extend(words.filter(|w| has(w)).map(str::to_string));
        }
        let pattern = page.wait_for.as_ref().and_then(|w| w.actor.as_deref());
        // A pattern (`b*`): at least its first lane, as a stand-in.
        if let Some(p) = pattern.filter(|p| p.ends_with('*')) {
            let first = m.lanes.iter().find(|l| actor_matches(p, &l.actor));
            out.extend(first.map(|l| l.actor.clone()));
        }
    }
    out.retain(|a| has(a));
    out
}

/// The page's `wait_for` pattern (`ct*`) and the first lane it matches, the
/// stand-in `named` asks for.
fn stand_in(run: &RunState) -> Option<(String, String)> {
    let page = run.lesson.current()?;
    let p = page.wait_for.as_ref()?.actor.as_deref()?;
    let first = run
        .model
        .lanes
        .iter()
        .find(|l| actor_matches(p, &l.actor))?;
    p.ends_with('*')
        .then(|| (p.to_string(), first.actor.clone()))
}

/// A pattern names a group of actors, not one: it is on screen when a lane it
/// matches is, or a folded group of them (`ct0‥3`: every member shares the
/// stem). Under load the rows can run short while other actors (a lock's
/// holders, the lanes last active) are wanted too, and the timeline folds the
/// pattern's group whole (cpu-vs-io held 174 of 175 moments so): the group's
/// row still shows what the page is about. Actors named exactly (the banner,
/// the page's words, an exact `wait_for`) must still have a lane of their own.
fn covered(pattern: &str, shown: &BTreeSet<String>) -> bool {
    shown.iter().any(|label| {
        let first = label.split('‥').next().unwrap_or(label);
        actor_matches(pattern, first)
    })
}

/// The lane names on the timeline of a drawn 80x24 screen.
fn lanes_on_screen(buf: &Buffer) -> BTreeSet<String> {
    let rows: Vec<String> = (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect();
    let Some(top) = rows.iter().position(|r| r.contains(" Timeline ")) else {
        return BTreeSet::new();
    };
    rows[top + 1..]
        .iter()
        .take_while(|r| r.starts_with('│') && !r.contains('╵') && !r.contains(" more"))
        .filter(|r| !r.contains("lanes "))
        .filter_map(|r| r.trim_start_matches('│').split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// Moments checked, moments that held, moments the first-lanes rule would
/// have held, and the first miss.
#[derive(Default, Debug)]
struct Tally {
    moments: usize,
    held: usize,
    held_before: usize,
    miss: Option<String>,
}

fn check_moment(run: &RunState, ui: &UiState, tally: &mut Tally) {
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    (&RunScreen { run, ui }).render(area, &mut buf);
    let want = named(run);
    let shown = lanes_on_screen(&buf);
    let rows = run.lane_rows.get();
    let first: BTreeSet<&str> = run
        .model
        .lanes
        .iter()
        .take(rows)
        .map(|l| l.actor.as_str())
        .collect();
    tally.moments += 1;
    let pattern = stand_in(run);
    let missing: Vec<&String> = want
        .iter()
        .filter(|a| !shown.contains(*a))
        .filter(|a| {
            !pattern
                .as_ref()
                .is_some_and(|(p, first)| first == *a && covered(p, &shown))
        })
        .collect();
    if missing.is_empty() {
        tally.held += 1;
    } else if tally.miss.is_none() {
        let t = run.model.run.last_us;
        tally.miss = Some(format!("at {t} µs {missing:?} not among {shown:?}"));
    }
    if want.iter().all(|a| first.contains(a.as_str())) {
        tally.held_before += 1;
    }
}

fn replay(s: &Scenario, events: &[Event]) -> Tally {
    // Headless prints events as they arrived; the screen takes them in time
    // order, through the same reorder buffer.
    let mut order = Reorder::default();
    for e in events {
        order.push(e.clone(), Instant::now());
    }
    let events = order.flush();
    let mut run = fresh(s);
    let ui = UiState::default();
    let mut tally = Tally::default();
    let mut batch_end = BATCH_US;
    for e in &events {
        if e.t_us >= batch_end {
            while run.lesson.next(Instant::now()) {}
            check_moment(&run, &ui, &mut tally);
            batch_end = (e.t_us / BATCH_US + 1) * BATCH_US;
        }
        run.apply(e);
        run.now_us = e.t_us;
    }
    while run.lesson.next(Instant::now()) {}
    check_moment(&run, &ui, &mut tally);
    tally
}

/// A run whose moment missed is kept (its events, one a line) for a look.
fn save(id: &str, events: &[Event]) {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("lane-focus-{id}-{}.jsonl", std::process::id()));
    let lines: Vec<String> = events
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    std::fs::write(&path, lines.join("\n")).ok();
    println!("{id}: its events are in {}", path.display());
}

#[test]
fn the_actors_the_banner_and_page_name_are_on_screen_at_80x24() {
    // `CONLAB_LANE_FOCUS_ONLY=ID` and `CONLAB_LANE_FOCUS_REPEAT=N`: one lesson,
    // N runs (to chase a moment that misses under load).
    let only = std::env::var("CONLAB_LANE_FOCUS_ONLY").ok();
    let repeat: usize = std::env::var("CONLAB_LANE_FOCUS_REPEAT")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let lessons = conlab::scenario::builtin()
        .into_iter()
        .filter(|s| only.as_deref().is_none_or(|o| s.id == o));
    let jobs = Mutex::new(lessons.flat_map(|s| vec![s; repeat]).collect::<Vec<_>>());
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE {
            scope.spawn(|| loop {
                let Some(s) = jobs.lock().unwrap().pop() else {
                    return;
                };
                let run = match std::env::var("CONLAB_LANE_FOCUS_LOG") {
                    Ok(path) => common::Run {
                        code: 0,
                        stderr: String::new(),
                        events: common::events(&std::fs::read_to_string(path).unwrap()),
                    },
                    Err(_) => headless(&s.id, &[]),
                };
                // Checks are tests/lessons.rs's business; any run that ran is checked here.
                assert!(!run.events.is_empty(), "{}: {}", s.id, run.stderr);
                let tally = replay(&s, &run.events);
                results
                    .lock()
                    .unwrap()
                    .push((s.id.clone(), tally, run.events));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let mut failed = Vec::new();
    for (id, t, events) in &results {
        println!(
            "{id:22} {}/{} moments held (first-lanes rule: {}/{})",
            t.held, t.moments, t.held_before, t.moments
        );
        if let Some(miss) = &t.miss {
            failed.push(format!("{id}: {miss}"));
            save(id, events);
        }
    }
    assert!(
        only.is_some() || results.len() >= 25,
        "only {} lessons",
        results.len()
    );
    assert!(results.iter().all(|(_, t, _)| t.moments > 0));
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

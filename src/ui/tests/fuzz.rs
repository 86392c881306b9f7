//! Whatever a recording holds, the screen draws. The event lists of the test
//! runs are mutated (seeded: dropped, repeated, swapped, re-timed, renamed,
//! mixed with other runs' events and wild endings), folded into a run state
//! of a scenario they do not belong to, and drawn at several sizes, in both
//! languages, following live and with the time cursor out.
//! `CONLAB_FUZZ_CASES=N` runs more cases.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::deadlock_runs::deadlock_events;
use super::draw;
use super::events::{ending, events};
use super::fixture::scenario;
use super::pool_runs::pool_events;
use super::queue_runs::queue_events;
use super::tickets::{lock_events, race_events};
use crate::event::{Event, EventKind, Outcome};
use crate::scenario::text::Lang;
use crate::ui::pane::PANES;
use crate::ui::screen::RunScreen;
use crate::ui::state::{RunState, UiState};
use crate::ui::view_window::{ViewWindow, SPANS_US};

fn corpus() -> Vec<Vec<Event>> {
    let mut whole = events();
    whole.extend(ending());
    vec![
        whole,
        deadlock_events(),
        queue_events(),
        pool_events(),
        lock_events(),
        race_events(),
    ]
}

/// Odd facts a recording may hold: endings of every kind, limits, strangers.
fn odd_events(t_us: u64) -> Vec<Event> {
    let mut out: Vec<Event> = [
        Outcome::Completed,
        Outcome::Aborted,
        Outcome::TimedOut,
        Outcome::Limit,
        Outcome::HostDied,
    ]
    .into_iter()
    .map(|outcome| {
        let reason = Some("killed by signal 9 (SIGKILL)".to_string());
        Event::new(t_us, "host", 1, EventKind::RunEnded { outcome, reason })
    })
    .collect();
    let limit = EventKind::LimitReached {
        limit: "events".into(),
        max: 1_000_000,
        text: "the run told more than 1000000 events".into(),
    };
    out.push(Event::new(t_us, "host", 1, limit));
    let text = "主进程\u{3000}打印 ".repeat(40);
    out.push(Event::new(t_us, "陌生人", 77, EventKind::Print { text }));
    out
}

fn mutate(rng: &mut StdRng, base: &[Event], other: &[Event]) -> Vec<Event> {
    let mut out = base.to_vec();
    for _ in 0..rng.gen_range(1..8) {
        if out.is_empty() {
            break;
        }
        let i = rng.gen_range(0..out.len());
        match rng.gen_range(0..9) {
            0 => {
                out.remove(i);
            }
            1 => out.insert(i, out[i].clone()),
            2 => {
                let j = rng.gen_range(0..out.len());
                out.swap(i, j);
            }
            3 => {
                // A recording's times stop at 10^12 µs (crate::recording refuses
                // later ones); a live run's clock never gets near.
                let times = [0, 1, 999_999, 1_000_000_000_000];
                out[i].t_us = times[rng.gen_range(0..times.len())];
            }
            4 => {
                let names = ["", "ghost", "host", "主进程", "t9"];
                out[i].actor = names[rng.gen_range(0..names.len())].to_string();
            }
            5 => out[i].pid = [-1, 0, i32::MAX, 1][rng.gen_range(0..4)],
            6 if !other.is_empty() => {
                let e = other[rng.gen_range(0..other.len())].clone();
                out.insert(i, e);
            }
            7 => {
                let odd = odd_events(out[i].t_us);
                out.insert(i, odd[rng.gen_range(0..odd.len())].clone());
            }
            _ => out.truncate(i),
        }
    }
    out
}

fn cases() -> usize {
    std::env::var("CONLAB_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

/// Draw `run` as a person would see it: every pane at 80x24, a few sizes,
/// both languages; then with the time cursor out in the middle.
fn draw_every_way(run: &mut RunState) {
    for (i, pane) in PANES.into_iter().enumerate() {
        let lang = if i % 2 == 0 { Lang::En } else { Lang::Zh };
        let ui = UiState {
            lang,
            pane,
            ..UiState::default()
        };
        draw(&RunScreen { run, ui: &ui }, 80, 24);
    }
    for (w, h) in [(120, 40), (33, 7), (200, 60)] {
        let ui = UiState::default();
        draw(&RunScreen { run, ui: &ui }, w, h);
    }
    run.view = ViewWindow {
        follow: false,
        cursor_us: run.now_us / 2,
        span_us: Some(SPANS_US[0]),
    };
    run.seek_past();
    let ui = UiState {
        lang: Lang::Zh,
        ..UiState::default()
    };
    draw(&RunScreen { run, ui: &ui }, 120, 40);
}

#[test]
fn mutated_event_logs_never_break_the_screen() {
    let corpus = corpus();
    let mut rng = StdRng::seed_from_u64(11);
    for case in 0..cases() {
        let base = &corpus[case % corpus.len()];
        let other = &corpus[(case + 1) % corpus.len()];
        let events = mutate(&mut rng, base, other);
        let mut run = RunState::new(scenario(), Some("late-join".into()), 1.0);
        for e in &events {
            run.apply(e);
        }
        run.now_us = events.iter().map(|e| e.t_us).max().unwrap_or(0);
        draw_every_way(&mut run);
    }
}

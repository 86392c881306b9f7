//! Frame time: the real run screen (`RunScreen`, as the app draws it) rendered
//! into a ratatui `TestBackend` at 80x24, 120x40 and 300x90, with 10, 100 and
//! 400 lanes and 1 k, 100 k and 1 M events folded into the model. Baseline,
//! in the same run: a full-screen plain `Paragraph` of the same size drawn
//! through the same terminal, so the ratio frame/baseline says what the screen
//! costs over ratatui's own floor. Target: the median within the design's
//! budget (2 ms up to 120x40, 5 ms at 300x90, with 400 lanes).
//!
//! Run: `cargo bench --bench frames [-- --quick] [-- --guard]`.

#[path = "support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use conlab::event::{Activity, ActorKind, Event, EventKind};
use conlab::model::Model;
use conlab::ui::{RunScreen, RunState, UiState};
use ratatui::backend::TestBackend;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Terminal;
use support::{median, ms, percentile, Flags, Guard};

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (300, 90)];
const LANES: [usize; 3] = [10, 100, 400];
/// The run the events are spread over, in microseconds (a minute).
const RUN_US: u64 = 60_000_000;

/// The design's budget for one frame at this size.
fn budget(w: u16) -> Duration {
    if w >= 300 {
        Duration::from_millis(5)
    } else {
        Duration::from_millis(2)
    }
}

/// What actor `i` does at its `k`-th step: a mix of every activity the
/// timeline paints, so each lane has many segments of different colours.
fn step(k: usize) -> EventKind {
    let (op, activity) = match k % 4 {
        0 => ("work", Activity::Working),
        1 => ("sleep", Activity::Sleeping),
        2 => ("acquire", Activity::Blocked),
        _ => ("print", Activity::Running),
    };
    EventKind::Step {
        index: (k % 7) as u32,
        op: op.into(),
        text: format!("{op} {k}"),
        activity,
        line: Some(3),
        targets: None,
    }
}

/// A model with `lanes` thread actors under `main` and `events` events in all,
/// spread evenly over a minute.
fn model(lanes: usize, events: usize) -> Model {
    let mut m = Model::new(&[]);
    let spawn = |name: &str, parent: Option<&str>| {
        let kind = EventKind::Spawned {
            kind: ActorKind::Thread,
            parent: parent.map(str::to_string),
            daemon: false,
        };
        Event::new(0, name, 1, kind)
    };
    m.apply(&spawn("main", None));
    let names: Vec<String> = (1..lanes).map(|i| format!("worker{i}")).collect();
    for n in &names {
        m.apply(&spawn(n, Some("main")));
    }
    let gap = (RUN_US / events as u64).max(1);
    for i in 0..events {
        let who = if i % lanes == 0 {
            "main"
        } else {
            &names[i % lanes - 1]
        };
        m.apply(&Event::new(i as u64 * gap, who, 1, step(i / lanes)));
    }
    m
}

/// A run of a built-in lesson showing `model` (its lesson pane, code and
/// header are real; the lanes are the model's).
fn run_with(model: Model) -> RunState {
    let scenario = conlab::scenario::builtin()
        .into_iter()
        .find(|s| s.id == "threads-basics")
        .expect("threads-basics is built in");
    let mut run = RunState::new(scenario, None, 1.0);
    run.now_us = RUN_US;
    run.model = model;
    run
}

/// Draw `frames` frames of whatever `draw` renders, each timed alone.
fn time_frames(w: u16, h: u16, frames: usize, draw: impl Fn(&mut ratatui::Frame)) -> Vec<Duration> {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    // One untimed frame: the first draw fills an empty previous buffer.
    term.draw(&draw).expect("draw");
    (0..frames)
        .map(|_| {
            let began = Instant::now();
            term.draw(&draw).expect("draw");
            began.elapsed()
        })
        .collect()
}

/// A full screen of plain text: what ratatui costs to lay out and diff anyway.
fn baseline(w: u16, h: u16, frames: usize) -> Vec<Duration> {
    let text: String = (0..h)
        .map(|y| {
            format!(
                "{y:03} {}\n",
                "lorem ipsum dolor sit amet ".repeat(w as usize / 27 + 1)
            )
        })
        .collect();
    time_frames(w, h, frames, |f| {
        f.render_widget(
            Paragraph::new(text.as_str()).wrap(Wrap { trim: false }),
            f.area(),
        )
    })
}

fn main() {
    if Flags::listing() {
        return;
    }
    let flags = Flags::parse();
    let mut guard = Guard::new("frames");
    let counts: &[usize] = if flags.quick {
        &[1_000, 100_000]
    } else {
        &[1_000, 100_000, 1_000_000]
    };
    let frames = if flags.quick { 30 } else { 200 };
    let ui = UiState::default();
    println!("frame time, real run screen vs a full-screen Paragraph (same run)");
    println!(
        "{:>8} {:>6} {:>9} {:>9} {:>9} {:>9} {:>7} {:>8}",
        "size", "lanes", "events", "median", "p95", "baseline", "ratio", "budget"
    );
    for &lanes in &LANES {
        for &events in counts {
            let run = run_with(model(lanes, events));
            for &(w, h) in &SIZES {
                let base = median(&baseline(w, h, frames));
                let samples = time_frames(w, h, frames, |f| {
                    f.render_widget(&RunScreen { run: &run, ui: &ui }, f.area())
                });
                let (mid, p95) = (median(&samples), percentile(&samples, 95));
                let score = budget(w).as_secs_f64() / mid.as_secs_f64();
                println!(
                    "{:>8} {:>6} {:>9} {:>7.3}ms {:>7.3}ms {:>7.3}ms {:>7.1} {:>7.2}x",
                    format!("{w}x{h}"),
                    lanes,
                    events,
                    ms(mid),
                    ms(p95),
                    ms(base),
                    mid.as_secs_f64() / base.as_secs_f64(),
                    score,
                );
                guard.score(
                    &format!("frame {w}x{h}, {lanes} lanes, {events} events"),
                    score,
                );
            }
        }
    }
    println!("ratio = frame / baseline; budget = budget / median (>= 1 meets it: 2 ms to 120x40, 5 ms at 300x90)");
    guard.finish(&flags);
}

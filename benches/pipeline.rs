//! Event pipeline throughput: 8 producer threads → the real pipeline (per-process
//! emitter and writer thread, binary frames over an OS pipe, the UI's reader
//! thread, a crossbeam channel) → the model; the old wire (JSON lines, the
//! same threads and pipe) and a bare crossbeam channel carrying the same
//! events, all measured in the same run. Model::apply alone is measured too,
//! since the pipeline can never outrun it. Printed as events/s and ratios.
//!
//! Run: `cargo bench --bench pipeline [-- --quick] [-- --guard]`.
//! `--guard` exits 1 when the frame pipeline falls below half its targets
//! (ratio < 0.25 of the bare channel, or < 1 M events/s).
//! `PIPELINE_PROFILE=1` runs the frame pipeline alone, for `perf record`.

use std::io::{BufReader, BufWriter, Write};
use std::time::{Duration, Instant};

use conlab::event::{Activity, ActorKind, Event, EventKind};
use conlab::model::Model;
use conlab::runtime::clock::Clock;
use conlab::runtime::emit::{Emitter, WIRE_BUFFER};
use conlab::runtime::launch::{read_events, read_json_lines};

const PRODUCERS: usize = 8;
const TARGET_RATIO: f64 = 0.5;
const TARGET_RATE: f64 = 2_000_000.0;

fn payload(i: usize) -> EventKind {
    EventKind::Step {
        index: (i % 7) as u32,
        op: "sleep".into(),
        text: "sleep 1.00s".into(),
        activity: Activity::Sleeping,
        line: Some(3),
        targets: None,
    }
}

fn actor(p: usize) -> String {
    format!("worker{p}")
}

fn spawned() -> EventKind {
    EventKind::Spawned {
        kind: ActorKind::Thread,
        parent: None,
        daemon: false,
    }
}

/// Feed the model until it has seen `total` events; how long that took.
fn drain_into_model(
    rx: crossbeam_channel::Receiver<Event>,
    total: usize,
    began: Instant,
) -> Duration {
    let mut model = Model::new(&[]);
    for event in rx.iter() {
        model.apply(&event);
        if model.events_seen as usize == total {
            break;
        }
    }
    assert_eq!(model.events_seen as usize, total, "every event arrived");
    began.elapsed()
}

/// Producers → Emitter (frames) → pipe → read_events → channel → Model::apply.
fn frames_pipeline(per_producer: usize) -> Duration {
    let (read_end, write_end) = std::io::pipe().expect("pipe");
    let (emitter, writer) = Emitter::start(write_end, Clock::start());
    let (tx, rx) = crossbeam_channel::unbounded::<Event>();
    // As host_watch reads the host's stdout.
    let reader = BufReader::with_capacity(WIRE_BUFFER, read_end);
    let reader = std::thread::spawn(move || read_events(reader, &tx, None));
    (0..PRODUCERS).for_each(|p| emitter.emit(&actor(p), spawned()));
    let began = Instant::now();
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|p| {
            let e = emitter.clone();
            std::thread::spawn(move || {
                let name = actor(p);
                (0..per_producer).for_each(|i| e.emit(&name, payload(i)));
            })
        })
        .collect();
    drop(emitter);
    let took = drain_into_model(rx, PRODUCERS * (per_producer + 1), began);
    producers.into_iter().for_each(|h| h.join().unwrap());
    writer.join().unwrap();
    reader.join().unwrap();
    took
}

/// The old wire, as the emitter had it: each producer serializes its JSON
/// line, one writer thread writes them to the pipe; the reader parses lines.
fn json_lines_pipeline(per_producer: usize) -> Duration {
    let (read_end, write_end) = std::io::pipe().expect("pipe");
    let (lines_tx, lines_rx) = crossbeam_channel::bounded::<Vec<u8>>(4096);
    let writer = std::thread::spawn(move || {
        let mut w = BufWriter::new(write_end);
        for line in lines_rx.iter() {
            w.write_all(&line).unwrap();
            if lines_rx.is_empty() {
                w.flush().unwrap();
            }
        }
    });
    let (tx, rx) = crossbeam_channel::unbounded::<Event>();
    let reader = std::thread::spawn(move || read_json_lines(BufReader::new(read_end), &tx));
    let clock = Clock::start();
    let emit = move |lines: &crossbeam_channel::Sender<Vec<u8>>, name: &str, kind| {
        let e = Event::new(clock.t_us(), name, 1, kind);
        let mut line = serde_json::to_vec(&e).unwrap();
        line.push(b'\n');
        lines.send(line).unwrap();
    };
    (0..PRODUCERS).for_each(|p| emit(&lines_tx, &actor(p), spawned()));
    let began = Instant::now();
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|p| {
            let lines = lines_tx.clone();
            std::thread::spawn(move || {
                let name = actor(p);
                (0..per_producer).for_each(|i| emit(&lines, &name, payload(i)));
            })
        })
        .collect();
    drop(lines_tx);
    let took = drain_into_model(rx, PRODUCERS * (per_producer + 1), began);
    producers.into_iter().for_each(|h| h.join().unwrap());
    writer.join().unwrap();
    reader.join().unwrap();
    took
}

/// The same events over a bare crossbeam channel, drained by one consumer.
fn bare_channel(per_producer: usize) -> Duration {
    let (tx, rx) = crossbeam_channel::unbounded::<Event>();
    let clock = Clock::start();
    let began = Instant::now();
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|p| {
            let tx = tx.clone();
            std::thread::spawn(move || {
                let name = actor(p);
                for i in 0..per_producer {
                    tx.send(Event::new(clock.t_us(), &name, 1, payload(i)))
                        .unwrap();
                }
            })
        })
        .collect();
    drop(tx);
    let mut n = 0usize;
    for e in rx.iter() {
        std::hint::black_box(&e);
        n += 1;
    }
    let took = began.elapsed();
    producers.into_iter().for_each(|h| h.join().unwrap());
    assert_eq!(n, PRODUCERS * per_producer);
    took
}

/// Model::apply alone over the same events, already in memory.
fn model_only(per_producer: usize) -> Duration {
    let mut events: Vec<Event> = (0..PRODUCERS)
        .map(|p| Event::new(0, &actor(p), 1, spawned()))
        .collect();
    for i in 0..per_producer {
        (0..PRODUCERS).for_each(|p| events.push(Event::new(i as u64, &actor(p), 1, payload(i))));
    }
    let mut model = Model::new(&[]);
    let began = Instant::now();
    events.iter().for_each(|e| model.apply(e));
    let took = began.elapsed();
    assert_eq!(model.events_seen as usize, events.len());
    took
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        println!("pipeline: benchmark");
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let guard = args.iter().any(|a| a == "--guard");
    let (per_producer, rounds) = if quick { (25_000, 3) } else { (50_000, 5) };
    let n = (PRODUCERS * per_producer) as f64;
    let (mut base, mut frames, mut json, mut model) = (vec![], vec![], vec![], vec![]);
    if std::env::var("PIPELINE_PROFILE").is_ok() {
        (0..rounds).for_each(|_| _ = frames_pipeline(per_producer));
        return;
    }
    for _ in 0..rounds {
        base.push(bare_channel(per_producer));
        frames.push(frames_pipeline(per_producer));
        json.push(json_lines_pipeline(per_producer));
        model.push(model_only(per_producer));
    }
    let rate = |v: Vec<Duration>| n / median(v).as_secs_f64();
    let (base, frames, json, model) = (rate(base), rate(frames), rate(json), rate(model));
    println!("{PRODUCERS} producers x {per_producer} events, median of {rounds} rounds");
    println!("bare crossbeam channel:     {base:>12.0} events/s  (baseline)");
    println!(
        "pipeline, binary frames:    {frames:>12.0} events/s  ratio {:.3}",
        frames / base
    );
    println!(
        "pipeline, JSON lines (old): {json:>12.0} events/s  ratio {:.3}",
        json / base
    );
    println!(
        "Model::apply alone:         {model:>12.0} events/s  ratio {:.3}",
        model / base
    );
    println!("frames / JSON lines:        {:>12.2}x", frames / json);
    println!(
        "target: frames ratio >= {TARGET_RATIO} and > {:.0} M events/s",
        TARGET_RATE / 1e6
    );
    if guard {
        let ratio = frames / base;
        if ratio < TARGET_RATIO / 2.0 || frames < TARGET_RATE / 2.0 {
            eprintln!(
                "GUARD FAILED: frame pipeline at {frames:.0} events/s, ratio {ratio:.3} to the bare channel \
                 (must be >= {} and >= {:.0} events/s, half the targets)",
                TARGET_RATIO / 2.0,
                TARGET_RATE / 2.0
            );
            std::process::exit(1);
        }
        println!(
            "guard passed: ratio >= {} and >= {:.0} events/s",
            TARGET_RATIO / 2.0,
            TARGET_RATE / 2.0
        );
    }
}

//! Event pipeline throughput: 8 producer threads → the real pipeline (per-process
//! emitter and writer thread, JSON lines over an OS pipe, the UI's reader thread,
//! a crossbeam channel) → the model; against a bare crossbeam channel carrying
//! the same events, measured in the same run. Printed as events/s and a ratio.
//!
//! Run: `cargo bench --bench pipeline`.

use std::io::BufReader;
use std::time::{Duration, Instant};

use conlab::event::{Activity, Event, EventKind};
use conlab::model::Model;
use conlab::runtime::clock::Clock;
use conlab::runtime::emit::Emitter;
use conlab::runtime::launch::read_events;

const PRODUCERS: usize = 8;
const PER_PRODUCER: usize = 50_000;
const ROUNDS: usize = 5;

fn payload(i: usize) -> EventKind {
    EventKind::Step {
        index: (i % 7) as u32,
        op: "sleep".into(),
        text: "sleep 1.00s".into(),
        activity: Activity::Sleeping,
        line: Some(3),
    }
}

fn actor(p: usize) -> String {
    format!("worker{p}")
}

/// Producers → Emitter → pipe → reader → channel → Model::apply.
fn pipeline() -> Duration {
    let (read_end, write_end) = std::io::pipe().expect("pipe");
    let (emitter, writer) = Emitter::start(write_end, Clock::start());
    let (tx, rx) = crossbeam_channel::unbounded::<Event>();
    let reader = std::thread::spawn(move || read_events(BufReader::new(read_end), &tx, None));
    let mut model = Model::new(&[]);
    for p in 0..PRODUCERS {
        emitter.emit(
            &actor(p),
            EventKind::Spawned {
                kind: conlab::event::ActorKind::Thread,
                parent: None,
                daemon: false,
            },
        );
    }
    let began = Instant::now();
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|p| {
            let e = emitter.clone();
            std::thread::spawn(move || {
                let name = actor(p);
                for i in 0..PER_PRODUCER {
                    e.emit(&name, payload(i));
                }
            })
        })
        .collect();
    drop(emitter);
    for event in rx.iter() {
        model.apply(&event);
        if model.events_seen as usize == PRODUCERS * (PER_PRODUCER + 1) {
            break;
        }
    }
    let took = began.elapsed();
    producers.into_iter().for_each(|h| h.join().unwrap());
    writer.join().unwrap();
    reader.join().unwrap();
    assert_eq!(model.events_seen as usize, PRODUCERS * (PER_PRODUCER + 1));
    took
}

/// The same events over a bare crossbeam channel, drained by one consumer.
fn bare_channel() -> Duration {
    let (tx, rx) = crossbeam_channel::unbounded::<Event>();
    let clock = Clock::start();
    let began = Instant::now();
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|p| {
            let tx = tx.clone();
            std::thread::spawn(move || {
                let name = actor(p);
                for i in 0..PER_PRODUCER {
                    let e = Event {
                        t_us: clock.t_us(),
                        actor: name.clone(),
                        pid: 1,
                        tid: None,
                        kind: payload(i),
                    };
                    tx.send(e).unwrap();
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
    assert_eq!(n, PRODUCERS * PER_PRODUCER);
    took
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("pipeline: benchmark");
        return;
    }
    let n = (PRODUCERS * PER_PRODUCER) as f64;
    let mut base = Vec::new();
    let mut real = Vec::new();
    for _ in 0..ROUNDS {
        base.push(bare_channel());
        real.push(pipeline());
    }
    let base_rate = n / median(base).as_secs_f64();
    let real_rate = n / median(real).as_secs_f64();
    println!("bare crossbeam channel: {:>12.0} events/s", base_rate);
    println!("conlab pipeline:        {:>12.0} events/s", real_rate);
    println!(
        "ratio pipeline/channel: {:>12.3}  (target >= 0.5, and > 2 M/s)",
        real_rate / base_rate
    );
}

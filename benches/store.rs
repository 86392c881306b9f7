//! The time cursor's store: bytes per stored event (store plus model, against
//! a plain `Vec<Event>` holding the same events) and the time to seek (the
//! model at a random time, against folding 1 000 events into a model), at
//! 1 k, 100 k and 1 M events of a made-up run, all measured in this run.
//!
//! `-- --quick` skips 1 M events; `-- --guard` exits 1 when, at the largest
//! size run, bytes per event pass 128 or the median seek takes over 10 ms
//! (twice the targets).

use conlab::event::Event;
use conlab::model::Model;
use conlab::store::{sample::sample_run, Store};
use rand::{rngs::StdRng, Rng, SeedableRng};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// The system allocator, counting the bytes live.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new, Relaxed);
        LIVE.fetch_sub(l.size(), Relaxed);
        System.realloc(p, l, new)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const ACTORS: usize = 32;
const BYTES_TARGET: f64 = 64.0;
const SEEK_TARGET_MS: f64 = 5.0;

/// Bytes a `Vec<Event>` holding `events` takes, and the bytes a store plus
/// its live model take, the bytes the live model alone takes, and the bytes
/// one more clone of the model takes (a checkpoint's cost).
fn bytes(events: &[Event]) -> (usize, usize, usize, usize) {
    let before = LIVE.load(Relaxed);
    let plain: Vec<Event> = events.to_vec();
    let plain_bytes = LIVE.load(Relaxed) - before;
    drop(plain);
    let before = LIVE.load(Relaxed);
    let mut model = Model::default();
    events.iter().for_each(|e| model.apply(e));
    let model_bytes = LIVE.load(Relaxed) - before;
    drop(model);
    let before = LIVE.load(Relaxed);
    let store = filled(events);
    let store_bytes = LIVE.load(Relaxed) - before;
    let before = LIVE.load(Relaxed);
    let copy = store.1.clone();
    let clone_bytes = LIVE.load(Relaxed) - before;
    drop((store, copy));
    (plain_bytes, store_bytes, model_bytes, clone_bytes)
}

fn filled(events: &[Event]) -> (Store, Model) {
    let (mut store, mut model) = (Store::default(), Model::default());
    for e in events {
        store.record(&model, e);
        model.apply(e);
    }
    (store, model)
}

/// Seconds per event spent storing (`Store::record`, checkpoints included)
/// and folding (`Model::apply`), timed over the same run: what the time
/// cursor adds to the UI thread's work for each event it is sent.
fn record_cost(events: &[Event]) -> (f64, f64) {
    let began = Instant::now();
    std::hint::black_box(filled(events));
    let both = began.elapsed().as_secs_f64();
    let began = Instant::now();
    let mut model = Model::default();
    events.iter().for_each(|e| model.apply(e));
    std::hint::black_box(model);
    let apply = began.elapsed().as_secs_f64();
    let n = events.len().max(1) as f64;
    ((both - apply).max(0.0) / n, apply / n)
}

/// Median and worst of `seeks` seeks to random times, and the median fold of
/// 1 000 events into a fresh model.
fn seeks(events: &[Event], seeks: usize) -> (Duration, Duration, Duration) {
    let (store, _live) = filled(events);
    let end = events.iter().map(|e| e.t_us).max().unwrap_or(0);
    let mut rng = StdRng::seed_from_u64(4);
    let mut took: Vec<Duration> = (0..seeks)
        .map(|_| {
            let t = rng.gen_range(0..=end);
            let began = Instant::now();
            std::hint::black_box(store.model_at(t));
            began.elapsed()
        })
        .collect();
    took.sort();
    let mut folds: Vec<Duration> = (0..seeks.min(200))
        .map(|_| {
            let began = Instant::now();
            let mut m = Model::default();
            events.iter().take(1000).for_each(|e| m.apply(e));
            std::hint::black_box(m);
            began.elapsed()
        })
        .collect();
    folds.sort();
    (
        took[took.len() / 2],
        took[took.len() - 1],
        folds[folds.len() / 2],
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        println!("store: benchmark");
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let guard = args.iter().any(|a| a == "--guard");
    let sizes: &[usize] = if quick {
        &[1_000, 100_000]
    } else {
        &[1_000, 100_000, 1_000_000]
    };
    let mut failed = Vec::new();
    for (i, &n) in sizes.iter().enumerate() {
        let events = sample_run(n, ACTORS, 16);
        let (plain, store, model, clone) = bytes(&events);
        let per = |b: usize| b as f64 / n as f64;
        println!(
            "{n:>9} events: Vec<Event> {:>6.1} B/event (+ model {:>5.1}); store + model {:>6.1} B/event; ratio {:.3} (target <= {BYTES_TARGET})",
            per(plain),
            per(model),
            per(store),
            per(store) / per(plain)
        );
        println!(
            "{n:>9} events: a checkpoint (model clone) {:.1} KB, one per {} events",
            clone as f64 / 1e3,
            conlab::store::EVERY
        );
        let (record, apply) = record_cost(&events);
        println!(
            "{n:>9} events: storing costs {:.2} µs/event on the UI thread, beside Model::apply's {:.2} µs (ratio {:.2}; no target)",
            record * 1e6,
            apply * 1e6,
            record / apply
        );
        let count = if quick { 50 } else { 200 };
        let (median, worst, fold) = seeks(&events, count);
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "{n:>9} events: seek median {:>6.3} ms, worst {:>6.3} ms ({count} seeks); fold of 1 000 events {:>6.3} ms; ratio {:.2} (target <= {SEEK_TARGET_MS} ms)",
            ms(median),
            ms(worst),
            ms(fold),
            ms(median) / ms(fold)
        );
        // At 1 k events the fixed costs (a 64 KB stream segment, the model's
        // first allocations) dominate: the targets are per event at size.
        let largest = i + 1 == sizes.len();
        if largest && per(store) > 2.0 * BYTES_TARGET {
            failed.push(format!("{n} events: {:.1} B/event > 128", per(store)));
        }
        if largest && ms(median) > 2.0 * SEEK_TARGET_MS {
            failed.push(format!("{n} events: seek {:.2} ms > 10 ms", ms(median)));
        }
    }
    if guard && !failed.is_empty() {
        eprintln!("store guard failed: {}", failed.join("; "));
        std::process::exit(1);
    }
}

//! The checkpoint scheme gives the same model as a fold from the first event.

use super::sample::sample_run;
use super::*;
use rand::{rngs::StdRng, Rng, SeedableRng};

/// What a model shows, in a form two models built apart can be compared by
/// (its maps iterate in an order of their own).
fn shown(m: &Model) -> String {
    format!(
        "{} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
        m.events_seen,
        m.run,
        m.lanes,
        m.log.lines(),
        m.locks.iter().collect::<Vec<_>>(),
        m.values.iter().collect::<Vec<_>>(),
        m.queues.iter().collect::<Vec<_>>(),
        m.checks,
    )
}

fn rebuilt(events: &[Event], t_us: u64) -> Model {
    let mut m = Model::default();
    for e in events.iter().filter(|e| e.t_us <= t_us) {
        m.apply(e);
    }
    m
}

#[test]
fn the_store_gives_back_every_event_as_it_came() {
    let events = sample_run(3000, 9, 7);
    let mut store = Store::with_every(100);
    let mut live = Model::default();
    for e in &events {
        store.record(&live, e);
        live.apply(e);
    }
    assert_eq!(store.len(), events.len());
    assert!(store.events().eq(events.iter().cloned()));
}

#[test]
fn a_seek_gives_the_model_a_fold_from_the_first_event_gives() {
    let mut rng = StdRng::seed_from_u64(16);
    for run in 0..4 {
        let events = sample_run(rng.gen_range(50..2500), rng.gen_range(1..12), run);
        let mut store = Store::with_every(rng.gen_range(1..200));
        let mut live = Model::default();
        for e in &events {
            store.record(&live, e);
            live.apply(e);
        }
        let end = events.iter().map(|e| e.t_us).max().unwrap_or(0);
        for _ in 0..25 {
            let t = rng.gen_range(0..=end + 1);
            let (got, want) = (store.model_at(t), rebuilt(&events, t));
            assert_eq!(shown(&got), shown(&want), "run {run} at {t} µs");
        }
        assert_eq!(shown(&store.model_at(end)), shown(&live));
    }
}

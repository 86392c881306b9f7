use std::sync::Arc;
use std::time::{Duration, Instant};

use super::*;

fn ctl() -> Arc<Control> {
    Arc::new(Control::new(1.0, false))
}

/// Wait (bounded) until `n` tickets wait on `cond`.
fn until_waiting(s: &Syncs, cond: &str, n: usize) {
    let end = Instant::now() + Duration::from_secs(5);
    while s
        .table
        .lock()
        .unwrap()
        .conds
        .get(cond)
        .map_or(0, |c| c.waiting.len())
        < n
    {
        assert!(Instant::now() < end, "the waiters never began to wait");
        std::thread::yield_now();
    }
}

#[test]
fn notify_wakes_the_first_waiter_and_notify_all_the_rest() {
    let s = Arc::new(Syncs::default());
    let c = ctl();
    let (tx, rx) = crossbeam_channel::unbounded();
    let mut threads = Vec::new();
    for k in 0..3u64 {
        let ticket = s.enter("cond");
        assert_eq!(ticket, k + 1, "tickets in arrival order");
        let (s, c, tx) = (s.clone(), c.clone(), tx.clone());
        let deadline = Some(Instant::now() + Duration::from_secs(5));
        threads.push(std::thread::spawn(move || {
            let notified = s.wait("cond", ticket, deadline, &c);
            tx.send((ticket, notified)).unwrap();
        }));
    }
    until_waiting(&s, "cond", 3);
    let told = std::sync::Mutex::new(Vec::new());
    s.notify("cond", Some(1), &|k| told.lock().unwrap().push(k));
    let first = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(first, (1, true), "the longest waiter is woken first");
    assert!(
        rx.recv_timeout(Duration::from_millis(50)).is_err(),
        "only one"
    );
    s.notify("cond", None, &|k| told.lock().unwrap().push(k));
    let mut rest: Vec<_> = (0..2)
        .map(|_| rx.recv_timeout(Duration::from_secs(5)).unwrap())
        .collect();
    rest.sort();
    assert_eq!(rest, vec![(2, true), (3, true)]);
    assert_eq!(*told.lock().unwrap(), vec![1, 2]);
    threads.into_iter().for_each(|t| t.join().unwrap());
}

#[test]
fn a_timed_out_waiter_leaves_the_line() {
    let s = Syncs::default();
    let ticket = s.enter("cond");
    let deadline = Some(Instant::now() + Duration::from_millis(30));
    assert!(!s.wait("cond", ticket, deadline, &ctl()), "nobody notified");
    let woken = std::sync::Mutex::new(9);
    s.notify("cond", Some(1), &|k| *woken.lock().unwrap() = k);
    assert_eq!(*woken.lock().unwrap(), 0, "nobody left to wake");
}

#[test]
fn every_party_passes_with_its_own_index() {
    let s = Arc::new(Syncs::default());
    let c = ctl();
    let threads: Vec<_> = (0..3)
        .map(|_| {
            let (s, c) = (s.clone(), c.clone());
            std::thread::spawn(move || {
                let deadline = Some(Instant::now() + Duration::from_secs(5));
                s.pass("b", 3, deadline, &c, &|_| {})
            })
        })
        .collect();
    let mut got: Vec<Passed> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    got.sort_by_key(|p| format!("{p:?}"));
    assert_eq!(
        got,
        vec![Passed::Index(0), Passed::Index(1), Passed::Index(2)]
    );
    assert!(!s.is_broken("b"));
}

#[test]
fn a_timeout_breaks_the_barrier_for_everyone_until_reset() {
    let s = Arc::new(Syncs::default());
    let c = ctl();
    let (s2, c2) = (s.clone(), c.clone());
    let other = std::thread::spawn(move || {
        let deadline = Some(Instant::now() + Duration::from_secs(5));
        s2.pass("b", 3, deadline, &c2, &|_| {})
    });
    let end = Instant::now() + Duration::from_secs(5);
    while s
        .table
        .lock()
        .unwrap()
        .barriers
        .get("b")
        .map_or(0, |b| b.arrived)
        < 1
    {
        assert!(Instant::now() < end);
        std::thread::yield_now();
    }
    let soon = Some(Instant::now() + Duration::from_millis(30));
    assert_eq!(s.pass("b", 3, soon, &c, &|_| {}), Passed::TimedOut);
    assert_eq!(
        other.join().unwrap(),
        Passed::Broken,
        "the other waiter raises"
    );
    assert_eq!(
        s.pass("b", 3, None, &c, &|_| {}),
        Passed::Broken,
        "still broken"
    );
    assert_eq!(s.break_barrier("b", true), 0, "reset with nobody waiting");
    assert!(!s.is_broken("b"), "whole again after reset");
    assert_eq!(s.pass("b", 1, None, &c, &|_| {}), Passed::Index(0));
}

#[test]
fn abort_breaks_it_and_wakes_the_waiters() {
    let s = Arc::new(Syncs::default());
    let c = ctl();
    let (s2, c2) = (s.clone(), c.clone());
    let waiter = std::thread::spawn(move || s2.pass("b", 2, None, &c2, &|_| {}));
    let end = Instant::now() + Duration::from_secs(5);
    while s
        .table
        .lock()
        .unwrap()
        .barriers
        .get("b")
        .map_or(0, |b| b.arrived)
        < 1
    {
        assert!(Instant::now() < end);
        std::thread::yield_now();
    }
    assert_eq!(s.break_barrier("b", false), 1);
    assert_eq!(waiter.join().unwrap(), Passed::Broken);
    assert!(s.is_broken("b"));
}

/// Not a check: numbers for the report (`cargo test --lib sync -- --ignored
/// --nocapture`): notify→wake latency and barrier release spread.
#[test]
#[ignore]
fn measure_wake_latency_and_release_spread() {
    let s = Arc::new(Syncs::default());
    let c = ctl();
    let mut lat = Vec::new();
    for _ in 0..200 {
        let ticket = s.enter("cond");
        let (s2, c2) = (s.clone(), c.clone());
        let t = std::thread::spawn(move || {
            s2.wait("cond", ticket, None, &c2);
            Instant::now()
        });
        until_waiting(&s, "cond", 1);
        let sent = Instant::now();
        s.notify("cond", Some(1), &|_| {});
        lat.push(t.join().unwrap().duration_since(sent).as_micros());
    }
    lat.sort();
    println!("notify->wake median {} us, p90 {} us", lat[100], lat[180]);
    let mut spreads = Vec::new();
    for round in 0..50 {
        let name = format!("b{round}");
        let ts: Vec<_> = (0..4)
            .map(|_| {
                let (s, c, name) = (s.clone(), c.clone(), name.clone());
                std::thread::spawn(move || {
                    s.pass(&name, 4, None, &c, &|_| {});
                    Instant::now()
                })
            })
            .collect();
        let ends: Vec<Instant> = ts.into_iter().map(|t| t.join().unwrap()).collect();
        let (a, b) = (ends.iter().min().unwrap(), ends.iter().max().unwrap());
        spreads.push(b.duration_since(*a).as_micros());
    }
    spreads.sort();
    println!(
        "barrier(4) release spread median {} us, p90 {} us",
        spreads[25], spreads[45]
    );
}

//! Under a schedule, who takes a lock (or a semaphore's permit) let go while
//! two or more held actors wait for it is a turn of the schedule, not the
//! OS's pick: the waiters are enabled, the one named takes it, every time.
//! And explore, which used to stop at its own replay on condition, goes on.

mod common;
mod explore_lib;

use std::time::Duration;

use common::conlab;
use conlab::event::{Event, EventKind};
use explore_lib::{assert_replays, explore, Explored};

/// Run headless with `schedule`; its events (the schedule was not refused).
fn run(args: &[&str], schedule: &str) -> Vec<Event> {
    let mut all = vec!["--lang", "en", "run"];
    all.extend_from_slice(args);
    all.extend(["--headless", "--speed", "4", "--schedule", schedule]);
    let f = conlab(&all, Duration::from_secs(60));
    assert_ne!(f.code, 2, "{all:?} was refused:\n{}", f.stderr);
    f.stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("an event line"))
        .collect()
}

/// The actors enabled at turn `turn`, and who took `lock` first after it.
fn choice_at(events: &[Event], turn: u32, lock: &str) -> (Vec<String>, String) {
    let at = events
        .iter()
        .position(|e| matches!(e.kind, EventKind::Granted { turn: t, .. } if t == turn))
        .unwrap_or_else(|| panic!("no turn {turn}"));
    let EventKind::Granted { enabled, .. } = &events[at].kind else {
        unreachable!()
    };
    let taker = events[at..]
        .iter()
        .find(|e| matches!(&e.kind, EventKind::LockAcquired { lock: l, .. } if l == lock))
        .map(|e| e.actor.clone())
        .unwrap_or_else(|| panic!("nobody took {lock} after turn {turn}"));
    (enabled.clone(), taker)
}

/// `prefix` then each of `waiters` at turn `turn`: that waiter takes `lock`,
/// in two runs each.
fn each_waiter_takes_it(args: &[&str], prefix: &[&str], waiters: &[&str], lock: &str) {
    let turn = prefix.len() as u32 + 1;
    for chosen in waiters {
        let schedule = [prefix, &[*chosen]].concat().join(",");
        for i in 0..2 {
            let events = run(args, &schedule);
            let (enabled, taker) = choice_at(&events, turn, lock);
            for w in waiters {
                assert!(
                    enabled.iter().any(|e| e == w),
                    "{w} waits for {lock} as it is let go: enabled at turn {turn}: {enabled:?}"
                );
            }
            assert_eq!(&taker, chosen, "run {i} of {schedule}");
        }
    }
}

fn times(actor: &'static str, n: usize) -> Vec<&'static str> {
    vec![actor; n]
}

#[test]
fn the_schedule_picks_which_woken_diner_takes_the_condition_lock_back() {
    // Three diners wait on cond; the chef cooks and notifies (diner0 wakes
    // and waits for the lock); diner3 comes to `with cond:` and waits for
    // it too; the chef lets go of the lock: two waiters.
    let prefix = [
        times("diner0", 6),
        times("diner1", 6),
        times("diner2", 6),
        times("chef", 5),
        vec!["diner3", "chef"],
    ]
    .concat();
    let args = ["condition", "--variant", "notify", "--set", "cook=0s"];
    each_waiter_takes_it(&args, &prefix, &["diner0", "diner3"], "cond");
}

#[test]
fn the_schedule_picks_which_of_two_waiting_shoppers_gets_the_freed_room() {
    // Three shoppers take the three rooms, two more wait; shopper0 leaves.
    let prefix = [
        times("shopper0", 2),
        times("shopper1", 2),
        times("shopper2", 2),
        times("shopper3", 2),
        times("shopper4", 2),
        times("shopper0", 6),
    ]
    .concat();
    let args = [
        "semaphore",
        "--variant",
        "with",
        "--set",
        "shoppers=5",
        "--set",
        "stay=0s",
    ];
    each_waiter_takes_it(&args, &prefix, &["shopper3", "shopper4"], "rooms");
}

fn real_runs(e: &Explored) -> u64 {
    let runs = e.header.split(" real runs").next().unwrap_or_default();
    let n = runs.rsplit(' ').next().and_then(|n| n.parse().ok());
    n.unwrap_or_else(|| panic!("no real runs in {:?}", e.header))
}

#[test]
fn explore_goes_on_past_the_condition_lock_handoff_and_its_schedules_replay() {
    let e = explore(&[
        "condition",
        "--variant",
        "notify",
        "--set",
        "cook=0s",
        "--actors",
        "chef,diner0,diner1,diner2,diner3",
        "--max",
        "40",
    ]);
    assert!(real_runs(&e) > 1, "{}", e.header);
    assert!(!e.rows.is_empty(), "{}", e.header);
    assert_replays(&e);
}

#[test]
fn explore_of_a_semaphore_with_two_waiters_replays_its_schedules() {
    let e = explore(&[
        "semaphore",
        "--variant",
        "with",
        "--set",
        "shoppers=5",
        "--set",
        "stay=0s",
        "--max",
        "40",
    ]);
    assert!(real_runs(&e) > 1, "{}", e.header);
    assert!(!e.rows.is_empty(), "{}", e.header);
    assert_replays(&e);
}

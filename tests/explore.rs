//! `conlab explore`: exact counts for small lessons, every printed schedule
//! replays (twice) to the outcome it was counted under, and schedule errors
//! name their position.

mod common;
mod explore_lib;

use std::time::Duration;

use common::{conlab, BIN};
use explore_lib::{assert_replays, counts, explore};

#[test]
fn thread_race_with_two_threads_has_20_interleavings_18_at_99() {
    let e = explore(&["thread-race", "--set", "threads=2"]);
    assert_eq!(e.total, 20, "{}", e.header);
    assert!(e.header.contains("exhaustive"), "{}", e.header);
    assert_eq!(
        counts(&e),
        [
            ("n = 99: 1 update was lost (overwritten)".to_string(), 18),
            ("n = 98: no update lost".to_string(), 2),
        ]
    );
    assert_replays(&e);
}

#[test]
fn ticket_grab_with_two_buyers_oversells_in_41160_of_43470() {
    let e = explore(&["ticket-grab", "--variant", "no-lock", "--set", "buyers=2"]);
    assert_eq!(e.total, 43470, "{}", e.header);
    assert!(e.header.contains("exhaustive"), "{}", e.header);
    let oversold = "sold 2 tickets, but only 1 existed: oversold by 1";
    assert_eq!(
        counts(&e),
        [
            (oversold.to_string(), 22680),
            (
                format!("{oversold} (sold counts only 1: updates lost)"),
                18480
            ),
            ("sold 1 of 1 ticket: none oversold".to_string(), 2310),
        ]
    );
    assert_replays(&e);
}

#[test]
fn ticket_grab_with_the_lock_never_oversells() {
    let e = explore(&[
        "ticket-grab",
        "--variant",
        "lock",
        "--set",
        "buyers=2",
        "--bound",
        "2",
    ]);
    assert_eq!(e.total, 94, "{}", e.header);
    assert!(e.header.contains("bound 2"), "{}", e.header);
    assert_eq!(
        counts(&e),
        [("sold 1 of 1 ticket: none oversold".to_string(), 94)]
    );
}

#[test]
fn deadlock_with_two_threads_is_bounded_and_deadlocks_in_66_of_190() {
    let e = explore(&["deadlock", "--set", "threads=2"]);
    assert_eq!(e.total, 190, "{}", e.header);
    assert!(
        e.header.contains("bound 2"),
        "the bound is said: {}",
        e.header
    );
    assert_eq!(
        counts(&e),
        [
            ("every actor ended".to_string(), 124),
            ("deadlock: t0, t1 wait for each other".to_string(), 66),
        ]
    );
    assert_replays(&e);
}

fn refused(args: &[&str], says: &str) {
    let f = conlab(args, Duration::from_secs(30));
    assert_eq!(f.code, 2, "{args:?}:\n{}", f.stderr);
    assert!(
        f.stderr.contains(says),
        "{args:?} should say {says:?}:\n{}",
        f.stderr
    );
}

#[test]
fn a_schedule_naming_no_actor_of_the_run_is_refused_at_its_position() {
    refused(
        &[
            "run",
            "thread-race",
            "--set",
            "threads=2",
            "--headless",
            "--schedule",
            "thread0,thread7",
        ],
        "--schedule position 2: thread7 is not an actor of this run (main, thread0, thread1)",
    );
}

#[test]
fn a_schedule_naming_a_blocked_actor_is_refused_at_its_position() {
    refused(
        &[
            "run",
            "deadlock",
            "--set",
            "threads=2",
            "--headless",
            "--schedule",
            "t0,t1,t1",
        ],
        "--schedule position 3: t1 is waiting for lock `A` held by t0",
    );
}

#[test]
fn a_schedule_naming_an_ended_actor_is_refused_at_its_position() {
    let s = "thread0,thread0,thread0,thread0";
    refused(
        &[
            "run",
            "thread-race",
            "--set",
            "threads=2",
            "--headless",
            "--schedule",
            s,
        ],
        "--schedule position 4: thread0 has ended",
    );
}

#[test]
fn a_bad_bound_or_actor_is_refused() {
    refused(&["explore", "thread-race", "--bound", "lots"], "--bound");
    refused(
        &["explore", "thread-race", "--actors", "nobody"],
        "nobody is not an actor",
    );
    assert!(BIN.ends_with("conlab"));
}

#[test]
fn max_stops_after_that_many_runs_and_says_the_counts_are_partial() {
    let f = conlab(
        &[
            "--lang",
            "en",
            "explore",
            "thread-race",
            "--set",
            "threads=2",
            "--max",
            "3",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(f.code, 0, "{}", f.stderr);
    let header = f.stdout.lines().next().unwrap_or_default();
    assert!(header.contains("3 real runs"), "{header}");
    assert!(header.contains("PARTIAL"), "{header}");
    let total: u64 = header
        .split(": ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a total");
    assert!(total > 0 && total < 20, "{header}");
}

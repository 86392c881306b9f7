//! The findings about deadlocks, locks, queues, waits and limits, from
//! hand-made event lists (the helpers are in findings_tests.rs).

use super::findings_list::Level;
use super::findings_tests::{
    en, exit, findings, has, main_proc, put, qwait, run_ended, spawn, step, thread,
};
use super::test_events::{ev, got, let_go, wait};
use crate::event::{ActorKind, EventKind, Outcome, QueueSide};

#[test]
fn a_deadlock_is_the_first_finding_with_its_ring() {
    let f = findings(&[
        main_proc(),
        thread(2, "alice"),
        thread(2, "bob"),
        step(3, "alice", "acquire", "with second:", 14),
        got(3, "alice", "lock_a", Some(1)),
        got(3, "bob", "lock_b", Some(1)),
        wait(4, "alice", "lock_b"),
        wait(4, "bob", "lock_a"),
        ev(
            5,
            "host",
            9,
            EventKind::Deadlock {
                cycle: vec![
                    "alice".into(),
                    "lock_b".into(),
                    "bob".into(),
                    "lock_a".into(),
                ],
            },
        ),
        run_ended(3_000_000, Outcome::TimedOut),
    ]);
    assert_eq!(f[0].level, Level::Bad);
    let want = "line 14: deadlock: alice waits for lock_b (bob's), bob waits for lock_a (alice's)";
    assert_eq!(f[0].text.en, want);
    assert_eq!(
        f[0].text.zh,
        "第 14 行：死锁：alice 等 bob 持有的 lock_b，bob 等 alice 持有的 lock_a"
    );
    assert_eq!(f[0].line, Some(14));
    // The deadlocked are not told again as "still waiting".
    assert!(
        !f.iter().any(|x| x.text.en.contains("still waiting")),
        "{f:?}"
    );
}

#[test]
fn the_most_contended_and_longest_held_lock() {
    let lines = en(&[
        main_proc(),
        thread(2, "a"),
        thread(2, "b"),
        step(10, "a", "acquire", "with lock:", 7),
        got(10, "a", "lock", Some(1)),
        wait(20, "b", "lock"),
        let_go(2_000_010, "a", "lock", Some(0)),
        got(2_000_010, "b", "lock", Some(1)),
        let_go(2_100_000, "b", "lock", Some(0)),
        got(2_100_000, "a", "other", Some(1)),
        let_go(2_200_000, "a", "other", Some(0)),
    ]);
    assert!(
        has(&lines, "lock most contended: 1 wait, 2.0s in all (b)"),
        "{lines:?}"
    );
    assert!(
        has(&lines, "line 7: lock held longest: 2.0s by a"),
        "{lines:?}"
    );
}

#[test]
fn the_missing_sentinel_and_who_still_waits_at_which_line() {
    let f = findings(&[
        main_proc(),
        thread(2, "producer"),
        thread(2, "consumer"),
        put(3, "producer", "orders", 1),
        exit(4, "producer", 1, Some(0), None),
        step(5, "consumer", "get", "order = orders.get()", 19),
        ev(
            6,
            "consumer",
            1,
            EventKind::QueueGet {
                queue: "orders".into(),
                item: Some(1),
                from: "producer".into(),
                len: 0,
                cap: 2,
            },
        ),
        step(7, "consumer", "get", "order = orders.get()", 19),
        qwait(8, "consumer", "orders", QueueSide::Empty),
        step(9, "MainProcess", "join", "c.join()", 31),
        exit(5_000_000, "MainProcess", 1, None, Some("SIGKILL")),
        run_ended(5_000_001, Outcome::TimedOut),
    ]);
    let lines: Vec<&str> = f.iter().map(|x| x.text.en.as_str()).collect();
    let sentinel = f
        .iter()
        .find(|x| x.text.en.contains("missing sentinel"))
        .expect("sentinel");
    assert_eq!(sentinel.line, Some(19));
    assert_eq!(
        sentinel.text.en,
        "line 19: consumer waits on empty queue orders and nobody left will put: a missing sentinel (None)?"
    );
    // Said once: not again as "still waiting".
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("consumer was still waiting")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("MainProcess was still waiting in c.join()")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("stopped by the time limit")),
        "{lines:?}"
    );
    assert!(f.iter().all(|x| !x.text.zh.is_empty()));
}

#[test]
fn a_queue_left_with_items_but_no_sentinel_finding_while_a_putter_lives() {
    let lines = en(&[
        main_proc(),
        thread(2, "p"),
        thread(2, "c"),
        put(3, "p", "jobs", 2),
        qwait(4, "c", "other", QueueSide::Empty),
        put(5, "p", "other", 0),
        qwait(6, "c", "other", QueueSide::Empty),
        run_ended(7, Outcome::Completed),
    ]);
    assert!(
        has(&lines, "queue jobs was left with 2 items nobody took"),
        "{lines:?}"
    );
    assert!(
        !has(&lines, "missing sentinel"),
        "p is alive and could put: {lines:?}"
    );
}

#[test]
fn a_short_wait_is_not_told_while_running_a_long_one_is() {
    let short = en(&[
        main_proc(),
        thread(2, "t"),
        wait(10, "t", "l"),
        step(500_000, "MainProcess", "sleep", "sleep", 3),
    ]);
    assert!(!has(&short, "waiting"), "{short:?}");
    let long = en(&[
        main_proc(),
        thread(2, "t"),
        wait(10, "t", "l"),
        step(1_500_000, "MainProcess", "sleep", "sleep", 3),
    ]);
    assert!(has(&long, "t has been waiting for l for 1.5s"), "{long:?}");
}

#[test]
fn a_safety_limit_says_which() {
    let lines = en(&[
        main_proc(),
        ev(
            5,
            "host",
            9,
            EventKind::LimitReached {
                limit: "threads".into(),
                max: 1024,
                text: "1024 threads".into(),
            },
        ),
        run_ended(6, Outcome::Limit),
    ]);
    assert!(
        has(&lines, "stopped by a safety limit: 1024 threads"),
        "{lines:?}"
    );
}

#[test]
fn nothing_happened_nothing_found() {
    assert!(findings(&[main_proc()]).is_empty());
}

#[test]
fn threads_at_once_without_any_lock_are_pointed_at() {
    let start = |t, a: &str| ev(t, a, 1, EventKind::Started {});
    let racy = [
        main_proc(),
        thread(2, "a"),
        start(3, "a"),
        thread(4, "b"),
        start(5, "b"),
        exit(10, "a", 1, Some(0), None),
        exit(11, "b", 1, Some(0), None),
    ];
    let lines = en(&racy);
    let want = "2 threads ran at once and took no lock: what they share is unprotected";
    assert!(has(&lines, want), "{lines:?}");
    // One after the other: nothing to say.
    let serial = [
        main_proc(),
        thread(2, "a"),
        start(3, "a"),
        exit(4, "a", 1, Some(0), None),
        thread(5, "b"),
        start(6, "b"),
        exit(7, "b", 1, Some(0), None),
    ];
    assert!(!has(&en(&serial), "took no lock"));
    // With a lock taken: nothing to say either.
    let mut locked = racy.to_vec();
    locked.push(super::test_events::got(8, "a", "l", Some(1)));
    assert!(!has(&en(&locked), "took no lock"));
}

#[test]
fn a_brief_zombie_before_join_and_the_main_process_are_no_news() {
    let lines = en(&[
        main_proc(),
        spawn(2, "Process-1", 5, ActorKind::Process, Some("MainProcess")),
        ev(
            10_000,
            "Process-1",
            5,
            EventKind::ProcState { state: "Z".into() },
        ),
        ev(
            15_000,
            "Process-1",
            5,
            EventKind::Reaped {
                by: "MainProcess".into(),
            },
        ),
        ev(
            20_000,
            "MainProcess",
            1,
            EventKind::ProcState { state: "Z".into() },
        ),
        ev(
            20_100,
            "MainProcess",
            1,
            EventKind::Reaped { by: "host".into() },
        ),
    ]);
    assert!(!has(&lines, "zombie"), "{lines:?}");
}

#[test]
fn a_wait_grows_with_the_screen_clock_while_no_event_comes() {
    let m = super::test_events::model(&[main_proc(), thread(2, "t"), wait(10, "t", "l")]);
    let said = |f: Vec<super::findings_list::Finding>| {
        f.iter()
            .any(|x| x.text.en.contains("t has been waiting for l"))
    };
    assert!(!said(m.findings.list()), "by the events' time it is 0 s");
    let later = m.findings.list_at(2_000_010);
    assert!(said(later.clone()), "{later:?}");
    assert!(
        later.iter().any(|x| x.text.en.ends_with("for 2.0s")),
        "{later:?}"
    );
}

#[test]
fn a_broken_deadlock_keeps_the_line_it_was_found_at() {
    let cycle = vec!["alice".into(), "b".into(), "bob".into(), "a".into()];
    let f = findings(&[
        main_proc(),
        thread(2, "alice"),
        thread(2, "bob"),
        step(3, "alice", "acquire", "with second:", 14),
        ev(5, "host", 9, EventKind::Deadlock { cycle }),
        // Broken: alice unwinds and lets go of its first lock at line 12.
        step(6, "alice", "release", "with first:", 12),
        run_ended(3_000_000, Outcome::Completed),
    ]);
    assert_eq!(f[0].line, Some(14), "{:?}", f[0].text.en);
    assert!(
        f[0].text.en.starts_with("line 14: deadlock"),
        "{}",
        f[0].text.en
    );
}

//! Every challenge played headless with a schedule: one row each that wins
//! and rows that lose, checked on the exit code and the words printed.

mod common;

use std::time::Duration;

use common::conlab;

const LIMIT: Duration = Duration::from_secs(60);

/// (lesson, challenge, schedule, won)
const TABLE: &[(&str, &str, &str, bool)] = &[
    (
        "ticket-grab",
        "oversell",
        "buyer0,buyer0,buyer0,buyer1,buyer1,buyer1,buyer0,buyer0,buyer0,buyer1,buyer1,buyer1",
        true,
    ),
    (
        "ticket-grab",
        "oversell",
        "buyer0,buyer0,buyer0,buyer0,buyer0,buyer0,buyer0,buyer0,buyer0,buyer1,buyer1,buyer1,buyer1,buyer1",
        false,
    ),
    (
        "thread-race",
        "lost-update",
        "thread0,thread1,thread0,thread0,thread1,thread1",
        true,
    ),
    (
        "thread-race",
        "lost-update",
        "thread0,thread0,thread0,thread1,thread1,thread1",
        false,
    ),
    (
        "thread-race",
        "lock-holds",
        "thread0,thread1,thread0,thread0,thread0,thread0,thread1,thread1,thread1,thread1",
        false,
    ),
    (
        "deadlock",
        "deadlock-two",
        "t1,t1,t1,t1,t1,t1,t1,t1,t0,t0,t0,t1,t1,t1",
        true,
    ),
    (
        "deadlock",
        "deadlock-two",
        "t0,t0,t0,t0,t0,t0,t0,t0,t0,t0,t0,t0,t0,t0,t0",
        false,
    ),
    // Issue 17 part 1 (content): locks, processes, semaphores, events,
    // conditions and queues. A row that loses an impossible challenge ends
    // every controlled actor (or the budget) without the goal.
    ("deadlock-rlock", "one-lock", "t0,t0,t0,t0,t0,t0,t0,t0,t0,t0,t0,t0,t0,t0,t0,t1,t1,t1,t1,t1,t1,t1,t1,t1,t1,t1,t1,t1,t1,t1", false),
    ("deadlock-rlock", "one-lock", "t0,t1,t0,t0,t0,t0,t0,t0,t0,t1,t1,t1,t1,t1,t1,t1,t0,t0,t0,t0,t0,t0,t0,t1,t1,t1,t1,t1,t1,t1", false),
    ("deadlock-processes", "no-deadlock", "p0,p0,p0,p0,p0,p0,p0,p0,p0,p0,p1,p1,p1,p1,p1,p1,p1,p1,p1,p1", true),
    ("deadlock-processes", "no-deadlock", "p0,p1,p0,p0,p0,p0,p1,p1,p1,p1", false),
    ("semaphore", "fill-three", "shopper0,shopper0,shopper1,shopper1,shopper2,shopper2", true),
    ("semaphore", "fill-three", "shopper0,shopper0,shopper0,shopper0,shopper0,shopper0,shopper0,shopper0,shopper1,shopper1,shopper1,shopper1", false),
    ("semaphore", "four-in-three", "shopper0,shopper0,shopper1,shopper1,shopper2,shopper2,shopper3,shopper3,shopper0,shopper0,shopper0,shopper0,shopper0,shopper0,shopper1,shopper1,shopper1,shopper1,shopper1,shopper1,shopper2,shopper2,shopper2,shopper2,shopper2,shopper2", false),
    ("event", "one-set", "car0,car0,car0,car1,car1,car1,car2,car2,car2,light,light,light,light,car0,car1,car2", true),
    ("event", "one-set", "car0,car0,car0,car1,car1,car1,light,light,light,light,car2,car2,car2", false),
    ("event", "run-the-red", "car0,car0,car0,car1,car1,car1,car2,car2,car2,light,light,light,light,car0,car1,car2", false),
    ("event", "run-the-red", "light,light,light,car0,car0,car0,light,car0", false),
    ("condition", "lost-notify", "chef,chef,chef,chef,chef", true),
    ("condition", "lost-notify", "diner0,diner0,diner0,diner0,diner0,diner0,diner1,diner1,diner1,diner1,diner1,diner1,diner2,diner2,diner2,diner2,diner2,diner2,diner3,diner3,diner3,diner3,diner3,diner3,chef,chef,chef,chef,chef,chef", false),
    ("producer-consumer", "full-queue", "producer0,producer0,producer0,producer0,producer0,producer0,producer0,producer0,producer1,producer1,producer1", true),
    ("producer-consumer", "full-queue", "producer0,producer0,producer0,producer0,consumer0,consumer0,consumer0,consumer0,consumer0,producer0,producer0,producer0,producer0,consumer1,consumer1,consumer1", false),
];

/// `run LESSON --challenge ID --headless --schedule S`.
fn play<'a>(lesson: &'a str, id: &'a str, schedule: &'a str) -> Vec<&'a str> {
    let head = ["run", lesson, "--challenge", id, "--headless"];
    head.into_iter().chain(["--schedule", schedule]).collect()
}

#[test]
fn every_challenge_is_won_and_lost_by_its_schedules() {
    for &(lesson, id, schedule, won) in TABLE {
        for lang in ["en", "zh"] {
            let mut args = vec!["--lang", lang];
            args.extend(play(lesson, id, schedule));
            let done = conlab(&args, LIMIT);
            let last = done.stderr.lines().last().unwrap_or_default().to_string();
            let (code, word) = match (won, lang) {
                (true, "en") => (0, "WON: "),
                (false, "en") => (1, "LOST: "),
                (true, _) => (0, "胜利："),
                (false, _) => (1, "失败："),
            };
            let row = format!("{lesson} {id} {schedule} ({lang})");
            assert_eq!(done.code, code, "{row}: {}", done.stderr);
            assert!(last.starts_with(word), "{row}: {last}");
            for raw in ["value", "deadlock\"", "held", "exited", "run_ended"] {
                assert!(!last.contains(raw), "{row}: an event's name in {last}");
            }
            assert!(
                done.stdout.contains("\"run_ended\""),
                "{row}: the event log is printed"
            );
            let played = format!("schedule: {schedule}");
            assert!(done.stderr.contains(&played), "{row}: {}", done.stderr);
        }
    }
}

#[test]
fn every_built_in_challenge_has_a_winning_or_an_impossible_row() {
    // A challenge that cannot be won says so in its debrief; every other has a winning row.
    for s in conlab::scenario::builtin() {
        for c in &s.challenges {
            let rows: Vec<_> = TABLE
                .iter()
                .filter(|r| r.0 == s.id && r.1 == c.id)
                .collect();
            assert!(!rows.is_empty(), "{} {}: no row in the table", s.id, c.id);
            let impossible = c.debrief.en.contains("cannot be won");
            assert!(
                impossible || rows.iter().any(|r| r.3),
                "{} {}: no winning schedule",
                s.id,
                c.id
            );
        }
    }
}

#[test]
fn a_bad_challenge_id_or_schedule_is_refused_with_exit_2() {
    let done = conlab(
        &["run", "ticket-grab", "--challenge", "nope", "--headless"],
        LIMIT,
    );
    assert_eq!(done.code, 2);
    assert!(
        done.stderr.contains("its challenges: oversell"),
        "{}",
        done.stderr
    );
    let args = [
        "run",
        "ticket-grab",
        "--challenge",
        "oversell",
        "--headless",
        "--schedule",
        "buyer0,main",
    ];
    let done = conlab(&args, LIMIT);
    assert_eq!(done.code, 2);
    assert!(
        done.stderr.contains("--schedule position 2: main"),
        "{}",
        done.stderr
    );
    // A step the actor cannot take (shopper3 waits for a permit): bad input
    // with its position, not a verdict.
    let waits = "shopper0,shopper0,shopper1,shopper1,shopper2,shopper2,shopper3,shopper3,shopper3";
    let args = [
        "run",
        "semaphore",
        "--challenge",
        "four-in-three",
        "--headless",
        "--schedule",
        waits,
    ];
    let done = conlab(&args, LIMIT);
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr
            .contains("--schedule position 9: shopper3 is waiting"),
        "{}",
        done.stderr
    );
    assert!(!done.stderr.contains("LOST"), "{}", done.stderr);
}

#[test]
fn a_challenge_run_can_be_recorded() {
    let dir = std::env::temp_dir().join(format!("conlab-chal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("run.jsonl");
    let (_, id, schedule, _) = TABLE[2];
    let args = [
        "run",
        "thread-race",
        "--challenge",
        id,
        "--headless",
        "--schedule",
        schedule,
        "--record",
        file.to_str().unwrap(),
    ];
    let done = conlab(&args, LIMIT);
    assert_eq!(done.code, 0, "{}", done.stderr);
    let back = conlab(&["replay", "--headless", file.to_str().unwrap()], LIMIT);
    assert!(back.stdout.contains("\"run_ended\""), "{}", back.stderr);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn explore_judges_every_interleaving_by_the_challenge() {
    let args = ["explore", "thread-race", "--challenge", "lost-update"];
    let done = conlab(&args, LIMIT);
    assert_eq!(done.code, 0, "{}", done.stderr);
    let out = &done.stdout;
    assert!(out.contains("20 interleavings, exhaustive"), "{out}");
    let line = |start: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(start))
            .unwrap_or_else(|| panic!("{start}:\n{out}"))
    };
    // Winning first; every printed schedule replays to the verdict it is listed under.
    let wins = line("18  wins: n = 99");
    let loses = line("2  does not win: n = 98");
    assert!(out.find(wins) < out.find(loses), "{out}");
    for (row, code) in [(wins, 0), (loses, 1)] {
        let cmd = row.split("conlab ").nth(1).expect("a replay command");
        assert!(
            cmd.starts_with("run thread-race --challenge lost-update --schedule "),
            "{cmd}"
        );
        let mut args: Vec<&str> = cmd.split_whitespace().collect();
        args.push("--headless");
        assert_eq!(conlab(&args, LIMIT).code, code, "{cmd}");
    }
    let bad = [
        "explore",
        "thread-race",
        "--challenge",
        "lost-update",
        "--set",
        "threads=3",
    ];
    assert_eq!(conlab(&bad, LIMIT).code, 2);
    let done = conlab(&["explore", "thread-race", "--challenge", "nope"], LIMIT);
    assert_eq!(done.code, 2);
    assert!(
        done.stderr.contains("its challenges: lost-update"),
        "{}",
        done.stderr
    );
}

#[test]
fn a_closed_stdout_stops_a_lesson_but_a_challenge_plays_on_to_its_verdict() {
    use std::process::{Command, Stdio};
    let (lesson, id, schedule, _) = TABLE[2];
    let start = |args: &[&str]| {
        let mut child = Command::new(common::BIN)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start conlab");
        drop(child.stdout.take()); // the reader is gone before the first line
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || tx.send(child.wait_with_output()));
        let out = rx.recv_timeout(LIMIT).expect("conlab ends").expect("wait");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.code(), err)
    };
    let (code, err) = start(&play(lesson, id, schedule));
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("WON: "), "{err}");
    let (code, err) = start(&["run", lesson, "--headless", "--set", "threads=2"]);
    assert_eq!(code, Some(1), "a lesson nobody reads stops: {err}");
}

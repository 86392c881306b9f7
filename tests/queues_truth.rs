//! A process queue as multiprocessing.Queue is: qsize() reads the semaphore,
//! empty() asks the pipe, and what a process put reaches the pipe before the
//! process exits (its feeder thread is flushed and joined at the end of its
//! code). Scenario: tests/queues_truth.toml.

mod common;

use common::headless;
use conlab::event::EventKind;

const SCENARIO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/queues_truth.toml");

#[test]
fn a_child_that_puts_and_exits_at_once_still_delivers_every_item() {
    let run = headless(SCENARIO, &[]);
    run.assert_ok();
    let mine: Vec<&EventKind> = run
        .events
        .iter()
        .filter(|e| e.actor == "main")
        .map(|e| &e.kind)
        .collect();
    let asked: Vec<(String, String)> = mine
        .iter()
        .filter_map(|k| match k {
            EventKind::QueueAsked {
                question, answer, ..
            } => Some((question.clone(), answer.clone())),
            _ => None,
        })
        .collect();
    let pair = |q: &str, a: &str| (q.to_string(), a.to_string());
    // After join: all six counted and all six in the pipe; after draining: none.
    assert_eq!(
        asked,
        vec![
            pair("qsize", "6"),
            pair("empty", "False"),
            pair("qsize", "0"),
            pair("empty", "True"),
        ]
    );
    let got: Vec<(Option<i64>, &str)> = mine
        .iter()
        .filter_map(|k| match k {
            EventKind::QueueGet { item, from, .. } => Some((*item, from.as_str())),
            _ => None,
        })
        .collect();
    let want: Vec<(Option<i64>, &str)> = (0..6).map(|i| (Some(i), "child")).collect();
    assert_eq!(got, want, "every item, in order, by get_nowait after join");
    let empties = mine
        .iter()
        .filter(|k| matches!(k, EventKind::QueueEmpty { .. }))
        .count();
    assert_eq!(
        empties, 1,
        "only the seventh get_nowait finds the pipe empty"
    );
}

#[test]
fn qsize_counts_an_item_as_soon_as_put_returns() {
    let run = headless("queue-basics", &["--speed", "4"]);
    run.assert_ok();
    let first = |question: &str| {
        run.events
            .iter()
            .find_map(|e| match &e.kind {
                EventKind::QueueAsked {
                    question: q,
                    answer,
                    len,
                    ..
                } if e.actor == "main" && q == question => Some((answer.clone(), *len)),
                _ => None,
            })
            .expect("main asks")
    };
    // put(0), then qsize() and empty(): the semaphore counts 0 whatever the pipe holds.
    assert_eq!(first("qsize"), ("1".to_string(), 1));
    let (answer, len) = first("empty");
    assert_eq!(len, 1, "empty() is asked while 0 is still counted");
    assert!(answer == "True" || answer == "False", "{answer}");
}

//! The projection and the comparison on small hand-made logs: what they
//! must tell apart and what they must not.

use std::collections::BTreeMap;

use super::compare::{differ, How, Watch};
use super::project::{by_order, parse, project, spawns};

const WATCH: Watch = Watch {
    waits: false,
    zombies: false,
};

fn line(t: u64, actor: &str, rest: &str) -> String {
    format!(r#"{{"t_us":{t},"actor":"{actor}","pid":1,{rest}}}"#)
}

/// A lesson's log and a `conlab py` one of the same two threads.
fn logs(second_lock: &str) -> (String, String) {
    let lab = [
        line(
            1,
            "main",
            r#""event":"spawned","kind":"process","parent":null,"daemon":false"#,
        ),
        line(
            2,
            "t0",
            r#""event":"spawned","kind":"thread","parent":"main","daemon":false"#,
        ),
        line(3, "t0", r#""event":"lock_acquired","lock":"A","count":1"#),
        line(4, "t0", r#""event":"print","text":"t0: pid 41"#),
        line(5, "t0", r#""event":"reaped","by":"main""#),
    ];
    let py = [
        line(
            1,
            "MainProcess",
            r#""event":"spawned","kind":"process","parent":null,"daemon":false"#,
        ),
        line(
            4,
            "Thread-1 (work)",
            r#""event":"print","text":"t0: pid 97"#,
        ),
        line(
            2,
            "Thread-1 (work)",
            r#""event":"spawned","kind":"thread","parent":"MainProcess","daemon":false"#,
        ),
        line(
            3,
            "Thread-1 (work)",
            &format!(r#""event":"lock_acquired","lock":"{second_lock}","count":1"#),
        ),
    ];
    (lab.join("\n"), py.join("\n"))
}

fn compare(second_lock: &str, how: How) -> Vec<String> {
    let (lab, py) = logs(second_lock);
    let (lab, py) = (parse(&lab), parse(&py));
    let rename = by_order(&spawns(&py, true), &spawns(&lab, false));
    assert_eq!(
        rename.get("Thread-1 (work)").map(String::as_str),
        Some("t0")
    );
    let none = BTreeMap::new();
    differ(
        &project(&py, true, &rename, &[]),
        &project(&lab, false, &none, &[]),
        how,
        WATCH,
    )
}

#[test]
fn the_same_events_compare_equal_whatever_the_pids_names_and_line_order() {
    assert_eq!(compare("A", How::Order), Vec::<String>::new());
}

#[test]
fn another_lock_is_a_difference_of_that_actor() {
    let d = compare("B", How::Bag);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].starts_with("t0: ") && d[0].contains("lock_acquired B"),
        "{d:?}"
    );
}

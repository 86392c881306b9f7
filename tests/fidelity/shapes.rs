//! The screen prints what the program prints: the *shapes* of the printed
//! lines (each run of digits masked as `#`, so pids, times and counts may
//! differ) of the lab's runs against those of the Python program's runs.
//!
//! Each side is the union over the runs the suite already does, so a line
//! both sides print in most runs is on both sides. A line a race prints in
//! some runs only ("sold out", a timeout) may be missing from one side: such
//! a shape is listed in `EXCUSED` with the reason, and may then be missing
//! from either side — but a line seen on one side and not the other that is
//! not listed (a wording difference always is one) fails.

use std::collections::BTreeSet;

use super::outcome::Out;

/// (lesson, variant, shape, why it may be seen on one side only).
pub const EXCUSED: &[(&str, &str, &str, &str)] = &[
    // After a deadlock the Python program waits for ever (the suite stops
    // it); the lab breaks the deadlock, and the survivors go on printing.
    ("deadlock", "", "main: every thread has ended", BROKEN),
    ("deadlock", "", "t#: func# let go of A and B, done", BROKEN),
    ("deadlock", "", "t#: func# let go of B and A", BROKEN),
    ("deadlock", "", "t#: func# got A", BROKEN),
    ("deadlock", "", "t#: func# got B", BROKEN),
    (
        "deadlock-processes",
        "lock",
        "main: both processes are collected",
        BROKEN,
    ),
    (
        "deadlock-processes",
        "flock",
        "main: both processes are collected",
        BROKEN,
    ),
    ("deadlock-processes", "flock", "p#: got A as well", BROKEN),
    ("deadlock-processes", "flock", "p#: got B as well", BROKEN),
    (
        "deadlock-processes",
        "flock",
        "p#: let go of A and B, done",
        BROKEN,
    ),
    (
        "deadlock-processes",
        "flock",
        "p#: let go of B and A, done",
        BROKEN,
    ),
    // Races: which of these a run prints varies from run to run, on both sides.
    (
        "ticket-grab",
        "no-lock",
        "buyer#: sold out, no ticket",
        RACE,
    ),
    ("ticket-grab", "lock", "buyer#: bought a ticket!", RACE),
    (
        "queue-basics",
        "",
        "main: after put(#): qsize() is #, empty() is True",
        FEEDER,
    ),
    (
        "queue-basics",
        "",
        "main: after put(#): qsize() is #, empty() is False",
        FEEDER,
    ),
    ("queue-basics", "", "main: get_nowait() got #", FEEDER),
    (
        "queue-basics",
        "",
        "main: get_nowait() raised queue.Empty",
        FEEDER,
    ),
    ("queue-basics", "", "main: get(timeout=#) got #", FEEDER),
    // A line the lab has no step to print: map's list.
    (
        "pool",
        "map",
        "main: map returned [#, #, #, #, #, #, #, #, #, #]",
        NO_STEP,
    ),
    (
        "pool",
        "map",
        "main: map returned the results in the order of the arguments",
        "the lab cannot print map's list: it says what the list holds instead",
    ),
    // Right after terminate() the child is mostly still alive: a race.
    ("terminate", "", "right after: True", RACE),
    ("terminate", "", "right after: False", RACE),
];

const RACE: &str = "a race decides whether a run prints it";
const FEEDER: &str = "the queue's feeder thread decides which branch runs";
const BROKEN: &str = "printed after the lab breaks a deadlock Python never leaves";
const NO_STEP: &str = "the lab has no step that prints a list";

/// The line with every run of ASCII digits replaced by one `#`.
pub fn shape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_digits = false;
    for c in line.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

/// The shapes printed over all the runs of one side.
pub fn union(outs: &[Out]) -> BTreeSet<String> {
    outs.iter()
        .flat_map(|o| o.prints.iter().map(|l| shape(l)))
        .collect()
}

/// One failure line naming lesson, variant and the lines on one side only,
/// or None when both sides printed the same shapes (less the `sometimes`
/// shapes, which may be missing on either side).
pub fn differ(
    lesson: &str,
    variant: &str,
    py: &BTreeSet<String>,
    lab: &BTreeSet<String>,
    sometimes: &[(&str, &str, &str, &str)],
) -> Option<String> {
    let excused = |s: &String| {
        sometimes
            .iter()
            .any(|k| k.0 == lesson && k.1 == variant && k.2 == s)
    };
    let only = |a: &BTreeSet<String>, b: &BTreeSet<String>| -> Vec<String> {
        a.difference(b)
            .filter(|s| !excused(s))
            .map(|s| format!("{s:?}"))
            .collect()
    };
    let (py_only, lab_only) = (only(py, lab), only(lab, py));
    if py_only.is_empty() && lab_only.is_empty() {
        return None;
    }
    let mut m = format!("{lesson}/{variant}: printed lines differ:");
    if !py_only.is_empty() {
        m += &format!(" Python only: {};", py_only.join(", "));
    }
    if !lab_only.is_empty() {
        m += &format!(" the lab only: {};", lab_only.join(", "));
    }
    Some(m.trim_end_matches(';').to_string())
}

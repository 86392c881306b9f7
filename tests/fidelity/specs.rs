//! For each lesson and variant: what outcome to compare, read the same way
//! from the Python program's prints and from the lab's event log. Patterns
//! hold only the words the listing's print and the lab's print share.

use super::outcome::Out;

pub type Facts = Vec<(&'static str, String)>;

pub struct Spec {
    pub lesson: &'static str,
    /// "" for a lesson without variants.
    pub variant: &'static str,
    /// Runs of each side; the majority outcome is compared (races vary).
    pub runs: usize,
    /// The listing never ends (a deadlock): Python is stopped after this many
    /// seconds and its outcome is `stuck`.
    pub stuck_after: Option<u64>,
    /// Time is what the lesson is about: lab/Python wall time must stay within
    /// `TIME_TOLERANCE`.
    pub timed: bool,
    pub facts: fn(&Out) -> Facts,
}

pub(crate) const fn spec(
    lesson: &'static str,
    variant: &'static str,
    facts: fn(&Out) -> Facts,
) -> Spec {
    Spec {
        lesson,
        variant,
        runs: 1,
        stuck_after: None,
        timed: false,
        facts,
    }
}

pub(crate) const fn races(mut s: Spec) -> Spec {
    s.runs = 3;
    s
}

/// An order that happens in some runs only: 5 runs, so a `can …` fact
/// that is yes for 1 run in 3 is missed 0.4% of the time.
pub(crate) const fn five(mut s: Spec) -> Spec {
    s.runs = 5;
    s
}

pub(crate) const fn timed(mut s: Spec) -> Spec {
    s.timed = true;
    s
}

pub(crate) const fn stuck(mut s: Spec, secs: u64) -> Spec {
    s.stuck_after = Some(secs);
    s
}

pub(crate) fn n(x: usize) -> String {
    x.to_string()
}

/// For a fact named `can …`: `yes` in any run makes the lesson's answer yes.
/// A fact named `~…` is counted (`yes` in k of n runs) and shown, not compared:
/// an order both sides give in some runs, at rates a few runs cannot tell apart.
pub(crate) fn can(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

/// Above, at or below a number: for counts a race makes vary.
pub(crate) fn vs(x: &str, mark: i64) -> String {
    match x.parse::<i64>() {
        Ok(v) if v > mark => format!("above {mark}"),
        Ok(v) if v < mark => format!("below {mark}"),
        Ok(_) => mark.to_string(),
        Err(_) => x.to_string(),
    }
}

pub(crate) fn callback(o: &Out) -> Facts {
    vec![
        ("downloads", n(o.count("downloading page"))),
        ("saved", o.set("saved page ")),
        ("callback pid vs main pid", o.rel("^main (pid ", " in pid ")),
        (
            "callbacks vs main's last line",
            o.order("^callback", "^main: every page"),
        ),
    ]
}

/// `page:bytes` for each saved page, sorted by page: the whole body came.
pub(crate) fn callback_sizes(o: &Out) -> String {
    let mut v: Vec<(i64, String)> = o
        .lines
        .iter()
        .filter_map(|l| {
            let (page, size) = l.split_once("saved page ")?.1.split_once(", ")?;
            let size = size.strip_suffix(" bytes")?;
            Some((page.parse().ok()?, format!("{page}:{size}")))
        })
        .collect();
    v.sort();
    v.into_iter().map(|p| p.1).collect::<Vec<_>>().join(",")
}

pub(crate) fn join_patterns(o: &Out) -> Facts {
    vec![
        ("sending", n(o.count(": sending batch"))),
        ("sent", o.set(": batch ")),
        (
            "main's line vs batches sent",
            o.order("^main: all sent", ": batch "),
        ),
        (
            "child4 sent vs main's line",
            o.order("child4: batch", "^main: all sent"),
        ),
    ]
}

pub(crate) fn executor(o: &Out) -> Facts {
    vec![
        ("results in order", o.seq(".result() = ")),
        ("tasks", n(o.count("^task "))),
        ("task pid vs main pid", o.rel("^main (pid ", ": pid ")),
        ("callback pid vs main pid", o.rel("^main (pid ", " in pid ")),
        ("callbacks", n(o.count("^callback"))),
        ("done callbacks ran in", {
            let mut w: Vec<&str> = o
                .lines
                .iter()
                .filter_map(|l| l.strip_prefix("fidelity: a done callback ran in "))
                .collect();
            w.sort();
            w.dedup();
            w.join(" + ")
        }),
    ]
}

pub(crate) fn pool_common(o: &Out) -> Facts {
    vec![
        ("tasks run", o.set("^task ")),
        (
            "worker pid vs main pid",
            o.rel("^main (pid ", "running in pid "),
        ),
        (
            "workers",
            n({
                let mut p = o.grab("running in pid ");
                p.sort();
                p.dedup();
                p.len()
            }),
        ),
        ("closed", n(o.count("pool closed and joined"))),
    ]
}

/// Each worker's tasks come in pairs 2k, 2k+1 (map's chunks of 2 for 10
/// tasks on 2 workers), or one at a time.
pub(crate) fn chunked(o: &Out) -> String {
    let rows: Vec<(String, i64)> = o
        .lines
        .iter()
        .filter(|l| l.starts_with("task "))
        .filter_map(|l| {
            let t = l[5..].split(':').next()?.parse().ok()?;
            Some((l.rsplit(' ').next()?.to_string(), t))
        })
        .collect();
    let mut pids: Vec<&String> = rows.iter().map(|r| &r.0).collect();
    pids.sort();
    pids.dedup();
    let pairs = pids.iter().all(|p| {
        let ts: Vec<i64> = rows.iter().filter(|r| &r.0 == *p).map(|r| r.1).collect();
        ts.len().is_multiple_of(2) && ts.chunks(2).all(|c| c[0] % 2 == 0 && c[1] == c[0] + 1)
    });
    if pairs {
        "chunks of 2"
    } else {
        "one at a time"
    }
    .into()
}

/// apply() blocks: each `task k` line, then main's `returned`, in turn.
pub(crate) fn alternation(o: &Out) -> String {
    let kinds: String = o
        .lines
        .iter()
        .filter_map(|l| {
            if l.starts_with("task ") {
                Some('T')
            } else if l.contains(" returned ") {
                Some('R')
            } else {
                None
            }
        })
        .collect();
    if kinds == "TR".repeat(kinds.len() / 2) {
        "in turn".into()
    } else {
        "overlapping".into()
    }
}

pub(crate) fn manager_parent(o: &Out) -> String {
    o.lines
        .iter()
        .find_map(|l| l.strip_prefix("fidelity: the manager's parent is "))
        .unwrap_or("none")
        .to_string()
}

pub(crate) fn producer_consumer(o: &Out) -> Facts {
    let mut got: Vec<String> = o.grab(": got ");
    got.retain(|g| g != "None");
    got.sort_by_key(|g| g.parse::<i64>().unwrap_or(-1));
    vec![
        ("queue made", o.last("q = Queue(")),
        ("items put", n(o.count(": put "))),
        ("items got", got.join(",")),
        ("None got", n(o.count("got None"))),
        (
            "producers done",
            n(o.count("^producer") - o.count(": put ")),
        ),
    ]
}

pub use super::lessons::SPECS;

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

const fn spec(lesson: &'static str, variant: &'static str, facts: fn(&Out) -> Facts) -> Spec {
    Spec {
        lesson,
        variant,
        runs: 1,
        stuck_after: None,
        timed: false,
        facts,
    }
}

const fn races(mut s: Spec) -> Spec {
    s.runs = 3;
    s
}

/// An order that happens in some runs only: 5 runs, so a `can …` fact
/// that is yes for 1 run in 3 is missed 0.4% of the time.
const fn five(mut s: Spec) -> Spec {
    s.runs = 5;
    s
}

const fn timed(mut s: Spec) -> Spec {
    s.timed = true;
    s
}

const fn stuck(mut s: Spec, secs: u64) -> Spec {
    s.stuck_after = Some(secs);
    s
}

fn n(x: usize) -> String {
    x.to_string()
}

/// For a fact named `can …`: `yes` in any run makes the lesson's answer yes.
/// A fact named `~…` is counted (`yes` in k of n runs) and shown, not compared:
/// an order both sides give in some runs, at rates a few runs cannot tell apart.
fn can(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

/// Above, at or below a number: for counts a race makes vary.
fn vs(x: &str, mark: i64) -> String {
    match x.parse::<i64>() {
        Ok(v) if v > mark => format!("above {mark}"),
        Ok(v) if v < mark => format!("below {mark}"),
        Ok(_) => mark.to_string(),
        Err(_) => x.to_string(),
    }
}

fn join_patterns(o: &Out) -> Facts {
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

fn executor(o: &Out) -> Facts {
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

fn pool_common(o: &Out) -> Facts {
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
fn chunked(o: &Out) -> String {
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
fn alternation(o: &Out) -> String {
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

fn manager_parent(o: &Out) -> String {
    o.lines
        .iter()
        .find_map(|l| l.strip_prefix("fidelity: the manager's parent is "))
        .unwrap_or("none")
        .to_string()
}

fn producer_consumer(o: &Out) -> Facts {
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

pub const SPECS: &[Spec] = &[
    spec("callback", "", |o| {
        vec![
            ("downloads", n(o.count("downloading page"))),
            ("saved", o.set("saved page ")),
            ("callback pid vs main pid", o.rel("^main (pid ", " in pid ")),
            (
                "callbacks vs main's last line",
                o.order("^callback", "^main: every page"),
            ),
        ]
    }),
    races(spec("daemon-process", "", |o| {
        vec![
            (
                "daemon's child refused",
                n(o.count("daemonic processes are not allowed to have children")),
            ),
            // Ticks every 0.5 s while main sleeps 1.5 s: 3 or 4 by a hair.
            (
                "daemon ticked",
                if o.count("daemon: alive (") >= 3 {
                    "3 or more"
                } else {
                    "fewer than 3"
                }
                .into(),
            ),
            ("daemon's loop over", n(o.count("daemon: my loop is over"))),
            ("worker parts", o.set("worker: part ")),
            ("worker finished", n(o.count("worker: finished"))),
        ]
    })),
    races(spec("daemon-thread", "", |o| {
        vec![
            ("ticks", o.set("ticker: tick ")),
            ("worker done", n(o.count("worker: done"))),
            (
                "~main's line before tick 0",
                can(o.order("ticker: tick 0", "^main: my code ends") != "before"),
            ),
        ]
    })),
    stuck(
        spec("deadlock-processes", "", |o| {
            vec![
                ("locks taken first", o.set("): got ")),
                ("want the other", n(o.count("now I want"))),
                ("a survivor gets both", n(o.count("as well"))),
            ]
        }),
        5,
    ),
    spec("deadlock-rlock", "", |o| {
        vec![
            ("func1 done", n(o.count("func1 let go"))),
            ("func2 done", n(o.count("func2 let go"))),
        ]
    }),
    stuck(
        spec("deadlock", "", |o| {
            vec![(
                "someone got A",
                if o.count("func1 got A") > 0 {
                    "yes"
                } else {
                    "no"
                }
                .into(),
            )]
        }),
        5,
    ),
    spec("event", "", |o| {
        vec![
            ("waiting", n(o.count("waiting for green"))),
            ("driving", n(o.count("driving off"))),
            (
                "waits vs green",
                o.order("waiting for green", "light: green!"),
            ),
            ("green vs driving", o.order("light: green!", "driving off")),
            ("crossed", n(o.count("every car has crossed"))),
        ]
    }),
    spec("executor", "processes", executor),
    spec("executor", "threads", executor),
    spec("isolation", "processes", |o| {
        vec![
            ("children see", o.set("): n = ")),
            ("main's n", o.last("my n = ")),
        ]
    }),
    spec("isolation", "threads", |o| {
        vec![
            ("threads see", o.set("): n = ")),
            ("main's n", o.last("my n = ")),
        ]
    }),
    spec("join-patterns", "no-join", join_patterns),
    timed(races(spec("join-patterns", "join-in-loop", |o| {
        let mut f = join_patterns(o);
        f.push(("order", o.seq("^child")));
        f
    }))),
    // Whether main's line also follows the others' depends on whether child4
    // drew the longest pause: only child4's order is promised.
    spec("join-patterns", "join-last", |o| {
        let mut f = join_patterns(o);
        f.retain(|(k, _)| *k != "main's line vs batches sent");
        f
    }),
    timed(races(spec("join-patterns", "join-all", join_patterns))),
    races(spec("manager-dict", "no-lock", |o| {
        vec![
            ("count", vs(&o.last("count = "), 80)),
            ("manager's parent", manager_parent(o)),
        ]
    })),
    spec("manager-dict", "lock", |o| {
        vec![
            ("count", o.last("count = ")),
            ("manager's parent", manager_parent(o)),
        ]
    }),
    spec("orphan", "", |o| {
        vec![
            ("child's ppid changes", {
                let (a, b) = (o.last("my ppid is "), o.last("my ppid is now "));
                if b == "none" {
                    "missing".into()
                } else if a == b {
                    "no".into()
                } else {
                    "yes".into()
                }
            }),
            (
                "parent leaves vs new ppid",
                o.order("parent: leaving", "my ppid is now"),
            ),
            ("main done", n(o.count("main: done"))),
        ]
    }),
    spec("pipe", "close", |o| {
        vec![
            ("received", o.seq("received ")),
            ("EOFError", n(o.count("EOFError"))),
            ("child left", n(o.count("the child has left"))),
        ]
    }),
    spec("pipe", "forgot-close", |o| {
        vec![
            ("received", o.seq("received ")),
            ("EOFError", n(o.count("EOFError"))),
            ("child alive after close", {
                let mut v = o.grab("alive? ");
                v.extend(o.grab("is_alive: "));
                v.join(",")
            }),
            ("stuck in recv", n(o.count("stuck in recv()"))),
        ]
    }),
    spec("pool", "apply", |o| {
        let mut f = pool_common(o);
        f.push(("results in order", o.seq("returned ")));
        f.push(("task then its result", alternation(o)));
        f
    }),
    spec("pool", "apply_async", |o| {
        let mut f = pool_common(o);
        f.push(("results in order", o.seq(".get() = ")));
        f
    }),
    races(spec("pool", "map", |o| {
        let mut f = pool_common(o);
        f.push(("hand-out", chunked(o)));
        f
    })),
    five(spec("process-start", "", |o| {
        vec![
            ("children ppid vs main pid", {
                let main = o.grab("^main: pid ");
                let kids = o.keep(|l| l.starts_with("child")).grab(", ppid ");
                match main.first() {
                    Some(m) if !kids.is_empty() && kids.iter().all(|k| k == m) => "main".into(),
                    Some(_) if !kids.is_empty() => "not main".into(),
                    _ => "missing".into(),
                }
            }),
            (
                "~a child's line before main's",
                can(o
                    .keep(|l| l.starts_with("child") || l.starts_with("main: start()"))
                    .order("^main: start() has returned", ": pid ")
                    != "before"),
            ),
            ("children done", n(o.count(": done"))),
        ]
    })),
    spec("producer-consumer", "sentinel", producer_consumer),
    spec("producer-consumer", "joinable", producer_consumer),
    spec("producer-consumer", "bounded", producer_consumer),
    spec("queue-basics", "", |o| {
        vec![
            (
                "full/qsize",
                o.seq("q.full() is ") + "/" + &o.seq("q.qsize() is "),
            ),
            ("Full raised", n(o.count("raised queue.Full"))),
            ("got", o.seq("^main: got ")),
            ("Empty raised", n(o.count("raised queue.Empty"))),
            ("empty() answers", o.seq("q.empty() is ")),
            (
                "late gets",
                o.seq("get(timeout=2) got ")
                    + "/"
                    + &o.keep(|l| l.contains("blocking get")).last("got "),
            ),
        ]
    }),
    spec("rlock", "", |o| {
        vec![
            ("hold counts", o.set("hold count ")),
            ("twice", n(o.count("hold count 2"))),
            ("freed", n(o.count("hold count 0"))),
        ]
    }),
    spec("semaphore", "", |o| {
        let (mut inside, mut most) = (0i64, 0i64);
        for l in &o.lines {
            if l.contains("in a fitting room") {
                inside += 1;
            } else if l.contains("leaving the room") {
                inside -= 1;
            }
            most = most.max(inside);
        }
        vec![
            ("got a room", n(o.count("in a fitting room"))),
            ("most inside at once", most.to_string()),
            ("left", n(o.count("leaving the room"))),
        ]
    }),
    spec("terminate", "", |o| {
        vec![
            (
                "looped",
                if o.count("still running") > 0 {
                    "yes"
                } else {
                    "no"
                }
                .into(),
            ),
            ("loop over", n(o.count("my loop is over"))),
            // Right after terminate() it is "mostly True" (the listing says
            // so): a race; a moment later it is False.
            ("is_alive a moment later", {
                let mut v = o.grab("a moment later: ");
                v.extend(o.grab("is_alive: "));
                v.last().cloned().unwrap_or_else(|| "none".into())
            }),
            ("gone", n(o.count("the child is gone"))),
        ]
    }),
    spec("thread-queues", "", |o| {
        vec![
            ("fifo", o.seq("fifo gave ")),
            ("lifo", o.seq("lifo gave ")),
            ("priority", o.seq("priority gave ")),
        ]
    }),
    races(spec("thread-race", "no-lock", |o| {
        vec![("n", vs(&o.last("joined, n = "), 90))]
    })),
    timed(spec("thread-race", "lock", |o| {
        vec![("n", o.last("joined, n = "))]
    })),
    races(spec("threads-basics", "", |o| {
        vec![
            (
                "threads' pid vs main's",
                o.keep(|l| l.starts_with("main: pid") || l.starts_with('t'))
                    .rel("^main: pid ", ": pid "),
            ),
            ("helper's ppid vs main's pid", o.rel("^main: pid ", "ppid ")),
            ("done", n(o.count(": done"))),
            (
                "~main's line before t0's",
                can(o.order("^t0: pid", "^main: 4 threads") != "before"),
            ),
        ]
    })),
    races(spec("ticket-grab", "no-lock", |o| {
        let bought = o.count("bought a ticket!");
        let sold = o.last("left; ");
        vec![
            ("oversold", if bought > 1 { "yes" } else { "no" }.into()),
            (
                "~sold.json short of the buyers",
                if sold != bought.to_string() {
                    "yes"
                } else {
                    "no"
                }
                .into(),
            ),
            ("left", o.last("the file says ")),
        ]
    })),
    spec("ticket-grab", "lock", |o| {
        vec![
            ("bought", n(o.count("bought a ticket!"))),
            ("sold out", n(o.count("sold out"))),
            ("sold", o.last("left; ")),
            ("left", o.last("the file says ")),
        ]
    }),
    timed(spec("zombie", "", |o| {
        vec![
            (
                "child done vs join",
                o.order("child: done", "^main: joined"),
            ),
            ("joined", n(o.count("^main: joined"))),
        ]
    })),
];

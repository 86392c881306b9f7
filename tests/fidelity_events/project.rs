//! The projection both logs are compared on: per actor, the events both a
//! lesson and `conlab py` can tell, as short tokens (`lock_acquired lock`),
//! without times, pids, tids or `step` texts. See docs/python.md, "The
//! fidelity suite, event for event".

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// Per actor, its tokens in the order the log tells them.
pub type Projection = BTreeMap<String, Vec<String>>;

/// The lab's name for an actor Python names: `MainProcess` is `main`; a
/// thread of a child process (`helper/t1`) is its own name (`t1`).
pub fn actor_name(py: &str) -> String {
    let last = py.rsplit('/').next().unwrap_or(py);
    match last {
        "MainProcess" => "main".into(),
        _ => last.to_string(),
    }
}

/// Digits differ between any two runs (pids, tids, times): one `#` for each
/// run of them. Counts a race makes vary are compared by tests/fidelity.rs.
pub fn normalise(text: &str) -> String {
    let mut out = String::new();
    let mut in_num = false;
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            if !in_num {
                out.push('#');
            }
            in_num = true;
        } else {
            // "1.25 s" reads as one number.
            if !(in_num && c == '.') {
                out.push(c);
            }
            in_num = false;
        }
    }
    out
}

fn s<'a>(e: &'a Value, k: &str) -> &'a str {
    e.get(k).and_then(Value::as_str).unwrap_or("")
}

fn item(e: &Value, k: &str) -> String {
    match e.get(k) {
        Some(Value::Number(n)) => n.to_string(),
        _ => "None".into(),
    }
}

/// A deadlock's actors, sorted: who closed the circle depends on timing.
fn cycle(e: &Value, name: &dyn Fn(&str) -> String) -> String {
    let c = e.get("cycle").and_then(Value::as_array);
    let actors: BTreeSet<String> = c
        .map(|c| {
            c.iter()
                .step_by(2)
                .filter_map(Value::as_str)
                .map(name)
                .collect()
        })
        .unwrap_or_default();
    actors.into_iter().collect::<Vec<_>>().join(",")
}

/// One event as a token, or None for what only one side can tell.
fn token(e: &Value, threads: &BTreeSet<String>, name: &dyn Fn(&str) -> String) -> Option<String> {
    let ev = s(e, "event");
    let t = match ev {
        "spawned" => {
            let parent = e.get("parent").and_then(Value::as_str).map(name);
            let daemon = if e.get("daemon") == Some(&Value::Bool(true)) {
                " daemon"
            } else {
                ""
            };
            format!(
                "spawned {} by {}{daemon}",
                s(e, "kind"),
                parent.unwrap_or("host".into())
            )
        }
        "started" | "pool_closed" | "queue_joined" => ev.to_string(),
        "exited" => match (e.get("code"), e.get("signal")) {
            (Some(Value::Number(c)), _) => format!("exited code {c}"),
            (_, Some(Value::String(sig))) => format!("exited {sig}"),
            _ => "exited (cause)".into(),
        },
        // The lab's modelled GIL: Python does not tell its real one.
        "lock_wait" | "lock_acquired" | "lock_released" if s(e, "lock").starts_with("GIL") => {
            return None
        }
        // A thread's join: the lab tells `reaped`, conlab py only its `step`.
        "reaped" if threads.contains(&name(s(e, "actor"))) => return None,
        "reaped" => format!("reaped by {}", name(s(e, "by"))),
        "print" => format!("print {:?}", normalise(s(e, "text"))),
        "proc_state" if s(e, "state") == "Z" => "zombie".into(),
        "reparented" => "reparented".into(),
        "signalled" => format!("signalled {} {}", name(s(e, "target")), s(e, "signal")),
        "alive" => format!("alive {} {}", name(s(e, "target")), e["alive"]),
        "lock_wait" | "lock_acquired" | "lock_released" | "event_wait" | "event_passed"
        | "cond_wait" | "barrier_broken" => format!("{ev} {}", s(e, "lock")),
        "event_set" => format!("event_set {} {}", s(e, "lock"), e["set"]),
        "cond_notify" => format!("cond_notify {}", s(e, "lock")),
        "cond_woken" => format!("cond_woken {} {}", s(e, "lock"), e["notified"]),
        "barrier_wait" | "barrier_passed" => format!("{ev} {}", s(e, "barrier")),
        "timed_out" => format!("timed_out {} {}", s(e, "op"), name(s(e, "object"))),
        "queue_put" => format!("queue_put {} {}", s(e, "queue"), item(e, "item")),
        "queue_get" => format!(
            "queue_get {} {} from {}",
            s(e, "queue"),
            item(e, "item"),
            name(s(e, "from"))
        ),
        "queue_wait" => format!("queue_wait {} {}", s(e, "queue"), s(e, "side")),
        "queue_full" | "queue_empty" | "task_done" => format!("{ev} {}", s(e, "queue")),
        "pipe_send" | "pipe_recv" => format!("{ev} {} {}", s(e, "end"), item(e, "item")),
        "pipe_eof" | "pipe_closed" => format!("{ev} {}", s(e, "end")),
        "pool_created" => format!("pool_created {} size {}", s(e, "pool"), e["size"]),
        "task_submitted" => format!("task_submitted {} {}", s(e, "how"), item(e, "arg")),
        "task_started" => format!("task_started {}", item(e, "arg")),
        "task_finished" | "task_result" | "callback" => format!("{ev} {}", item(e, "result")),
        "deadlock" => format!("deadlock {}", cycle(e, name)),
        "deadlock_broken" => "deadlock_broken".into(),
        _ => return None,
    };
    Some(t)
}

/// A log's events (one JSON object a line).
/// In time order: events of different processes reach the host by
/// different sockets, so a log's lines may be a little out of order.
pub fn parse(log: &str) -> Vec<Value> {
    let mut v: Vec<Value> = log
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    v.sort_by_key(|e| e.get("t_us").and_then(Value::as_u64).unwrap_or(0));
    v
}

/// The actors a log spawned, in order: (name, kind, parent).
pub fn spawns(events: &[Value], py: bool) -> Vec<(String, String, String)> {
    let name = |a: &str| if py { actor_name(a) } else { a.to_string() };
    events
        .iter()
        .filter(|e| s(e, "event") == "spawned")
        .map(|e| {
            let parent = e.get("parent").and_then(Value::as_str).map(name);
            (
                name(s(e, "actor")),
                s(e, "kind").to_string(),
                parent.unwrap_or_default(),
            )
        })
        .collect()
}

/// Python's names for the actors the lab names otherwise: a listing that
/// does not name its threads or processes (`Process-3`, `ForkPoolWorker-1`,
/// `Thread-2 (client)`) has them matched, in the order they were spawned, to
/// the lab's actors of the same kind and parent that Python lacks.
pub fn by_order(
    py: &[(String, String, String)],
    lab: &[(String, String, String)],
) -> BTreeMap<String, String> {
    let has = |v: &[(String, String, String)], n: &str| v.iter().any(|x| x.0 == n);
    let mut map = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for (n, kind, parent) in py {
        if has(lab, n) {
            continue;
        }
        let parent = map.get(parent).unwrap_or(parent).clone();
        let found = lab.iter().find(|(ln, lk, lp)| {
            lk == kind && *lp == parent && !has(py, ln) && !taken.contains(ln)
        });
        if let Some((ln, _, _)) = found {
            taken.insert(ln.clone());
            map.insert(n.clone(), ln.clone());
        }
    }
    map
}

/// Project a log. `py`: it came from `conlab py`; `rename` then gives the
/// lab's names of actors matched by order.
pub fn project(
    events: &[Value],
    py: bool,
    rename: &BTreeMap<String, String>,
    aliases: &[(&str, &str)],
) -> Projection {
    let name = |a: &str| {
        let n = if py { actor_name(a) } else { a.to_string() };
        rename.get(&n).cloned().unwrap_or(n)
    };
    let threads: BTreeSet<String> = events
        .iter()
        .filter(|e| s(e, "event") == "spawned" && s(e, "kind") != "process")
        .map(|e| name(s(e, "actor")))
        .collect();
    let mut out = Projection::new();
    let mut once = BTreeSet::new();
    for e in events {
        let Some(tok) = token(e, &threads, &name) else {
            continue;
        };
        let tok = alias(&tok, aliases);
        // Tracebacks: the lab runs no Python to print one.
        if tok.starts_with("print \"stderr:") {
            continue;
        }
        let who = name(s(e, "actor"));
        let found = tok.starts_with("deadlock ");
        // A state seen by sampling /proc is told once per actor.
        if (tok == "zombie" || tok == "reparented") && !once.insert((who.clone(), tok.clone())) {
            continue;
        }
        // The root's zombie is the host sampling /proc before it reaps it
        // (a race of the harness, never the lesson's).
        if tok == "zombie" && who == "main" {
            continue;
        }
        out.entry(who).or_default().push(tok);
        // What follows a deadlock is how it was broken: a headless lesson
        // breaks it after 300 ms, `conlab py` leaves that to the learner.
        if found {
            break;
        }
    }
    out
}

/// Each word of a token that is an alias's Python name, as the lab names it.
fn alias(tok: &str, aliases: &[(&str, &str)]) -> String {
    tok.split(' ')
        .map(|w| aliases.iter().find(|a| a.0 == w).map_or(w, |a| a.1))
        .collect::<Vec<_>>()
        .join(" ")
}

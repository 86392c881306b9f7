//! Differences known and not fixed here, each with its reason: (lesson,
//! variant, actor (`*`: every actor of the case), reason). A known difference is reported and does not
//! fail; an entry whose actor no longer differs fails, so the table only
//! ever holds what is still wrong.

pub const KNOWN: &[(&str, &str, &str, &str)] = &[
    // conlab py: a pool's result thread never tells its `exited` (and, for
    // the totals, the same line).
    ("callback", "sleep", "pool-results", RESULTS_EXIT),
    ("callback", "sleep", "(all actors)", RESULTS_EXIT),
    ("pool", "apply", "pool-results", RESULTS_EXIT),
    ("pool", "apply", "(all actors)", RESULTS_EXIT),
    ("pool", "apply_async", "pool-results", RESULTS_EXIT),
    ("pool", "apply_async", "(all actors)", RESULTS_EXIT),
    ("pool-server", "", "pool-results", RESULTS_EXIT),
    ("pool-server", "", "(all actors)", RESULTS_EXIT),
    ("pool", "map", "pool-results", RESULTS_EXIT),
    ("pool", "map", "(all actors)", "the results thread's exit, as above; and the lab prints \"main: map returned the results in the order of the arguments\" where the listing prints the list (the number of tasks is a parameter, a lesson print cannot compute i*i)"),
    ("callback", "http", "pool-results", RESULTS_EXIT),
    ("callback", "http", "(all actors)", "the results thread's exit, as above; and a task returns a tuple (url, size): conlab py tells non-integers as null, the lab tells the size"),
    // conlab py: ProcessPoolExecutor (who tells task_result is a race: `*`).
    ("executor", "processes", "*", "conlab py tells task_result on the executor's management thread or in main, and that thread reaps the workers and never tells its exit; the lab tells task_result in main, which called result(), and main reaps"),
    // conlab py: ThreadPoolExecutor.
    // (which workers finish a task is a race: `*`)
    ("executor", "threads", "*", TASK_RESULT),
    // conlab py: asyncio is not seen (docs/python.md, "What is not seen").
    ("coroutines", "await", "*", ASYNCIO),
    ("coroutines", "blocking", "*", ASYNCIO),
    ("coroutines", "cpu", "*", ASYNCIO),
    // conlab py: fcntl.flock is not seen, so no lock events and no deadlock.
    ("deadlock-processes", "flock", "*", "conlab py does not see fcntl.flock (no lock events, no deadlock found; Python is stopped after 4 s)"),
    // conlab py: a daemon process terminated at exit is not told as `signalled`.
    ("daemon-process", "", "main", DAEMON_END),
    ("producer-consumer", "joinable", "main", DAEMON_END),
    ("producer-consumer", "joinable", "(all actors)", DAEMON_END),
    // conlab py: a spawn child that dies in its bootstrapping (RuntimeError)
    // never tells `exited` (code 1).
    ("spawn-vs-fork", "spawn-no-guard", "child0", "conlab py: a spawn child that raises in its bootstrapping never tells exited code 1"),
    ("spawn-vs-fork", "spawn-no-guard", "child1", "conlab py: a spawn child that raises in its bootstrapping never tells exited code 1"),
    ("many-clients", "pool", "pool-results", RESULTS_EXIT),
    ("many-clients", "pool", "(all actors)", RESULTS_EXIT),
    ("many-clients", "coroutines", "*", ASYNCIO),
    // The lessons.
    ("scheduling", "fcfs", "*", SCHED),
    ("scheduling", "sjf", "*", SCHED),
    ("scheduling", "srtf", "*", SCHED),
    ("scheduling", "rr", "*", SCHED),
    ("scheduling", "mlfq", "*", SCHED),
];

const RESULTS_EXIT: &str = "conlab py never tells the pool's result thread's exited";
const TASK_RESULT: &str =
    "conlab py tells task_result on the worker thread that finished the task; the lab tells it in main, which called result()";
const ASYNCIO: &str =
    "conlab py does not see asyncio: the tasks are not actors, their prints are main's";
const DAEMON_END: &str =
    "conlab py does not tell `signalled` when a daemon process is terminated at the parent's exit (its `exited SIGTERM` is told)";
const SCHED: &str =
    "the listing hands out the CPU with one threading.Event per job; the lab tells its scheduler as `sched` events instead";

/// Failures and notes for one case's differences (`actor: …` each).
pub fn judge(lesson: &str, variant: &str, diffs: &[String]) -> (Vec<String>, Vec<String>) {
    let mine: Vec<_> = KNOWN
        .iter()
        .filter(|k| k.0 == lesson && k.1 == variant)
        .collect();
    let actor = |d: &str| d.split(": ").next().unwrap_or("").to_string();
    let (mut fail, mut noted) = (Vec::new(), Vec::new());
    for d in diffs {
        match mine.iter().find(|k| k.2 == actor(d) || k.2 == "*") {
            Some(k) => noted.push(format!("{d} (known: {})", k.3)),
            None => fail.push(d.clone()),
        }
    }
    for k in mine {
        if !diffs.iter().any(|d| actor(d) == k.2 || k.2 == "*") {
            fail.push(format!(
                "{}: no longer differs: fixed, remove it from KNOWN in tests/fidelity_events/known.rs",
                k.2
            ));
        }
    }
    (fail, noted)
}

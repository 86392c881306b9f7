//! Differences known and not fixed here, each with its reason: (lesson,
//! variant, actor (`*`: every actor of the case), reason). A known difference is reported and does not
//! fail; an entry whose actor no longer differs fails, so the table only
//! ever holds what is still wrong.

pub const KNOWN: &[(&str, &str, &str, &str)] = &[
    ("pool", "map", "(all actors)", "the lab prints \"main: map returned the results in the order of the arguments\" where the listing prints the list (the number of tasks is a parameter, a lesson print cannot compute i*i)"),
    ("callback", "http", "(all actors)", "a task returns a tuple (url, size): conlab py tells non-integers as null, the lab tells the size"),
    // conlab py: ProcessPoolExecutor.
    ("executor", "processes", "(all actors)", "Python's executor management thread joins the workers (reaped by it); the lab tells main, which called shutdown(), as reaping them"),
    // asyncio: the Task asyncio.run makes of main() (see ASYNCIO).
    ("coroutines", "await", "*", ASYNCIO),
    ("coroutines", "blocking", "*", ASYNCIO),
    ("coroutines", "cpu", "*", ASYNCIO),
    // conlab py: fcntl.flock is not seen, so no lock events and no deadlock.
    ("deadlock-processes", "flock", "*", "conlab py does not see fcntl.flock (no lock events, no deadlock found; Python is stopped after 4 s)"),
    ("many-clients", "coroutines", "*", ASYNCIO),
    // The lessons.
    ("scheduling", "fcfs", "*", SCHED),
    ("scheduling", "sjf", "*", SCHED),
    ("scheduling", "srtf", "*", SCHED),
    ("scheduling", "rr", "*", SCHED),
    ("scheduling", "mlfq", "*", SCHED),
];

const ASYNCIO: &str =
    "asyncio.run wraps main() in a Task: conlab py tells it as a coroutine actor \
     named after the function (here `main`, which the projection folds into MainProcess's `main`), \
     spawning the tasks and printing; the lesson has no such task (its main process spawns them)";
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

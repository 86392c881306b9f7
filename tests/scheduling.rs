//! The scheduling lesson run for real: per policy, the table main prints,
//! and the one computed from the `sched` events alone, equal the textbook's
//! (Stallings, Operating Systems, Table 9.5: the same five jobs); and the job
//! threads never compute at the same time.

mod common;

use common::{headless, Run};
use conlab::event::EventKind;
use conlab::model::job_table::JobTable;

/// Finish times of A..E (arrivals 0 2 4 6 8, bursts 3 6 4 5 2) and the two
/// averages, by hand and in the textbook.
const TEXTBOOK: [(&str, [u32; 5], &str); 5] = [
    (
        "fcfs",
        [3, 9, 13, 18, 20],
        "average turnaround 8.60, average waiting 4.60",
    ),
    (
        "sjf",
        [3, 9, 15, 20, 11],
        "average turnaround 7.60, average waiting 3.60",
    ),
    (
        "srtf",
        [3, 15, 8, 20, 10],
        "average turnaround 7.20, average waiting 3.20",
    ),
    (
        "rr",
        [4, 18, 17, 20, 15],
        "average turnaround 10.80, average waiting 6.80",
    ),
    (
        "mlfq",
        [4, 17, 18, 20, 14],
        "average turnaround 10.60, average waiting 6.60",
    ),
];
const ARRIVE: [u32; 5] = [0, 2, 4, 6, 8];
const BURST: [u32; 5] = [3, 6, 4, 5, 2];

fn table_from_log(run: &Run) -> JobTable {
    let mut t = JobTable::default();
    for e in &run.events {
        if let EventKind::Sched {
            what,
            job,
            at,
            burst,
            ..
        } = &e.kind
        {
            t.apply(what, job, *at, *burst);
        }
    }
    t
}

/// (job, began computing, stopped) for each slice its thread told, by time.
fn slices(run: &Run) -> Vec<(String, u64, u64)> {
    let mut events: Vec<_> = run.events.iter().filter(|e| e.actor.len() == 1).collect();
    events.sort_by_key(|e| e.t_us);
    let mut open: Option<(String, u64)> = None;
    let mut out = Vec::new();
    for e in events {
        let (began, ended) = match &e.kind {
            EventKind::Step { op, .. } => (op == "run_slice", op == "ready" || op == "done"),
            _ => continue,
        };
        if began {
            assert!(open.is_none(), "{} computes while {open:?} does", e.actor);
            open = Some((e.actor.clone(), e.t_us));
        } else if ended {
            if let Some((job, t0)) = open.take_if(|(j, _)| *j == e.actor) {
                out.push((job, t0, e.t_us));
            }
        }
    }
    out
}

#[test]
fn every_policy_gives_the_textbook_table_and_one_job_computes_at_a_time() {
    for (variant, finish, averages) in TEXTBOOK {
        let run = headless("scheduling", &["--variant", variant]);
        run.assert_ok();
        let printed = run.prints("main");
        assert_eq!(printed.len(), 7, "{variant}: {printed:#?}");
        for (i, name) in ["A", "B", "C", "D", "E"].into_iter().enumerate() {
            let (a, b, f) = (ARRIVE[i], BURST[i], finish[i]);
            let row = format!("{name:<4}{a:>7}{b:>7}{f:>8}{:>12}{:>9}", f - a, f - a - b);
            assert_eq!(printed[i + 1], row, "{variant}: row of {name}");
        }
        assert_eq!(printed[6], averages, "{variant}");
        let log = table_from_log(&run);
        let from_log: Vec<u32> = log.finished().iter().map(|r| r.finish).collect();
        assert_eq!(from_log, finish, "{variant}: the table from sched events");
        let slices = slices(&run);
        let grants = run
            .events
            .iter()
            .filter(|e| matches!(&e.kind, EventKind::Sched { what, .. } if what == "granted"))
            .count();
        assert_eq!(slices.len(), grants, "{variant}: a slice for each grant");
    }
}

#[test]
fn in_chinese_the_checks_hold_and_the_table_is_the_same() {
    let run = headless("scheduling", &["--variant", "mlfq", "--lang", "zh"]);
    run.assert_ok();
    let printed = run.prints("main");
    assert_eq!(
        printed[0],
        "作业   到达   运行    完成        周转     等待"
    );
    assert_eq!(
        printed[2],
        "B         2      6      17          15        9"
    );
    assert_eq!(printed[6], "平均周转时间 10.60，平均等待时间 6.60");
    assert!(!run.stderr.contains("FAIL"), "{}", run.stderr);
}

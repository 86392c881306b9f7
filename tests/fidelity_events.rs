//! The fidelity suite, event for event: a lesson run headless beside the
//! Python program its listing shows, run under `conlab py --headless`, both
//! event logs projected (tests/fidelity_events/project.rs) and compared actor
//! by actor. tests/fidelity.rs compares outcomes; this compares what happened
//! on the way. Runs a representative subset (about 10 lessons, under ~40 s on
//! 2 cores); `CONLAB_FIDELITY_EVENTS=all` runs every lesson and variant, or
//! `=LESSON,LESSON/VARIANT` those. Needs `python3`: skipped with a reason
//! without it, required when `CI` is set. `-- --nocapture` prints both
//! projections side by side; `CONLAB_FIDELITY_EVENTS_KEEP=DIR` keeps the logs.

#[path = "fidelity_events/compare.rs"]
mod compare;
#[path = "fidelity_events/known.rs"]
mod known;
#[path = "fidelity_events/project.rs"]
mod project;
#[path = "fidelity_events/selftest.rs"]
mod selftest;
#[path = "fidelity_events/sides.rs"]
mod sides;
#[path = "fidelity_events/table.rs"]
mod table;

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

use compare::differ;
use table::{Case, CASES};

/// Lessons run at once: each side mostly sleeps, so more than the 2 cores.
const PARALLEL: usize = 3;

struct Row {
    case: &'static Case,
    diffs: Vec<String>,
    /// Python's actors matched by order (the listing does not name them).
    renamed: Vec<String>,
    /// Wall time of both sides, run one after the other.
    secs: f64,
    side_by_side: String,
}

fn run_case(case: &'static Case, dir: &Path) -> Row {
    let began = Instant::now();
    let nm = sides::name(case.lesson, case.variant);
    let d = dir.join(&nm);
    std::fs::create_dir_all(&d).unwrap();
    let mut row = Row {
        case,
        diffs: Vec::new(),
        renamed: Vec::new(),
        secs: 0.0,
        side_by_side: String::new(),
    };
    let Some(code) = sides::program(case.lesson, case.variant) else {
        row.diffs.push("no Python program (no listing)".into());
        return row;
    };
    let (py, lab) = match (
        sides::python(&code, &d, case.py_seconds),
        sides::lab(case.lesson, case.variant, &d),
    ) {
        (Ok(p), Ok(l)) => (p, l),
        (p, l) => {
            row.diffs.extend(p.err().into_iter().chain(l.err()));
            return row;
        }
    };
    if let Ok(keep) = std::env::var("CONLAB_FIDELITY_EVENTS_KEEP") {
        let k = Path::new(&keep);
        std::fs::create_dir_all(k).ok();
        std::fs::write(k.join(format!("{nm}.py.jsonl")), &py).ok();
        std::fs::write(k.join(format!("{nm}.lab.jsonl")), &lab).ok();
    }
    let (py, lab) = (project::parse(&py), project::parse(&lab));
    let rename = project::by_order(&project::spawns(&py, true), &project::spawns(&lab, false));
    let none = Default::default();
    let (pp, lp) = (
        project::project(&py, true, &rename, case.aliases),
        project::project(&lab, false, &none, &[]),
    );
    row.renamed = rename.iter().map(|(p, l)| format!("{p}→{l}")).collect();
    row.diffs = differ(&pp, &lp, case.how, case.watch);
    row.side_by_side = table::side_by_side(&pp, &lp);
    row.secs = began.elapsed().as_secs_f64();
    row
}

fn python_present() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// The cases this run compares: the subset, every one, or those named.
fn chosen() -> Vec<&'static Case> {
    let want = std::env::var("CONLAB_FIDELITY_EVENTS").unwrap_or_default();
    CASES
        .iter()
        .filter(|c| match want.as_str() {
            "" => c.ci,
            "all" => true,
            list => list
                .split(',')
                .any(|w| w == c.lesson || w == format!("{}/{}", c.lesson, c.variant)),
        })
        .collect()
}

#[test]
fn lessons_tell_the_events_their_python_programs_tell() {
    if !python_present() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but python3 is missing: the fidelity suite is required in CI"
        );
        println!("skipped: python3 is not installed (the event fidelity suite needs it)");
        return;
    }
    let began = Instant::now();
    let dir = std::env::temp_dir().join(format!("conlab-fidev-{}", std::process::id()));
    let jobs = Mutex::new(chosen().into_iter().rev().collect::<Vec<_>>());
    let rows = Mutex::new(Vec::new());
    std::thread::scope(|sc| {
        for _ in 0..PARALLEL {
            sc.spawn(|| loop {
                let Some(case) = jobs.lock().unwrap().pop() else {
                    break;
                };
                let row = run_case(case, &dir);
                rows.lock().unwrap().push(row);
            });
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
    let mut rows = rows.into_inner().unwrap();
    rows.sort_by_key(|r| (r.case.lesson, r.case.variant));
    let mut fails = Vec::new();
    for r in &rows {
        let (c, nm) = (r.case, format!("{}/{}", r.case.lesson, r.case.variant));
        println!("=== {nm} ({:?})\n{}", c.how, r.side_by_side);
        let (fail, noted) = if c.timing {
            let n = r.diffs.iter().map(|d| format!("{d} (timing decides)"));
            (Vec::new(), n.collect())
        } else {
            known::judge(c.lesson, c.variant, &r.diffs)
        };
        let verdict = if r.diffs.is_empty() {
            "same".into()
        } else {
            r.diffs.join(" | ")
        };
        println!("{nm} ({:.1} s): {verdict}", r.secs);
        if !r.renamed.is_empty() {
            println!(
                "{nm}: unnamed in the listing, matched by order: {}",
                r.renamed.join(", ")
            );
        }
        for n in noted {
            println!("known: {nm}: {n}");
        }
        fails.extend(fail.into_iter().map(|f| format!("{nm}: {f}")));
    }
    println!(
        "{} lessons in {:.1} s",
        rows.len(),
        began.elapsed().as_secs_f64()
    );
    assert!(
        fails.is_empty(),
        "lessons and their Python programs tell different events:\n{}",
        fails.join("\n")
    );
}

#[test]
fn every_lesson_and_variant_has_a_case() {
    let mut missing = Vec::new();
    for sc in conlab::scenario::builtin() {
        let variants: Vec<String> = if sc.variants.is_empty() {
            vec![String::new()]
        } else {
            sc.variants.iter().map(|v| v.name.clone()).collect()
        };
        for v in variants {
            if !CASES.iter().any(|c| c.lesson == sc.id && c.variant == v) {
                missing.push(format!(
                    "{}/{v}: no case in tests/fidelity_events/table.rs",
                    sc.id
                ));
            }
        }
    }
    for k in known::KNOWN {
        if !CASES.iter().any(|c| c.lesson == k.0 && c.variant == k.1) {
            missing.push(format!("{}/{}: a KNOWN entry for no case", k.0, k.1));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

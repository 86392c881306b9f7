//! The fidelity suite: every lesson and variant run beside the Python program
//! its listing shows, comparing what each observably did (final values, who
//! finished, order where the lesson promises one, errors, counts, and wall time
//! where time is the lesson). Needs `python3`: skipped with a reason without it,
//! required when `CI` is set. `cargo test --test fidelity -- --nocapture` prints
//! the side-by-side table.

mod common;
#[path = "fidelity/lessons.rs"]
mod lessons;
#[path = "fidelity/lessons_net.rs"]
mod lessons_net;
#[path = "fidelity/outcome.rs"]
mod outcome;
#[path = "fidelity/prints.rs"]
mod prints;
#[path = "fidelity/selftest.rs"]
mod selftest;
#[path = "fidelity/servers.rs"]
mod servers;
#[path = "fidelity/shapes.rs"]
mod shapes;
#[path = "fidelity/sides.rs"]
mod sides;
#[path = "fidelity/specs.rs"]
mod specs;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use outcome::{majority, Out};
use specs::{Facts, Spec, SPECS};

/// Known differences, being fixed elsewhere: (lesson, variant, issue item,
/// what differs). "What differs" starts with the fact's name and a colon. A
/// known difference is reported and does not fail; an entry whose difference
/// is gone fails, so the table only ever holds what is still wrong.
const KNOWN: &[(&str, &str, &str, &str)] = &[];

/// Lab wall time over Python's, for lessons about time: within this factor,
/// or within `TIME_SLACK` seconds (a loaded machine stretches short runs).
const TIME_TOLERANCE: f64 = 1.6;
const TIME_SLACK: f64 = 1.0;

/// Lessons run at once: they mostly sleep, so more than the cores.
const PARALLEL: usize = 4;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn name(lesson: &str, variant: &str) -> String {
    if variant.is_empty() {
        lesson.to_string()
    } else {
        format!("{lesson}-{variant}")
    }
}

/// The listing the lab shows for this lesson and variant (English).
fn listing(lesson: &str, variant: &str) -> Option<String> {
    let sc = conlab::scenario::builtin()
        .into_iter()
        .find(|s| s.id == lesson)?;
    let v = (!variant.is_empty()).then_some(variant);
    let plan = sc.plan(v, &[]).ok()?;
    plan.listing.map(|t| t.en)
}

/// A kept program matches its listing line for line, once lines marked
/// `# fidelity: added` are left out; a line marked `# fidelity: changed`
/// may differ. The first mismatch, in words.
fn drift(kept: &str, listing: &str) -> Option<String> {
    let kept: Vec<&str> = kept
        .lines()
        .filter(|l| !l.contains("# fidelity: added"))
        .collect();
    let shown: Vec<&str> = listing.lines().collect();
    for (i, (k, s)) in kept.iter().zip(&shown).enumerate() {
        if k != s && !k.contains("# fidelity: changed") {
            return Some(format!("line {}: listing {s:?}, program {k:?}", i + 1));
        }
    }
    (kept.len() != shown.len()).then(|| {
        format!(
            "the listing has {} lines, the program {} (less its added lines)",
            shown.len(),
            kept.len()
        )
    })
}

/// The program Python runs: tests/python/NAME.py if kept (checked against
/// the listing), else the listing itself.
fn program(lesson: &str, variant: &str) -> Result<String, String> {
    let nm = name(lesson, variant);
    let shown = listing(lesson, variant)
        .ok_or_else(|| format!("{lesson}/{variant}: no Python program (no listing)"))?;
    let kept = root().join("tests/python").join(format!("{nm}.py"));
    match std::fs::read_to_string(&kept) {
        Ok(text) => match drift(&text, &shown) {
            Some(d) => Err(format!(
                "{lesson}/{variant}: tests/python/{nm}.py drifted from the listing: {d}"
            )),
            None => Ok(text),
        },
        Err(_) => Ok(shown + "\n"),
    }
}

fn with_end(o: &Out, facts: fn(&Out) -> Facts) -> Facts {
    let mut f = vec![("end", o.end.clone())];
    f.extend(facts(o));
    f
}

/// One side's facts over its runs: each fact's majority value, and `k/n`
/// when the runs did not agree; a `can …` fact is yes when any run says so.
fn summarise(outs: &[Out], facts: fn(&Out) -> Facts) -> Vec<(&'static str, String, String)> {
    let all: Vec<Facts> = outs.iter().map(|o| with_end(o, facts)).collect();
    all[0]
        .iter()
        .enumerate()
        .map(|(i, (k, _))| {
            let vals: Vec<String> = all.iter().map(|f| f[i].1.clone()).collect();
            let (v, n) = if k.starts_with('~') {
                let yes = vals.iter().filter(|v| *v == "yes").count();
                (format!("yes in {yes}/{}", vals.len()), vals.len())
            } else if k.starts_with("can ") {
                let yes = vals.iter().filter(|v| *v == "yes").count();
                (if yes > 0 { "yes" } else { "no" }.to_string(), vals.len())
            } else {
                majority(&vals)
            };
            let agree = if n == vals.len() {
                String::new()
            } else {
                format!(" ({n}/{})", vals.len())
            };
            (*k, v, agree)
        })
        .collect()
}

/// Failures (one readable line each) and known differences for one lesson.
fn judge(
    lesson: &str,
    variant: &str,
    diffs: &[(String, String, String)],
    known: &[(&str, &str, &str, &str)],
) -> (Vec<String>, Vec<String>) {
    let (mut fail, mut noted) = (Vec::new(), Vec::new());
    let mine: Vec<_> = known
        .iter()
        .filter(|k| k.0 == lesson && k.1 == variant)
        .collect();
    for (fact, py, lab) in diffs {
        let line = format!("{lesson}/{variant}: {fact}: Python {py}, the lab {lab}");
        match mine
            .iter()
            .find(|k| k.3.split(':').next() == Some(fact.as_str()))
        {
            Some(k) => noted.push(format!("{line} (known, issue item {})", k.2)),
            None => fail.push(line),
        }
    }
    for k in mine {
        let fact = k.3.split(':').next().unwrap_or("");
        if !diffs.iter().any(|d| d.0 == fact) {
            fail.push(format!(
                "{lesson}/{variant}: {fact}: no longer differs (issue item {}): fixed: remove this entry from KNOWN",
                k.2
            ));
        }
    }
    (fail, noted)
}

struct Row {
    name: String,
    python: String,
    lab: String,
    runs: usize,
    ratio: f64,
    fail: Vec<String>,
    noted: Vec<String>,
}

fn run_one(spec: &Spec, dir: &Path) -> Row {
    let nm = name(spec.lesson, spec.variant);
    let mut row = Row {
        name: format!("{}/{}", spec.lesson, spec.variant),
        python: String::new(),
        lab: String::new(),
        runs: spec.runs,
        ratio: 0.0,
        fail: Vec::new(),
        noted: Vec::new(),
    };
    let code = match program(spec.lesson, spec.variant) {
        Ok(c) => c,
        Err(e) => {
            row.fail.push(e);
            return row;
        }
    };
    let stuck = spec.stuck_after.map(std::time::Duration::from_secs);
    let mut py = Vec::new();
    let mut lab = Vec::new();
    for r in 0..spec.runs {
        let d = dir.join(format!("{nm}-{r}"));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("prog.py"), &code).unwrap();
        py.push(sides::python(&d, stuck));
        lab.push(sides::lab(spec.lesson, spec.variant));
    }
    let ps = summarise(&py, spec.facts);
    let ls = summarise(&lab, spec.facts);
    let show = |s: &[(&str, String, String)]| {
        s.iter()
            .map(|(k, v, a)| format!("{k}={v}{a}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    row.python = show(&ps);
    row.lab = show(&ls);
    let mut diffs: Vec<(String, String, String)> = ps
        .iter()
        .zip(&ls)
        .filter(|(p, l)| p.1 != l.1 && !p.0.starts_with('~'))
        .map(|(p, l)| (p.0.to_string(), p.1.clone(), l.1.clone()))
        .collect();
    let secs = |o: &[Out]| o.iter().map(|o| o.wall.as_secs_f64()).sum::<f64>() / o.len() as f64;
    row.ratio = secs(&lab) / secs(&py);
    let off = (secs(&lab) - secs(&py)).abs() > TIME_SLACK;
    if spec.timed && off && !(1.0 / TIME_TOLERANCE..=TIME_TOLERANCE).contains(&row.ratio) {
        diffs.push((
            "wall time".into(),
            format!("{:.1}s", secs(&py)),
            format!("{:.1}s (outside {TIME_TOLERANCE}x)", secs(&lab)),
        ));
    }
    let (mut fail, noted) = judge(spec.lesson, spec.variant, &diffs, KNOWN);
    let (py_shapes, lab_shapes) = (shapes::union(&py), shapes::union(&lab));
    fail.extend(shapes::differ(
        spec.lesson,
        spec.variant,
        &py_shapes,
        &lab_shapes,
        shapes::EXCUSED,
    ));
    row.fail = fail;
    row.noted = noted;
    row
}

fn python_present() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn every_lesson_behaves_as_its_python_program() {
    if !python_present() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but python3 is missing: the fidelity suite is required in CI"
        );
        println!("skipped: python3 is not installed (the fidelity suite needs it)");
        return;
    }
    let only = std::env::var("CONLAB_FIDELITY_ONLY").ok();
    let dir = std::env::temp_dir().join(format!("conlab-fidelity-{}", std::process::id()));
    let jobs: Mutex<Vec<&Spec>> = Mutex::new(
        SPECS
            .iter()
            .filter(|s| only.as_deref().is_none_or(|o| s.lesson == o))
            .rev()
            .collect(),
    );
    let rows = Mutex::new(Vec::new());
    std::thread::scope(|sc| {
        for _ in 0..PARALLEL {
            sc.spawn(|| loop {
                let Some(spec) = jobs.lock().unwrap().pop() else {
                    break;
                };
                let row = run_one(spec, &dir);
                rows.lock().unwrap().push(row);
            });
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
    let mut rows = rows.into_inner().unwrap();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let mut fails = Vec::new();
    println!("lesson/variant | Python | lab | runs | lab/Python wall time");
    for r in &rows {
        println!(
            "{} | {} | {} | {} | {:.2}",
            r.name, r.python, r.lab, r.runs, r.ratio
        );
    }
    for r in &rows {
        for n in &r.noted {
            println!("known: {n}");
        }
        fails.extend(r.fail.iter().cloned());
    }
    assert!(
        fails.is_empty(),
        "the lab and Python differ:\n{}",
        fails.join("\n")
    );
}

#[test]
fn every_lesson_and_variant_has_a_spec_and_a_program() {
    let mut missing = Vec::new();
    for sc in conlab::scenario::builtin() {
        let variants: Vec<String> = if sc.variants.is_empty() {
            vec![String::new()]
        } else {
            sc.variants.iter().map(|v| v.name.clone()).collect()
        };
        for v in variants {
            if !SPECS.iter().any(|s| s.lesson == sc.id && s.variant == v) {
                missing.push(format!(
                    "{}/{v}: no fidelity spec in tests/fidelity/specs.rs",
                    sc.id
                ));
            }
            if let Err(e) = program(&sc.id, &v) {
                missing.push(e);
            }
        }
    }
    for s in SPECS {
        if listing(s.lesson, s.variant).is_none() {
            missing.push(format!(
                "{}/{}: a spec for no lesson or variant",
                s.lesson, s.variant
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

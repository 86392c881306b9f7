//! Fuzz harness for recordings: real recordings (built-in and file scenarios
//! run headless with --record) are mutated (bytes, lines, field values, the
//! recipe's source and text) and fed to `Recording::read`, the plan, the model
//! and the export. Each must give Ok or an error `FILE:LINE:COL: message`, and
//! never panic or hang.
//!
//! The default run tries 4,000 mutated recordings (seeded, the same each run);
//! a longer run: `CONLAB_FUZZ_CASES=100000 cargo test --release --test fuzz_recordings -- --nocapture`
//! (`CONLAB_FUZZ_SEED=N` picks another sequence).

mod common;
#[path = "fuzz_recordings/mutate.rs"]
mod mutate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use conlab::model::lesson::LessonProgress;
use conlab::model::{Declared, Model};
use conlab::recording::{Reader, Recording};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use common::conlab;

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("conlab-fuzzrec-{}-{name}", std::process::id()))
}

/// Record `scenario` headless into a temp file and return its bytes.
fn record(scenario: &str, name: &str, extra: &[&str]) -> Vec<u8> {
    let file = temp(name);
    let path = file.to_str().unwrap();
    let mut args = vec![
        "run",
        scenario,
        "--headless",
        "--speed",
        "4",
        "--seed",
        "7",
        "--record",
        path,
    ];
    args.extend_from_slice(extra);
    let f = conlab(&args, Duration::from_secs(90));
    assert!(f.code == 0 || f.code == 1, "{scenario}: {}", f.stderr);
    let bytes = std::fs::read(&file).unwrap();
    std::fs::remove_file(&file).ok();
    bytes
}

/// The seed corpus: built-in runs of several kinds, and a file scenario whose
/// recording carries the scenario's text.
fn seeds() -> Vec<Vec<u8>> {
    let toml = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/zombie.toml");
    let own = temp("own-zombie.toml");
    std::fs::copy(&toml, &own).unwrap();
    let own_path = own.to_str().unwrap().to_string();
    let jobs: Vec<(String, &str, Vec<&str>)> = vec![
        ("deadlock-processes".into(), "s1", vec![]),
        ("producer-consumer".into(), "s2", vec!["--set", "items=3"]),
        ("pool".into(), "s3", vec![]),
        ("thread-race".into(), "s4", vec![]),
        (own_path, "s5", vec![]),
    ];
    let seeds: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|(sc, name, extra)| s.spawn(move || record(sc, name, extra)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    std::fs::remove_file(&own).ok();
    let text = String::from_utf8_lossy(&seeds[4]);
    assert!(
        text.contains("\"scenario_text\""),
        "a file scenario's recording carries its text"
    );
    seeds
}

/// `message` is `PATH:LINE:COL: words` on its first line.
fn positioned(path: &str, message: &str) -> bool {
    let first = message.lines().next().unwrap_or("");
    let Some(rest) = first.strip_prefix(path).and_then(|r| r.strip_prefix(':')) else {
        return false;
    };
    let mut parts = rest.splitn(3, ':');
    let line = parts.next().unwrap_or("");
    let col = parts.next().unwrap_or("");
    let words = parts.next().unwrap_or("");
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    number(line) && number(col) && words.starts_with(' ') && words.trim().len() > 2
}

/// serde's own words never reach a teacher.
fn assert_plain(message: &str) {
    // What the recording itself holds is quoted; only conlab's words count.
    let words: String = message.split('"').step_by(2).collect();
    for jargon in [
        "invalid type",
        "invalid value",
        "untagged",
        "unknown variant",
        "`",
        " at line ",
        "struct ",
    ] {
        assert!(!words.contains(jargon), "{jargon:?} in {message:?}");
    }
}

/// Feed one recording file through everything that reads recordings; the
/// name of what came out, for the tally.
fn feed(path: &Path) -> String {
    let name = path.to_str().unwrap();
    let read = Recording::read(path);
    let mut reader = Reader::open(path).expect("a regular file opens");
    let export = conlab::export::chrome_from(&mut reader, std::io::sink());
    match (&read, &export) {
        (Err(e), Err(conlab::export::ExportError::Read(x))) => {
            assert!(positioned(name, e), "read error without a position: {e:?}");
            assert!(
                positioned(name, x),
                "export error without a position: {x:?}"
            );
            assert_plain(e);
        }
        (Ok(_), Ok(())) => {}
        (r, x) => panic!(
            "read and export disagree on {name}: {:?} / {x:?}",
            r.as_ref().err()
        ),
    }
    let rec = match read {
        Ok(r) => r,
        Err(e) => return format!("refused: {}", kind_of(&e)),
    };
    let (mut model, lesson, outcome) = match (rec.header.scenario(), rec.plan()) {
        (Ok(scenario), Ok(plan)) => {
            let mut model = Model::new(&plan.checks);
            model.declare(&Declared::of(&plan));
            let lesson =
                LessonProgress::new(&scenario.pages, plan.variant.as_deref(), Instant::now());
            (model, Some(lesson), "replayed".to_string())
        }
        (Err(e), _) | (_, Err(e)) => {
            assert!(positioned(name, &e), "plan error without a position: {e:?}");
            (
                Model::default(),
                None,
                format!("plan refused: {}", kind_of(&e)),
            )
        }
    };
    let mut lesson = lesson;
    for e in &rec.events {
        model.apply(e);
        if let Some(l) = lesson.as_mut() {
            l.observe(e);
        }
    }
    outcome
}

/// The words of an error, without its position, quoted parts and numbers, for the tally.
fn kind_of(message: &str) -> String {
    let first = message.lines().next().unwrap_or("");
    let words = first.splitn(4, ':').nth(3).unwrap_or(first);
    let mut out = String::new();
    let mut quoted = false;
    for c in words.chars() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted || c.is_ascii_digit() => {}
            _ => out.push(c),
        }
    }
    let out = out.split(", not").next().unwrap_or("");
    let out: Vec<&str> = out.split_whitespace().collect();
    out.join(" ").chars().take(70).collect()
}

fn cases() -> usize {
    std::env::var("CONLAB_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000)
}

#[test]
fn mutated_recordings_give_a_replay_or_a_positioned_error() {
    let seeds = seeds();
    let n = cases();
    let base: u64 = std::env::var("CONLAB_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(11);
    let dir = temp("cases");
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let specials = mutate::Specials {
        paths: vec![
            "/dev/zero".into(),
            fifo.to_str().unwrap().into(),
            "/etc/passwd".into(),
            dir.to_str().unwrap().into(),
            "/proc/self/mem".into(),
        ],
    };
    // The cases are shared out among one worker per core (case i to worker
    // i % workers, each with its own file): the same cases, checked the same
    // way, in less wall time (CI has 2 cores, and this test runs alone).
    let (seeds, specials) = (Arc::new(seeds), Arc::new(specials));
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    let (tx, rx) = std::sync::mpsc::channel();
    let handles: Vec<_> = (0..workers)
        .map(|w| {
            let (tx, seeds, specials) = (tx.clone(), Arc::clone(&seeds), Arc::clone(&specials));
            let file = dir.join(format!("case-{w}.jsonl"));
            std::thread::spawn(move || {
                let mut tally: BTreeMap<String, usize> = BTreeMap::new();
                let mut slowest = Duration::ZERO;
                for i in (w..n).step_by(workers) {
                    let mut rng =
                        StdRng::seed_from_u64(base.wrapping_mul(1_000_003).wrapping_add(i as u64));
                    let seed = &seeds[rng.gen_range(0..seeds.len())];
                    let bytes = mutate::mutate(&mut rng, seed, &specials);
                    std::fs::write(&file, &bytes).unwrap();
                    let began = Instant::now();
                    let what = feed(&file);
                    slowest = slowest.max(began.elapsed());
                    *tally.entry(what).or_default() += 1;
                }
                tx.send((tally, slowest)).unwrap();
            })
        })
        .collect();
    drop(tx);
    let deadline = Instant::now() + Duration::from_secs(600);
    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    let mut slowest = Duration::ZERO;
    for _ in 0..workers {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok((t, s)) => {
                for (k, v) in t {
                    *tally.entry(k).or_default() += v;
                }
                slowest = slowest.max(s);
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                panic!("the fuzz run did not finish in 10 minutes: a hang")
            }
            // A worker panicked: report its panic as this test's.
            Err(_) => {
                let failed = handles.into_iter().map(|h| h.join()).find_map(Result::err);
                std::panic::resume_unwind(failed.expect("a worker panicked"))
            }
        }
    }
    for h in handles {
        h.join().unwrap();
    }
    std::fs::remove_dir_all(&dir).ok();
    eprintln!("{n} mutated recordings; slowest case {slowest:?}:");
    for (what, count) in &tally {
        eprintln!("{count:>7}  {what}");
    }
    let replayed = tally.get("replayed").copied().unwrap_or(0);
    let refused: usize = tally
        .iter()
        .filter(|(k, _)| k.starts_with("refused"))
        .map(|(_, v)| v)
        .sum();
    assert!(
        replayed > n / 20,
        "some mutations still replay: {replayed} of {n}"
    );
    assert!(
        refused > n / 20,
        "some mutations are refused: {refused} of {n}"
    );
    assert!(slowest < Duration::from_secs(10), "a case took {slowest:?}");
}

//! The fuzz harness (issue 11): mutated built-in scenarios, random expressions
//! and nasty `--set` values, fed to the loader and resolver. Every input must
//! give either a plan for every variant that survives the JSON trip to the
//! host, or errors that each read `FILE:LINE:COL: message`. Never a panic.
//!
//! The default run is seeded and takes seconds; a longer one:
//! `CONLAB_FUZZ_CASES=20 CONLAB_FUZZ_SEED=7 cargo test --release --test fuzz_scenarios -- --nocapture`

mod fuzz_support;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use conlab::scenario::expr::Expr;
use conlab::scenario::plan::Plan;
use conlab::scenario::{builtin_sources, parse_bytes, Scenario, ScenarioError};
use fuzz_support::{mutate, nasty, scale, seed, Rng};

/// Mutants per built-in scenario in the default run (160: CI must stay under
/// 20 minutes on 2 cores; `CONLAB_FUZZ_CASES=N` runs N times as many).
const PER_SCENARIO: usize = 160;
const EXPRESSIONS: usize = 6_000;

/// What the inputs produced.
#[derive(Default)]
struct Tally {
    inputs: usize,
    ok: usize,
    errors: usize,
    classes: BTreeMap<String, usize>,
    /// One full message per class, shown with --nocapture.
    examples: BTreeMap<String, String>,
    failures: Vec<String>,
}

impl Tally {
    fn fail(&mut self, what: String, input: &[u8]) {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
        std::fs::create_dir_all(&dir).ok();
        let path = dir.join(format!("case-{}.toml", self.failures.len()));
        std::fs::write(&path, input).ok();
        self.failures
            .push(format!("{what} (input saved in {})", path.display()));
    }

    fn count(&mut self, message: &str) {
        let c = class(message);
        self.examples
            .entry(c.clone())
            .or_insert_with(|| message.to_string());
        *self.classes.entry(c).or_default() += 1;
    }

    fn report(&self, name: &str) {
        eprintln!(
            "{name}: {} inputs, {} ok, {} refused in words",
            self.inputs, self.ok, self.errors
        );
        let mut top: Vec<_> = self.classes.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1));
        for (class, n) in top.iter().take(40) {
            let example = &self.examples[*class];
            let example: String = example.chars().take(150).collect();
            eprintln!("  {n:6}  {example}");
        }
        assert!(
            self.failures.is_empty(),
            "{} failures:\n{}",
            self.failures.len(),
            self.failures[..self.failures.len().min(10)].join("\n")
        );
    }
}

/// `FILE:LINE:COL: message` with a non-empty message.
fn positioned(file: &str, line: &str) -> Option<String> {
    let rest = line.strip_prefix(file)?.strip_prefix(':')?;
    let mut parts = rest.splitn(3, ':');
    let l = parts.next()?;
    let c = parts.next()?;
    let m = parts.next()?.strip_prefix(' ')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(l) && digits(c) && !m.trim().is_empty()).then(|| m.to_string())
}

/// A message's class: its words with quoted and numeric parts dropped.
fn class(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && !c.is_ascii_digit() {
            out.push(c);
        }
    }
    out.split_whitespace().take(7).collect::<Vec<_>>().join(" ")
}

/// The host's view: the plan inside its messages, as JSON, and back.
fn survives_the_wire(plan: &Plan) -> bool {
    let json = serde_json::to_string(&[[plan]]).unwrap();
    matches!(serde_json::from_str::<[[Plan; 1]; 1]>(&json), Ok([[back]]) if back == *plan)
}

fn check_plans(s: &Scenario, tally: &mut Tally, input: &[u8]) {
    let mut variants: Vec<Option<&str>> = vec![None];
    variants.extend(s.variants.iter().map(|v| Some(v.name.as_str())));
    for v in variants {
        match s.plan(v, &[]) {
            Ok(plan) if survives_the_wire(&plan) => {}
            Ok(_) => tally.fail(
                format!("variant {v:?}: the plan does not survive JSON"),
                input,
            ),
            Err(e) => tally.fail(
                format!("variant {v:?}: check passed, plan failed: {e}"),
                input,
            ),
        }
    }
}

fn feed(file: &str, input: &[u8], tally: &mut Tally) {
    tally.inputs += 1;
    let result = catch_unwind(AssertUnwindSafe(|| parse_bytes(file, input)));
    match result {
        Err(_) => tally.fail("panicked".into(), input),
        Ok(Ok(s)) => {
            tally.ok += 1;
            tally.count("(ok)");
            if catch_unwind(AssertUnwindSafe(|| check_plans(&s, tally, input))).is_err() {
                tally.fail("plan() panicked".into(), input);
            }
        }
        Ok(Err(ScenarioError::Invalid(lines))) => {
            tally.errors += 1;
            if lines.is_empty() {
                tally.fail("an error without a message".into(), input);
            }
            for line in &lines {
                match positioned(file, line) {
                    Some(m) => tally.count(&m),
                    None => tally.fail(format!("not FILE:LINE:COL: message: {line:?}"), input),
                }
            }
        }
        Ok(Err(other)) => tally.fail(format!("not a file error: {other}"), input),
    }
}

/// Mutants of every other built-in file, starting at `first` (two tests share them).
fn mutants(first: usize) -> Tally {
    let files = builtin_sources();
    let others: Vec<&str> = files.iter().map(|(_, s)| *s).collect();
    let mut tally = Tally::default();
    for (k, (name, src)) in files.iter().enumerate().skip(first).step_by(2) {
        let mut rng = Rng::new(seed() ^ (k as u64 + 1) << 32);
        let file = format!("fuzz/{name}");
        feed(&file, src.as_bytes(), &mut tally);
        for _ in 0..PER_SCENARIO * scale() {
            let mut input = mutate(&mut rng, src, &others);
            // A third of the mutants are mutated again.
            if rng.below(3) == 0 {
                let text = String::from_utf8_lossy(&input).into_owned();
                input = mutate(&mut rng, &text, &others);
            }
            feed(&file, &input, &mut tally);
        }
    }
    tally
}

#[test]
fn mutated_scenarios_even_files_load_or_say_where() {
    mutants(0).report("scenarios (even)");
}

#[test]
fn mutated_scenarios_odd_files_load_or_say_where() {
    mutants(1).report("scenarios (odd)");
}

/// Sockets (issue 15): the socket tests' scenarios are mutated too, so the
/// socket format is fuzzed before any built-in lesson uses it.
#[test]
fn mutated_socket_scenarios_load_or_say_where() {
    let files = [
        include_str!("net_echo.toml"),
        include_str!("net_blocked.toml"),
    ];
    let mut rng = Rng::new(seed() ^ 0x50c7_e700);
    let mut tally = Tally::default();
    for src in files {
        feed("fuzz/net.toml", src.as_bytes(), &mut tally);
        for _ in 0..PER_SCENARIO * scale() {
            let input = mutate(&mut rng, src, &files);
            feed("fuzz/net.toml", &input, &mut tally);
        }
    }
    tally.report("sockets");
}

/// A random expression: half well formed (to reach eval and JSON), half from
/// loose pieces a student and an attacker type.
fn expression(rng: &mut Rng) -> String {
    if rng.below(2) == 0 {
        let mut budget = 1 + rng.below(60);
        return well_formed(rng, &mut budget);
    }
    const PIECES: &[&str] = &[
        "1",
        "t",
        "x",
        "None",
        "0",
        "-3",
        "9223372036854775807",
        "+",
        "-",
        "*",
        "/",
        "%",
        "<",
        "<=",
        "==",
        "!=",
        ">",
        ">=",
        "(",
        ")",
        " ",
        "\u{3000}",
        "\u{a0}",
        "（",
        "）",
        "＋",
        "＝",
        "，",
        "？",
        "\t",
        "_",
        "t1",
        "é",
    ];
    let n = 1 + rng.below(40);
    let mut s: String = (0..n).map(|_| *rng.pick(PIECES)).collect();
    if rng.below(10) == 0 {
        s.push_str(&nasty(rng));
    }
    s
}

/// An expression of at most `budget` operators.
fn well_formed(rng: &mut Rng, budget: &mut usize) -> String {
    const ATOMS: &[&str] = &[
        "1",
        "0",
        "t",
        "x",
        "t1",
        "None",
        "-7",
        "9223372036854775807",
    ];
    const OPS: &[&str] = &["+", "-", "*", "/", "%", "<", "<=", "==", "!=", ">", ">="];
    const SPACES: &[&str] = &["", " ", "\u{3000}", "\u{a0}", "\t"];
    if *budget == 0 || rng.below(4) == 0 {
        return rng.pick(ATOMS).to_string();
    }
    *budget -= 1;
    let sp = *rng.pick(SPACES);
    let (a, b) = (well_formed(rng, budget), well_formed(rng, budget));
    let e = format!("{a}{sp}{}{sp}{b}", rng.pick(OPS));
    if rng.below(4) == 0 {
        format!("({e})")
    } else {
        e
    }
}

#[test]
fn nasty_set_values_are_refused_in_words() {
    let mut rng = Rng::new(seed());
    let mut tally = Tally::default();
    for (name, src) in builtin_sources() {
        let table: toml::Table = toml::from_str(src).unwrap();
        let Some(params) = table.get("params").and_then(|p| p.as_table()) else {
            continue;
        };
        let s = parse_bytes(name, src.as_bytes()).unwrap();
        for key in params.keys() {
            for _ in 0..40 * scale() {
                // A quarter plausible (to reach the plan), the rest nasty.
                let value = match rng.below(8) {
                    0 => rng.below(12).to_string(),
                    1 => format!("{}ms", rng.below(3000)),
                    _ => nasty(&mut rng),
                };
                tally.inputs += 1;
                let sets = [(key.clone(), value.clone())];
                let input = format!("{name} --set {key}={value}");
                match catch_unwind(AssertUnwindSafe(|| s.plan(None, &sets))) {
                    Err(_) => tally.fail("panicked".into(), input.as_bytes()),
                    Ok(Ok(plan)) if survives_the_wire(&plan) => tally.ok += 1,
                    Ok(Ok(_)) => {
                        tally.fail("the plan does not survive JSON".into(), input.as_bytes())
                    }
                    Ok(Err(ScenarioError::Request(m))) if !m.trim().is_empty() => {
                        tally.errors += 1;
                        tally.count(m.lines().last().unwrap_or_default());
                    }
                    Ok(Err(e)) => tally.fail(format!("{e:?}"), input.as_bytes()),
                }
            }
        }
    }
    tally.report("--set values");
}

#[test]
fn random_expressions_parse_or_say_where_and_evaluate_without_panic() {
    let mut rng = Rng::new(seed());
    let vars: BTreeMap<String, i64> = [("t", 3), ("x", i64::MAX), ("t1", -1)]
        .iter()
        .map(|(k, v)| (k.to_string(), *v))
        .collect();
    let mut tally = Tally::default();
    for _ in 0..EXPRESSIONS * scale() {
        let text = expression(&mut rng);
        tally.inputs += 1;
        let outcome = catch_unwind(|| match Expr::parse_at(&text) {
            Ok(e) => {
                let _ = e.eval(&vars);
                let json = serde_json::to_string(&e).unwrap();
                Ok(serde_json::from_str::<Expr>(&json).ok() == Some(e))
            }
            Err(err) => Err((
                text.is_char_boundary(err.at) && err.at <= text.len(),
                err.message,
            )),
        });
        match outcome {
            Err(_) => tally.fail(format!("panicked on {text:?}"), text.as_bytes()),
            Ok(Ok(true)) => tally.ok += 1,
            Ok(Ok(false)) => tally.fail(format!("{text:?} does not survive JSON"), text.as_bytes()),
            Ok(Err((true, m))) if !m.trim().is_empty() => {
                tally.errors += 1;
                tally.count(&m);
            }
            Ok(Err(_)) => tally.fail(
                format!("{text:?}: bad position or message"),
                text.as_bytes(),
            ),
        }
    }
    tally.report("expressions");
}

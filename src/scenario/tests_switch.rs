//! `switch_interval`: top level, per variant, from a parameter (and so from
//! `--set`), and bad values refused at their FILE:LINE:COL.

use super::*;

const SRC: &str = r#"
id = "s"
title = { en = "S", zh = "S" }
summary = { en = "s", zh = "s" }
switch_interval = "{interval}"

[params.interval]
default = "5ms"

[[variants]]
name = "plain"

[[variants]]
name = "short"
switch_interval = "1ms"

[[variants]]
name = "long"
set = { interval = "20ms" }

[[actors]]
name = "main"
kind = "process"
script = [ { work = "10ms" } ]
"#;

fn interval(s: &Scenario, variant: &str, sets: &[(&str, &str)]) -> Option<u64> {
    let sets: Vec<(String, String)> = sets
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    s.plan(Some(variant), &sets).unwrap().switch_interval_us
}

#[test]
fn the_interval_comes_from_the_file_a_variant_or_a_set() {
    let s = Scenario::parse("f.toml", SRC).unwrap();
    assert_eq!(interval(&s, "plain", &[]), Some(5_000));
    assert_eq!(interval(&s, "short", &[]), Some(1_000));
    assert_eq!(interval(&s, "long", &[]), Some(20_000));
    assert_eq!(interval(&s, "plain", &[("interval", "0.5ms")]), Some(500));
    let none = SRC.replace("switch_interval = \"{interval}\"\n", "");
    let s = Scenario::parse("f.toml", &none).unwrap();
    assert_eq!(interval(&s, "plain", &[]), None, "CPython's default");
}

fn errors(src: &str) -> Vec<String> {
    match Scenario::parse("f.toml", src) {
        Err(ScenarioError::Invalid(lines)) => lines,
        other => panic!("expected errors, got {other:?}"),
    }
}

/// `f.toml:LINE:COL:` of the first line holding `needle`, at its `"` (or value).
fn at(src: &str, needle: &str, col: usize) -> String {
    let line = src.lines().position(|l| l.contains(needle)).unwrap() + 1;
    format!("f.toml:{line}:{col}:")
}

#[test]
fn bad_intervals_are_refused_where_they_are_written() {
    for (bad, says) in [
        ("\"0ms\"", "must be from 0.1ms to 1s"),
        ("\"50us\"", "must be from 0.1ms to 1s"),
        ("\"2s\"", "must be from 0.1ms to 1s"),
        ("\"-1ms\"", "cannot be negative"),
        ("\"soon\"", "not a duration"),
        ("0.005", "like \"5ms\""),
        ("true", "not a boolean"),
    ] {
        let src = SRC.replace(
            "switch_interval = \"1ms\"",
            &format!("switch_interval = {bad}"),
        );
        let lines = errors(&src);
        let want = at(&src, &format!("switch_interval = {bad}"), 19);
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&want) && l.contains(says)),
            "{bad}: want {want} … {says}, got {lines:?}"
        );
    }
}

#[test]
fn a_bad_default_or_set_is_refused_too() {
    let src = SRC.replace("default = \"5ms\"", "default = \"0ms\"");
    let lines = errors(&src);
    let want = at(&src, "switch_interval = \"{interval}\"", 19);
    assert!(lines.iter().any(|l| l.starts_with(&want)), "{lines:?}");
    let s = Scenario::parse("f.toml", SRC).unwrap();
    let set = [("interval".to_string(), "5s".to_string())];
    let err = s.plan(Some("plain"), &set).unwrap_err().to_string();
    assert!(err.contains("must be from 0.1ms to 1s"), "{err}");
}

//! Issue 11: files that once crashed, hung or flooded the loader, and files
//! that were accepted but meaningless. Each must be refused at once, with
//! FILE:LINE:COL at the right place, in plain words.

use std::time::{Duration, Instant};

use super::*;

const HEAD: &str = r#"id = "h"
title = { en = "t", zh = "t" }
summary = { en = "s", zh = "s" }
"#;

/// A scenario whose main script is `script` (TOML steps) plus `more`.
fn with_main(script: &str, more: &str) -> String {
    format!(
        "{HEAD}\n[[actors]]\nname = \"main\"\nkind = \"process\"\nscript = [ {script} ]\n{more}"
    )
}

fn child(kind: &str) -> String {
    format!("[[actors]]\nname = \"c\"\nkind = \"{kind}\"\nparent = \"main\"\nscript = [ {{ print = \"hi\" }} ]\n")
}

fn errors(src: &str) -> Vec<String> {
    match parse_bytes("f.toml", src.as_bytes()) {
        Err(ScenarioError::Invalid(lines)) => lines,
        other => panic!("expected errors, got {other:?}"),
    }
}

/// The one error whose message contains `needle`, as (line, col, line text).
fn at(src: &str, needle: &str) -> (usize, usize, String) {
    let errs = errors(src);
    let line = errs
        .iter()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no error says {needle:?}: {errs:#?}"));
    let mut parts = line.splitn(4, ':');
    assert_eq!(parts.next(), Some("f.toml"));
    let l: usize = parts.next().unwrap().parse().unwrap();
    let c: usize = parts.next().unwrap().parse().unwrap();
    (l, c, src.lines().nth(l - 1).unwrap().to_string())
}

/// The character at a 1-based (line, col).
fn char_at((_, col, text): &(usize, usize, String)) -> char {
    text.chars().nth(col - 1).unwrap()
}

#[test]
fn full_width_punctuation_in_an_expression_is_pointed_at() {
    let src = with_main(r#"{ let = "t", value = "1　+ （2 + 3)" }"#, "");
    let found = at(&src, "full-width '（' — use '(' instead");
    assert_eq!(char_at(&found), '（');
    // With an escape in the string the columns differ: point at the string.
    let src = with_main(r#"{ let = "t", value = "1\t+ （2)" }"#, "");
    assert_eq!(char_at(&at(&src, "full-width '（'")), '"');
    // Plain spaces of any width are spaces.
    let src = with_main(
        r#"{ let = "t", value = "1　+\u00a02" }, { if = "t　>　1", then = [] }"#,
        "",
    );
    assert!(Scenario::parse("f.toml", &src).is_ok());
    // Full-width TOML syntax too.
    let src = format!("{HEAD}x ＝ 1\n");
    assert_eq!(char_at(&at(&src, "full-width '＝' — use '='")), '＝');
}

#[test]
fn expressions_check_refuses_are_the_ones_run_would() {
    let chain = |n: usize| vec!["1"; n].join("+");
    let src = with_main(&format!(r#"{{ let = "t", value = "{}" }}"#, chain(63)), "");
    at(&src, "too deep");
    let src = with_main(&format!(r#"{{ let = "t", value = "{}" }}"#, chain(33)), "");
    let plan = Scenario::parse("f.toml", &src)
        .unwrap()
        .plan(None, &[])
        .unwrap();
    let json = serde_json::to_string(&[[&plan]]).unwrap();
    let back: [[plan::Plan; 1]; 1] = serde_json::from_str(&json).unwrap();
    assert_eq!(back[0][0], plan);
    // Deeply nested loops with deep expressions inside still cross the wire.
    let mut steps = format!(r#"{{ if = "{}", then = [] }}"#, chain(33));
    for _ in 0..limits::MAX_NESTING - 1 {
        steps = format!("{{ loop = [ {steps}, {{ break = true }} ] }}");
    }
    let src = with_main(&format!(r#"{{ let = "t", value = "1" }}, {steps}"#), "");
    let plan = Scenario::parse("f.toml", &src)
        .unwrap()
        .plan(None, &[])
        .unwrap();
    assert!(serde_json::from_str::<[[plan::Plan; 1]; 1]>(
        &serde_json::to_string(&[[&plan]]).unwrap()
    )
    .is_ok());
    let deeper = format!("{{ loop = [ {steps} ] }}");
    at(&with_main(&deeper, ""), "nested more than");
}

#[test]
fn huge_durations_are_errors_where_written() {
    for d in ["99999999999999999999s", "1e20s", "0s..1e300s", "nans"] {
        let src = with_main(&format!(r#"{{ sleep = "{d}" }}"#), "");
        let found = at(&src, d);
        assert!(found.2.contains(d));
    }
    let s = load("zombie").unwrap();
    for bad in ["1e300s", "99999999999999999999s", "infs", "1s..1e20s"] {
        let err = s.plan(None, &[("busy".into(), bad.into())]).unwrap_err();
        assert!(err.to_string().contains("--set busy"), "{err}");
    }
}

#[test]
fn bytes_that_are_not_utf8_are_pointed_at() {
    let mut bytes = with_main(r#"{ print = "hi" }"#, "").into_bytes();
    let i = bytes.windows(2).position(|w| w == b"hi").unwrap();
    bytes[i + 1] = 0xFF;
    let Err(ScenarioError::Invalid(lines)) = parse_bytes("f.toml", &bytes) else {
        panic!("accepted");
    };
    assert!(lines[0].starts_with("f.toml:8:"), "{lines:?}");
    assert!(lines[0].contains("not UTF-8") && lines[0].contains("0xFF"));
}

#[test]
fn large_files_are_refused_before_the_expensive_work() {
    let big = format!("{HEAD}# {}\n", "x".repeat(MAX_FILE_BYTES));
    at(&big, "the limit for a scenario");
    let began = Instant::now();
    let actors: String = (0..1000)
        .map(|i| format!("[[actors]]\nname=\"a{i}\"\nkind=\"thread\"\nparent=\"main\"\n"))
        .collect();
    at(&with_main("", &actors), "actors declared");
    let steps = vec![r#"{ print = "x" }"#; limits::MAX_WRITTEN_STEPS + 1].join(",");
    at(&with_main(&steps, ""), "steps are written");
    let nested = r#"{ repeat = 10000, do = [ { repeat = 10000, do = [] } ] }"#;
    at(&with_main(nested, ""), "unroll more than");
    let groups: String = (0..40)
        .map(|i| {
            format!(
                "[[actors]]\nname=\"g{i}x{{i}}\"\ncount=256\nkind=\"thread\"\nparent=\"main\"\n"
            )
        })
        .collect();
    at(&with_main("", &groups), "more than 2048 actors");
    assert!(
        began.elapsed() < Duration::from_secs(20),
        "{:?}",
        began.elapsed()
    );
}

#[test]
fn a_start_unrolled_for_one_actor_is_refused_as_python_would() {
    let src = with_main(
        r#"{ repeat = 10, do = [ { start = "c" }, { join = "c" } ] }"#,
        &child("process"),
    );
    let found = at(&src, "AssertionError: cannot start a process twice");
    assert!(found.2.contains("start = \"c\""), "{found:?}");
    let src = with_main(
        r#"{ repeat = 3, do = [ { start = "c" }, { join = "c" } ] }"#,
        &child("thread"),
    );
    at(&src, "RuntimeError: threads can only be started once");
    // Started from two different steps passes check; the runtime refuses the
    // second start (tests/limits.rs).
    let src = with_main(r#"{ start = "c" }, { start = "c" }"#, &child("process"));
    assert!(Scenario::parse("f.toml", &src).is_ok());
    let src = with_main(
        r#"{ loop = [ { start = "c" }, { join = "c" } ] }"#,
        &child("thread"),
    );
    at(&src, "start inside a loop");
}

#[test]
fn meaningless_keys_and_long_names_are_refused_in_words() {
    let src = HEAD.replace(r#"zh = "s" }"#, r#"zh = "s", fr = "x" }"#)
        + &with_main("", "").replace(HEAD, "");
    at(&src, "unknown key fr: the keys allowed here are en or zh");
    let check = "[[checks]]\nlabel = { en = \"a\", zh = \"b\" }\nevent = \"print\"\nwhere = { txt = \"hi\" }\n";
    let found = at(&with_main(r#"{ print = "hi" }"#, check), "no field \"txt\"");
    assert!(found.2.starts_with("where"), "{found:?}");
    let long = "a".repeat(33);
    let src = with_main(
        "",
        &child("process").replace("\"c\"", &format!("\"{long}\"")),
    );
    at(&src, "longer than 32 characters");
    let src = with_main("", &child("process").replace("\"c\"", "\"子\""));
    at(&src, "not '子'");
    let src = with_main("", "").replace("kind = \"process\"", "kind = \"process\"\ncount = 1.5");
    at(&src, "expected a whole number, or a text");
}

#[test]
fn toml_errors_are_never_empty_and_name_what_is_missing() {
    for (src, words) in [
        (format!("{HEAD}format ="), "a value is missing after ="),
        (format!("{HEAD}format = "), "a value is missing after ="),
        (format!("{HEAD}x = [1,"), "list is not closed"),
        (format!("{HEAD}x = \"a"), "text is not closed"),
        (format!("{HEAD}x = tru\n"), "a value is expected here"),
        (
            format!("{HEAD}[[actors]]\nname = 3\n"),
            "expected a text, found the number 3",
        ),
        (String::new(), "id is missing here"),
    ] {
        let errs = errors(&src);
        assert!(errs.iter().any(|e| e.contains(words)), "{src:?}: {errs:?}");
        for e in errs {
            let message = e.splitn(4, ':').nth(3).unwrap_or_default();
            assert!(message.trim().len() > 3, "{e:?}");
        }
    }
}

#[test]
fn a_file_typed_with_a_chinese_input_method_gets_clear_errors() {
    for (line, expect) in [
        (
            "　max_seconds = 5",
            "a full-width space (U+3000) — use ' ' instead",
        ),
        (
            "max_seconds：5",
            "full-width '：' — between a name and its value write '='",
        ),
        ("max_seconds ＝ 5", "full-width '＝' — use '=' instead"),
        ("lesson = “hi”", "full-width '“' — use '\"' instead"),
        ("x = [1，2]", "full-width '，' — use ',' instead"),
        ("x = ｛ a = 1 ｝", "full-width '｛' — use '{' instead"),
    ] {
        let src = format!("{HEAD}{line}\n");
        let found = at(&src, expect);
        assert_eq!(found.0, 4, "{line}");
        assert!(
            fullwidth::ascii_for(char_at(&found)).is_some(),
            "{line}: {found:?}"
        );
    }
}

#[test]
fn a_start_counts_once_per_run_of_the_actor_that_makes_it() {
    // Both branches of an if count: a start that may run twice is bounded twice.
    let branches = |n: usize| {
        let c = format!(
            "[[actors]]\nname = \"c\"\nkind = \"process\"\nparent = \"main\"\nscript = [ {{ start = \"g*\" }} ]\n[[actors]]\nname = \"g{{i}}\"\ncount = {n}\nkind = \"process\"\nparent = \"c\"\n"
        );
        with_main(
            r#"{ let = "x", value = "1" }, { if = "x > 0", then = [ { start = "c" } ], else = [ { start = "c" } ] }"#,
            &c,
        )
    };
    // 1 main + c counted twice + 2 × 31 g = 65 > 64, though only 33 can run.
    let found = at(&branches(31), "past 64 processes");
    assert!(found.2.contains("start = \"g*\""), "{found:?}");
    assert!(Scenario::parse("f.toml", &branches(30)).is_ok());
}

#[test]
fn a_pace_out_of_range_is_pointed_at_with_the_range() {
    let ok = with_main(r#"{ print = "hi" }"#, "").replace("summary", "pace = 0.1\nsummary");
    let s = parse_bytes("f.toml", ok.as_bytes()).expect("pace 0.1 is fine");
    assert_eq!(s.pace, Some(0.1));
    for bad in ["10.0", "0.01", "0.0", "-1.0", "nan"] {
        let src = with_main(r#"{ print = "hi" }"#, "")
            .replace("summary", &format!("pace = {bad}\nsummary"));
        let found = at(&src, "pace must be from 0.05 to 4");
        assert_eq!(found.0, 3, "{bad}: on the pace line");
        assert_eq!(found.2[found.1 - 1..], *bad, "{bad}: at its value");
    }
    assert_eq!(load("thread-race").unwrap().pace, Some(0.05));
    assert_eq!(load("ticket-grab").unwrap().pace, Some(0.1));
    assert_eq!(load("zombie").unwrap().pace, None, "the rest open at 1x");
}

#[test]
fn a_variant_may_open_at_its_own_pace() {
    let race = load("thread-race").unwrap();
    assert_eq!(
        race.pace_of(None),
        Some(0.05),
        "the first variant: the lesson's"
    );
    assert_eq!(race.pace_of(Some("no-lock")), Some(0.05));
    assert_eq!(race.pace_of(Some("lock")), Some(1.0), "its own");
    assert_eq!(load("zombie").unwrap().pace_of(None), None);
}

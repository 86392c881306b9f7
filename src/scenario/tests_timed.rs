//! Timeouts and timers in scripts: what they build, and every wrong use
//! reported at its FILE:LINE:COL.

use std::time::Duration;

use super::plan::{Block, Step};
use super::tests_flow::{at, errors, only_error_in};
use super::timed::Timed;
use super::Scenario;

const BASE: &str = r#"format = 1
id = "t"
title = { en = "t", zh = "t" }
summary = { en = "t", zh = "t" }

[locks.door]
kind = "mutex"
[locks.light]
kind = "event"

[[actors]]
name = "main"
kind = "process"
script = [
  { start = "kid" },
  { acquire = "door", timeout = "1s", into = "ok" },
  { acquire = "door", blocking = false },
  { wait = "light", timeout = "250ms", into = "w" },
  { join = "kid", timeout = "0.5s" },
  { timer = "alarm", after = "2s" },
  { cancel = "alarm" },
]

[[actors]]
name = "kid"
kind = "process"
parent = "main"
script = [ { sleep = "1s" } ]

[[actors]]
name = "alarm"
kind = "thread"
parent = "main"
script = [ { print = "ring" } ]
"#;

fn main_script(src: &str) -> Vec<Step> {
    let plan = Scenario::parse("f.toml", src)
        .unwrap()
        .plan(None, &[])
        .unwrap();
    plan.actor("main").unwrap().script.clone()
}

#[test]
fn timed_steps_build_what_python_does() {
    let s = main_script(BASE);
    let timed = |i: usize| match &s[i] {
        Step::Timed(t) => t.clone(),
        other => panic!("step {i} is {other:?}"),
    };
    assert_eq!(
        timed(1),
        Timed::Acquire {
            lock: "door".into(),
            block: Block::Timeout(Duration::from_secs(1)),
            into: Some("ok".into()),
        }
    );
    assert!(matches!(
        timed(2),
        Timed::Acquire {
            block: Block::NoWait,
            into: None,
            ..
        }
    ));
    assert_eq!(
        timed(3),
        Timed::Wait {
            event: "light".into(),
            timeout: Some(Duration::from_millis(250)),
            into: Some("w".into()),
        }
    );
    assert_eq!(
        timed(4),
        Timed::Join {
            targets: vec!["kid".into()],
            timeout: Duration::from_millis(500),
        }
    );
    assert_eq!(
        timed(5),
        Timed::Timer {
            target: "alarm".into(),
            after: Duration::from_secs(2),
        }
    );
    assert_eq!(
        timed(6),
        Timed::Cancel {
            target: "alarm".into()
        }
    );
    assert_eq!(s[1].op(), "acquire_timeout");
    assert_eq!(s[1].describe(), "acquire door (timeout 1.00s)");
}

#[test]
fn negative_and_absurd_timeouts_are_refused_where_written() {
    let acquire = r#"{ acquire = "door", timeout = "1s", into = "ok" }"#;
    for (bad, says) in [
        ("-1s", "cannot be negative"),
        ("1e9s", "longer than the limit"),
        ("soon", "not a duration"),
    ] {
        let to = acquire.replace("\"1s\"", &format!("{bad:?}"));
        only_error_in(BASE, acquire, &to, &format!("{bad:?}"), says);
    }
    only_error_in(BASE, "\"250ms\"", "\"-5ms\"", "\"-5ms\"", "timeout: ");
    only_error_in(BASE, "\"0.5s\"", "\"700s\"", "\"700s\"", "600");
    only_error_in(
        BASE,
        "after = \"2s\"",
        "after = \"-2s\"",
        "\"-2s\"",
        "after: ",
    );
}

#[test]
fn a_timeout_where_python_has_none_is_refused() {
    let cases = [
        (
            r#"{ start = "kid" }"#,
            r#"{ start = "kid", timeout = "1s" }"#,
            "start",
        ),
        (
            r#"{ cancel = "alarm" }"#,
            r#"{ release = "door", timeout = "1s" }"#,
            "release",
        ),
        (
            r#"{ cancel = "alarm" }"#,
            r#"{ sleep = "1s", timeout = "1s" }"#,
            "sleep",
        ),
    ];
    for (from, to, verb) in cases {
        let src = BASE.replacen(from, to, 1);
        let errs = errors(&src);
        let want = at(&src, to);
        assert!(
            errs.iter().any(|e| e.starts_with(&want)
                && e.contains(&format!("timeout does not go with {verb}"))
                && e.contains("only acquire, wait, join, get and put")),
            "{errs:?}"
        );
    }
    let with = r#"{ with = "door", timeout = "1s", do = [] }"#;
    let src = BASE.replacen(r#"{ cancel = "alarm" }"#, with, 1);
    let errs = errors(&src);
    assert!(
        errs.iter()
            .any(|e| e.starts_with(&at(&src, with)) && e.contains("cannot time out")),
        "{errs:?}"
    );
}

#[test]
fn wrong_uses_of_timeouts_and_timers_are_named() {
    only_error_in(
        BASE,
        r#"blocking = false }"#,
        r#"blocking = false, timeout = "1s" }"#,
        "\"1s\" }",
        "ValueError",
    );
    only_error_in(
        BASE,
        r#"cancel = "alarm""#,
        r#"cancel = "alarn""#,
        "\"alarn\"",
        "no timer named \"alarn\"",
    );
    let src = BASE.replacen(r#"timer = "alarm""#, r#"timer = "kid""#, 1);
    let errs = errors(&src);
    let want = at(&src, "\"kid\", after");
    assert!(
        errs.iter()
            .any(|e| e.starts_with(&want) && e.contains("kid is a process")),
        "{errs:?}"
    );
    only_error_in(
        BASE,
        r#", after = "2s""#,
        "",
        "{ timer",
        "timer needs after",
    );
    only_error_in(
        BASE,
        r#"join = "kid", timeout"#,
        r#"join = "kid", pick = "last", timeout"#,
        "\"last\"",
        "pick and timeout",
    );
    // A cancel before the timer step names no timer yet.
    let swapped = BASE.replacen(
        "  { timer = \"alarm\", after = \"2s\" },\n  { cancel = \"alarm\" },",
        "  { cancel = \"alarm\" },\n  { timer = \"alarm\", after = \"2s\" },",
        1,
    );
    let errs = errors(&swapped);
    assert!(
        errs.len() == 1
            && errs[0].starts_with(&at(&swapped, "\"alarm\" },"))
            && errs[0].contains("none so far"),
        "{errs:?}"
    );
}

//! Coroutine actors in the format: the plan they make, and every wrong use
//! reported at its FILE:LINE:COL.

use super::plan::{Span, Step};
use super::tests_flow::{at, errors, only_error_in};
use super::Scenario;
use crate::event::ActorKind;

const GOOD: &str = r#"
id = "coro"
title = { en = "c", zh = "c" }
summary = { en = "s", zh = "s" }

[locks.door]
kind = "mutex"

[[actors]]
name = "main"
kind = "process"
script = [ { start = "t*" }, { join = "t*" } ]

[[actors]]
name = "t{i}"
kind = "coroutine"
count = 2
parent = "main"
script = [ { print = "hi" }, { sleep = "1s" }, { sleep = "1s", blocking = true }, { work = "1ms" } ]
"#;

/// Every error of `src` (one per instance of a group) is at `where_` and says `says`.
fn all_errors_at(src: &str, where_: &str, says: &str) {
    let errs = errors(src);
    let want = format!("{}: ", at(src, where_));
    assert!(
        errs.iter()
            .all(|e| e.starts_with(&want) && e.contains(says)),
        "want {want}…{says}, got {errs:#?}"
    );
}

#[test]
fn coroutines_make_actors_of_their_own_kind_with_blocking_sleeps() {
    let plan = Scenario::parse("f.toml", GOOD)
        .unwrap()
        .plan(None, &[])
        .unwrap();
    let t1 = plan.actor("t1").unwrap();
    assert_eq!(t1.kind, ActorKind::Coroutine);
    assert_eq!(t1.parent.as_deref(), Some("main"));
    let second = std::time::Duration::from_secs(1);
    assert_eq!(t1.script[1], Step::Sleep(Span::Fixed(second)));
    assert_eq!(t1.script[2], Step::BlockingSleep(Span::Fixed(second)));
    assert_eq!(t1.script[2].activity(), crate::event::Activity::Sleeping);
    assert!(t1.script[2].describe().contains("blocks the loop"));
}

#[test]
fn a_coroutine_may_not_use_locks_queues_or_actor_verbs() {
    for (verb, step) in [
        ("acquire", r#"{ acquire = "door" }"#),
        ("with", r#"{ with = "door", do = [] }"#),
        ("start", r#"{ start = "t1" }"#),
        ("exit", "{ exit = 1 }"),
    ] {
        only_error_in(
            GOOD,
            r#"{ print = "hi" }"#,
            step,
            step,
            &format!("{verb} cannot be used in a coroutine: a task may print, sleep, work"),
        );
    }
}

#[test]
fn blocking_is_for_a_coroutines_sleep_only() {
    let thread = GOOD.replacen("kind = \"coroutine\"", "kind = \"thread\"", 1);
    all_errors_at(
        &thread,
        "true }",
        "blocking = true is for a coroutine's sleep",
    );
    only_error_in(
        GOOD,
        r#"{ print = "hi" }"#,
        r#"{ print = "hi", blocking = true }"#,
        r#"{ print = "hi", blocking"#,
        "blocking does not go with print",
    );
}

#[test]
fn a_coroutines_place_in_the_tree_is_checked() {
    only_error_in(
        GOOD,
        "parent = \"main\"",
        "parent = \"main\"\ndaemon = true",
        "true\nscript",
        "a coroutine cannot be a daemon",
    );
    let nested = format!(
        "{GOOD}\n[[actors]]\nname = \"inner\"\nkind = \"coroutine\"\nparent = \"t0\"\nscript = []\n"
    );
    let errs = errors(&nested);
    assert!(
        errs.iter()
            .any(|e| e
                .contains("t0 is a coroutine: a coroutine's parent must be a thread or a process")),
        "{errs:?}"
    );
    let fiber = GOOD.replacen("kind = \"coroutine\"", "kind = \"fiber\"", 1);
    let errs = errors(&fiber);
    let want = format!(
        "{}: kind must be \"process\", \"thread\" or \"coroutine\"",
        at(&fiber, "\"fiber\"")
    );
    assert!(errs.iter().any(|e| e.starts_with(&want)), "{errs:#?}");
}

#[test]
fn a_coroutine_cannot_be_terminated_or_asked_is_alive() {
    for verb in ["terminate", "is_alive"] {
        only_error_in(
            GOOD,
            r#"{ join = "t*" }"#,
            &format!(r#"{{ join = "t*" }}, {{ {verb} = "t0" }}"#),
            r#""t0" }"#,
            "t0 is a coroutine",
        );
    }
}

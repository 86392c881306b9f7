//! Prints in both languages: read, planned, and matched by checks and pages
//! in either language.

use super::plan::Step;
use super::tests_flow::only_error_in;
use super::text::{Lang, Text};
use super::Scenario;

const BOTH: &str = r#"
id = "hello"
title = { en = "t", zh = "t" }
summary = { en = "s", zh = "s" }
[[pages]]
text = { en = "one", zh = "一" }
[[pages]]
text = { en = "two", zh = "二" }
wait_for = { event = "print", actor = "main", where = { text = "main: done" } }
[[actors]]
name = "main"
kind = "process"
script = [
  { print = "main: pid {pid}" },
  { repeat = 2, as = "k", do = [ { print = { en = "main: round {k}", zh = "main：第 {k} 轮" } } ] },
  { print = { en = "main: done", zh = "main：完成" } },
]
[[checks]]
label = { en = "done", zh = "完成" }
event = "print"
where = { text = "main: done" }
"#;

#[test]
fn a_print_keeps_both_texts_and_one_text_stands_for_both() {
    let s = Scenario::parse("hello.toml", BOTH).expect("valid");
    let plan = s.plan(None, &[]).unwrap();
    let script = &plan.actors[0].script;
    assert_eq!(
        script[0],
        Step::Print(Text::new("main: pid {pid}", "main: pid {pid}"))
    );
    assert_eq!(
        script[1],
        Step::Print(Text::new("main: round 0", "main：第 0 轮"))
    );
    assert_eq!(
        plan.lang,
        Lang::En,
        "a plan prints English until told otherwise"
    );
}

#[test]
fn checks_and_pages_on_a_print_match_it_in_either_language() {
    let s = Scenario::parse("hello.toml", BOTH).expect("valid");
    let plan = s.plan(None, &[]).unwrap();
    let said = |text: &str| {
        crate::event::Event::new(
            5,
            "main",
            1,
            crate::event::EventKind::Print { text: text.into() },
        )
    };
    let check = &plan.checks[0];
    let page = s.pages[1].wait_for.as_ref().unwrap();
    for spec in [check, page] {
        assert!(crate::model::checks::matches(spec, &said("main: done")));
        assert!(crate::model::checks::matches(spec, &said("main：完成")));
        assert!(!crate::model::checks::matches(spec, &said("main：第 0 轮")));
    }
}

#[test]
fn a_print_table_needs_both_languages_and_no_other_key() {
    let from = r#"{ en = "main: done", zh = "main：完成" }"#;
    let half = r#"{ en = "main: done" }"#;
    only_error_in(BOTH, from, half, half, "zh");
    only_error_in(
        BOTH,
        from,
        r#"{ en = "a", zh = "甲", fr = "b" }"#,
        "fr = ",
        "fr",
    );
    only_error_in(BOTH, from, "3", "3 },", "a text, or a table");
}

#[test]
fn is_alive_may_keep_its_answer_for_a_print() {
    let src = r#"
id = "alive"
title = { en = "t", zh = "t" }
summary = { en = "s", zh = "s" }
[[actors]]
name = "main"
kind = "process"
script = [
  { start = "child" },
  { is_alive = "child", into = "a" },
  { if = "a == 1", then = [ { print = "right after: True" } ], else = [ { print = "right after: False" } ] },
  { join = "child" },
]
[[actors]]
name = "child"
kind = "process"
parent = "main"
script = [ { sleep = "1s" } ]
"#;
    let s = Scenario::parse("alive.toml", src).expect("valid");
    let plan = s.plan(None, &[]).unwrap();
    assert_eq!(
        plan.actors[0].script[1],
        Step::IsAlive(vec!["child".into()], Some("a".into()))
    );
    let without = src.replace(", into = \"a\"", "");
    let errs = Scenario::parse("alive.toml", &without)
        .unwrap_err()
        .to_string();
    assert!(errs.contains("a is used before it gets a value"), "{errs}");
}

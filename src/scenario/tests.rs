use super::plan::{Span, Step};
use super::*;
use std::time::Duration;

const GOOD: &str = r#"
id = "demo"
title = { en = "Demo", zh = "演示" }
summary = { en = "s", zh = "s" }

[params.n]
default = 3
min = 1
max = 8

[[variants]]
name = "loop"
[variants.scripts]
main = [ { each = "w*", as = "w", do = [ { start = "{w}" }, { join = "{w}" } ] } ]

[[variants]]
name = "last"
set = { n = 2 }
[variants.scripts]
main = [ { start = "w*" }, { join = "w*", pick = "last" } ]

[[actors]]
name = "main"
kind = "process"
script = [ { start = "w*" }, { join = "w*" } ]

[[actors]]
name = "w{i}"
kind = "process"
count = "{n}"
parent = "main"
script = [ { print = "w{i} pid {pid}" }, { sleep = "0.1s..0.3s" }, { work = "10ms" } ]
"#;

fn errors(src: &str) -> Vec<String> {
    match Scenario::parse("f.toml", src) {
        Err(ScenarioError::Invalid(lines)) => lines,
        other => panic!("expected errors, got {other:?}"),
    }
}

#[test]
fn loops_unroll_and_variants_replace_scripts() {
    let s = Scenario::parse("f.toml", GOOD).unwrap();
    let p = s.plan(Some("loop"), &[]).unwrap();
    let main = p.actor("main").unwrap();
    assert_eq!(main.script.len(), 6);
    assert_eq!(main.script[1], Step::Join(vec!["w0".into()]));
    let w2 = p.actor("w2").unwrap();
    assert_eq!(
        w2.script[0],
        Step::Print(Text::new("w2 pid {pid}", "w2 pid {pid}"))
    );
    assert_eq!(
        w2.script[1],
        Step::Sleep(Span::Between(
            Duration::from_millis(100),
            Duration::from_millis(300)
        ))
    );
    let last = s.plan(Some("last"), &[]).unwrap();
    assert_eq!(last.actors.len(), 3);
    assert_eq!(
        last.actor("main").unwrap().script[1],
        Step::Join(vec!["w1".into()])
    );
}

#[test]
fn first_variant_is_the_default_and_sets_override() {
    let s = Scenario::parse("f.toml", GOOD).unwrap();
    assert_eq!(s.plan(None, &[]).unwrap().variant.as_deref(), Some("loop"));
    let p = s.plan(Some("loop"), &[("n".into(), "5".into())]).unwrap();
    assert_eq!(p.actors.len(), 6);
    let err = s
        .plan(None, &[("n".into(), "50".into())])
        .unwrap_err()
        .to_string();
    assert!(err.contains("outside the allowed range"), "{err}");
    let err = s
        .plan(None, &[("m".into(), "1".into())])
        .unwrap_err()
        .to_string();
    assert!(err.contains("no such parameter"), "{err}");
    let err = s.plan(Some("nope"), &[]).unwrap_err().to_string();
    assert!(err.contains("loop, last"), "{err}");
}

#[test]
fn syntax_errors_point_at_line_and_column() {
    let lines = errors("id = \"x\"\ntitle = {en = \"a\", zh = }\n");
    assert_eq!(lines.len(), 1);
    assert!(lines[0].starts_with("f.toml:2:"), "{lines:?}");
}

#[test]
fn unknown_verbs_and_names_are_reported_with_positions() {
    let src = GOOD.replace("{ work = \"10ms\" }", "{ wrok = \"10ms\" }");
    let lines = errors(&src);
    assert!(lines[0].contains("wrok"), "{lines:?}");
    let line_of_wrok = src.lines().position(|l| l.contains("wrok")).unwrap() + 1;
    assert!(
        lines[0].starts_with(&format!("f.toml:{line_of_wrok}:")),
        "{lines:?}"
    );

    let src = GOOD.replace(
        "{ join = \"w*\" } ]",
        "{ join = \"x*\" }, { sleep = \"5\" } ]",
    );
    let lines = errors(&src);
    assert!(
        lines.iter().any(|l| l.contains("no actor matches \"x*\"")),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.contains("unit")), "{lines:?}");
}

#[test]
fn tree_rules_and_limits_are_checked_up_front() {
    let src = GOOD.replace("parent = \"main\"", "parent = \"boss\"");
    assert!(errors(&src)
        .iter()
        .any(|l| l.contains("\"boss\" is not an actor")));
    let src = GOOD
        .replace("max = 8", "max = 800")
        .replace("default = 3", "default = 100");
    assert!(errors(&src).iter().any(|l| l.contains("limit is 64")));
    let src = GOOD.replace("{ print = \"w{i} pid {pid}\" }", "{ start = \"w0\" }");
    assert!(errors(&src)
        .iter()
        .any(|l| l.contains("only its parent (main) can")));
}

#[test]
fn every_builtin_scenario_validates() {
    for (name, src) in builtin::FILES {
        let s = Scenario::parse(name, src).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(Some(s.id.as_str()), name.strip_suffix(".toml"));
        assert!(!s.title.zh.is_empty() && !s.lesson.en.is_empty() && !s.lesson.zh.is_empty());
        s.plan(None, &[]).unwrap();
    }
    assert_eq!(builtin().len(), builtin::FILES.len());
}

#[test]
fn a_file_lock_is_between_processes_and_refuses_threads() {
    let with = |lock: &str| format!("{GOOD}\n[locks.f]\nkind = \"file_lock\"\n{lock}");
    let s = Scenario::parse("f.toml", &with("")).expect("valid");
    let plan = s.plan(None, &[]).unwrap();
    let f = plan.locks.iter().find(|l| l.name == "f").unwrap();
    assert_eq!(
        (f.kind, f.scope),
        (plan::LockKind::FileLock, plan::Scope::Processes)
    );
    assert!(f.kind.freed_by_kernel());
    let lines = errors(&with("scope = \"threads\""));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("a file_lock is between processes")),
        "{lines:?}"
    );
    let lines = errors(&format!("{GOOD}\n[locks.f]\nkind = \"flock\""));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("file_lock, condition or barrier, not \"flock\"")),
        "{lines:?}"
    );
}

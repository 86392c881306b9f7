//! What variants may change besides scripts: `daemon`, `joinable` and a
//! pool's `kind` from parameters; checks kept to some variants; None in `where`.

use super::*;
use crate::event::ActorKind;

const SRC: &str = r#"
id = "v"
title = { en = "V", zh = "V" }
summary = { en = "s", zh = "s" }

[params.daemon]
default = false

[params.joinable]
default = false

[params.kind]
default = "processes"

[queues.q]
scope = "processes"
joinable = "{joinable}"

[pools.pool]
kind = "{kind}"
size = 2

[[variants]]
name = "plain"

[[variants]]
name = "joined"
set = { daemon = true, joinable = true, kind = "threads" }

[[actors]]
name = "main"
kind = "process"
script = [ { start = "kid" }, { put = "q", value = 1 } ]

[[actors]]
name = "kid"
kind = "process"
parent = "main"
daemon = "{daemon}"
script = [ { get = "q", into = "x" } ]

[[checks]]
label = { en = "always", zh = "总是" }
event = "queue_put"

[[checks]]
label = { en = "a None", zh = "一个 None" }
event = "queue_get"
where = { item = "None" }
variants = ["joined"]
"#;

#[test]
fn parameters_decide_daemon_joinable_and_pool_kind() {
    let s = Scenario::parse("f.toml", SRC).unwrap();
    let plain = s.plan(Some("plain"), &[]).unwrap();
    assert!(!plain.actor("kid").unwrap().daemon);
    assert!(!plain.queues[0].joinable);
    assert_eq!(plain.pools[0].kind, ActorKind::Process);
    let joined = s.plan(Some("joined"), &[]).unwrap();
    assert!(joined.actor("kid").unwrap().daemon);
    assert!(joined.queues[0].joinable);
    assert_eq!(joined.pools[0].kind, ActorKind::Thread);
    assert_eq!(joined.actor("pool-w1").unwrap().kind, ActorKind::Thread);
    let set = [("daemon".to_string(), "true".to_string())];
    assert!(
        s.plan(Some("plain"), &set)
            .unwrap()
            .actor("kid")
            .unwrap()
            .daemon
    );
}

#[test]
fn checks_can_be_kept_to_some_variants() {
    let s = Scenario::parse("f.toml", SRC).unwrap();
    assert_eq!(s.plan(Some("plain"), &[]).unwrap().checks.len(), 1);
    let joined = s.plan(Some("joined"), &[]).unwrap();
    assert_eq!(joined.checks.len(), 2);
    // TOML has no null: "None" in `where` is Python's None, null in the log.
    let none = &joined.checks[1].fields["item"];
    assert_eq!(none, &serde_json::Value::Null);
}

fn errors(src: &str) -> Vec<String> {
    match Scenario::parse("f.toml", src) {
        Err(ScenarioError::Invalid(lines)) => lines,
        other => panic!("expected errors, got {other:?}"),
    }
}

#[test]
fn bad_parameter_values_and_variant_names_are_reported() {
    let src = SRC.replace("variants = [\"joined\"]", "variants = [\"joind\"]");
    let lines = errors(&src);
    let line = src.lines().position(|l| l.contains("joind")).unwrap() + 1;
    let want = format!("f.toml:{line}:12: no variant is named \"joind\"");
    assert!(lines.contains(&want), "{lines:?}");

    let src = SRC.replace("kind = \"threads\" }", "kind = \"fibers\" }");
    let lines = errors(&src);
    let line = src.lines().position(|l| l == "kind = \"{kind}\"").unwrap() + 1;
    let want = format!("f.toml:{line}:8: kind must be processes or threads, not \"fibers\"");
    assert!(lines.contains(&want), "{lines:?}");

    let src = SRC.replace(
        "default = false\n\n[params.joinable]",
        "default = \"no\"\n\n[params.joinable]",
    );
    let lines = errors(&src);
    let line = src
        .lines()
        .position(|l| l == "daemon = \"{daemon}\"")
        .unwrap()
        + 1;
    let want = format!("f.toml:{line}:10: \"no\" is not true or false");
    assert!(lines.contains(&want), "{lines:?}");
}

#[test]
fn a_variant_can_replace_a_pools_task() {
    let src = SRC.replace(
        "[pools.pool]\n",
        "[pools.pool]\ntask = [ { print = \"plain task\" } ]\n",
    ) + "\n[variants.scripts]\npool = [ { print = \"its own task\" } ]\n";
    // The table after the last [[variants]] belongs to it: "joined".
    let s = Scenario::parse("f.toml", &src).unwrap();
    let task = |v: &str| s.plan(Some(v), &[]).unwrap().pools[0].task.clone();
    let said = |t: Vec<plan::Step>| match t.as_slice() {
        [plan::Step::Print(p)] => p.en.clone(),
        other => panic!("one print expected, got {other:?}"),
    };
    assert_eq!(said(task("plain")), "plain task");
    assert_eq!(said(task("joined")), "its own task");
    let bad = src.replace("\npool = [", "\npoool = [");
    let line = bad.lines().position(|l| l.starts_with("poool")).unwrap() + 1;
    let want = format!("f.toml:{line}:1: no actor or pool is declared as \"poool\"");
    assert!(errors(&bad).contains(&want), "{:?}", errors(&bad));
}

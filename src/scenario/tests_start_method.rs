//! `start_method` and `[module]`: read into the plan, refused where wrong.

use super::plan::Step;
use super::start_method::StartMethod;
use super::tests_flow::only_error_in;
use super::Scenario;

const BASE: &str = r#"
id = "sm"
title = { en = "t", zh = "t" }
summary = { en = "s", zh = "s" }
[params.method]
default = "fork"
[[variants]]
name = "forked"
[[variants]]
name = "spawned"
set = { method = "spawn" }
[variants.scripts]
module = [ { print = "top" }, { print = "again" } ]
[module]
script = [ { print = "top" } ]
[[actors]]
name = "main"
kind = "process"
script = [ { start = "kid" }, { join = "kid" } ]
[[actors]]
name = "kid"
kind = "process"
parent = "main"
start_method = "{method}"
script = [ { print = "kid" } ]
"#;

#[test]
fn the_method_and_the_module_reach_the_plan_per_variant() {
    let s = Scenario::parse("sm.toml", BASE).unwrap_or_else(|e| panic!("{e}"));
    let forked = s.plan(Some("forked"), &[]).unwrap();
    let kid = forked.actor("kid").unwrap();
    assert_eq!(kid.start_method, Some(StartMethod::Fork));
    assert_eq!(forked.module.len(), 1);
    assert!(matches!(&forked.module[0], Step::Print(t) if t.en == "top"));
    let spawned = s.plan(Some("spawned"), &[]).unwrap();
    assert_eq!(
        spawned.actor("kid").unwrap().start_method,
        Some(StartMethod::Spawn)
    );
    assert_eq!(
        spawned.module.len(),
        2,
        "the variant's module replaces the file's"
    );
    assert_eq!(spawned.actor("main").unwrap().start_method, None);
}

#[test]
fn an_unknown_method_names_the_allowed_ones() {
    let says = "start_method must be \"fork\" or \"spawn\", not \"vfork\"";
    only_error_in(
        BASE,
        "default = \"fork\"",
        "default = \"vfork\"",
        "\"{method}\"",
        says,
    );
}

#[test]
fn only_a_child_process_has_a_start_method() {
    let thread = "kind = \"thread\"\nparent = \"main\"\nstart_method";
    let from = "kind = \"process\"\nparent = \"main\"\nstart_method";
    only_error_in(
        BASE,
        from,
        thread,
        "\"{method}\"",
        "only a child process has a start_method",
    );
    let on_main = "name = \"main\"\nkind = \"process\"\nstart_method = \"spawn\"";
    let from = "name = \"main\"\nkind = \"process\"";
    only_error_in(
        BASE,
        from,
        on_main,
        "\"spawn\"\nscript",
        "only a child process",
    );
}

#[test]
fn fork_with_pipes_is_refused_spawn_is_not() {
    let piped = "[pipes.p]\nends = [\"a\", \"b\"]\n[[actors]]\nname = \"main\"";
    only_error_in(
        BASE,
        "[[actors]]\nname = \"main\"",
        piped,
        "\"{method}\"",
        "cannot be used with [pipes]",
    );
    let spawn = BASE
        .replacen("default = \"fork\"", "default = \"spawn\"", 1)
        .replacen("[[actors]]\nname = \"main\"", piped, 1);
    Scenario::parse("sm.toml", &spawn).unwrap_or_else(|e| panic!("{e}"));
}

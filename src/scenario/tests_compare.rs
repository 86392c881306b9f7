//! Compare checks refused at FILE:LINE:COL: undeclared names, unknown events
//! or fields, malformed comparisons.

use super::tests_flow::only_error_in;
use super::Scenario;

const BASE: &str = r#"
id = "cmp"
title = { en = "t", zh = "t" }
summary = { en = "s", zh = "s" }
[values.n]
kind = "global"
initial = 1
[locks.stalls]
kind = "semaphore"
permits = 3
[[actors]]
name = "main"
kind = "process"
script = [ { print = "hi" } ]
[[checks]]
label = { en = "c", zh = "c" }
value = "n"
equals = 0
"#;

#[test]
fn the_base_is_valid() {
    Scenario::parse("cmp.toml", BASE).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn an_undeclared_value_lock_or_bound_is_refused_where_written() {
    only_error_in(
        BASE,
        "value = \"n\"",
        "value = \"m\"",
        "\"m\"",
        "no value is named \"m\"; declared: n",
    );
    only_error_in(
        BASE,
        "equals = 0",
        "equals = \"total\"",
        "\"total\"",
        "no value is named \"total\"",
    );
    let holders = "max_holders = \"toilet\"\nequals = 0";
    only_error_in(
        BASE,
        "value = \"n\"\nequals = 0",
        holders,
        "\"toilet\"",
        "no lock is named \"toilet\"; declared: stalls",
    );
}

#[test]
fn an_unknown_event_or_field_in_a_count_is_refused() {
    let count = "count = { event = \"prnt\" }\nequals = 0";
    only_error_in(
        BASE,
        "value = \"n\"\nequals = 0",
        count,
        "\"prnt\"",
        "unknown event \"prnt\"",
    );
    let count = "count = { event = \"print\", where = { txt = \"a\" } }\nequals = 0";
    only_error_in(
        BASE,
        "value = \"n\"\nequals = 0",
        count,
        "txt",
        "print events have no field \"txt\"",
    );
    let count = "count = { event = \"print\", actor = \"nobody\" }\nequals = 0";
    only_error_in(
        BASE,
        "value = \"n\"\nequals = 0",
        count,
        "\"nobody\"",
        "no actor matches",
    );
}

#[test]
fn a_malformed_comparison_is_refused() {
    only_error_in(
        BASE,
        "equals = 0",
        "",
        "[[checks]]",
        "needs equals, at_most, at_least or between",
    );
    only_error_in(
        BASE,
        "equals = 0",
        "equals = 0\nat_most = 1",
        "equals",
        "takes only one of",
    );
    only_error_in(
        BASE,
        "equals = 0",
        "between = [5, 1]",
        "[5, 1]",
        "the low bound is above the high one",
    );
    only_error_in(
        BASE,
        "equals = 0",
        "between = [5]",
        "[5]",
        "between takes two bounds",
    );
    only_error_in(
        BASE,
        "equals = 0",
        "equals = 0\nexpect = \"seen\"",
        "\"seen\"",
        "has no `expect`",
    );
}

#[test]
fn before_needs_after_and_plain_checks_take_no_comparison() {
    let order = "before = { event = \"print\" }";
    only_error_in(
        BASE,
        "value = \"n\"\nequals = 0",
        order,
        "[[checks]]",
        "`before` needs `after`",
    );
    let plain = "event = \"print\"\nequals = 0";
    only_error_in(
        BASE,
        "value = \"n\"\nequals = 0",
        plain,
        "equals",
        "belong to a check that compares",
    );
    only_error_in(
        BASE,
        "value = \"n\"\nequals = 0",
        "",
        "[[checks]]",
        "a check needs `event`",
    );
}

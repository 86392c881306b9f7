//! Every wrong use of queues, pipes and pools, reported at its FILE:LINE:COL.

use super::tests_flow::{at, errors, one_error, GOOD};
use super::Scenario;

#[test]
fn declarations_are_checked_where_they_are_written() {
    one_error(
        "scope = \"processes\"\njoinable",
        "scope = \"processes\"\norder = \"lifo\"\njoinable",
        "\"lifo\"",
        "for threads only",
    );
    one_error("capacity = 3", "capacity = 600", "600", "1..=512");
    one_error(
        "order = \"lifo\"",
        "order = \"random\"",
        "\"random\"",
        "fifo, lifo or priority",
    );
    one_error(
        "ends = [\"a\", \"b\"]",
        "ends = [\"a\", \"b\", \"c\"]",
        "[\"a\"",
        "exactly two ends",
    );
    one_error(
        "ends = [\"a\", \"b\"]",
        "ends = [\"a\", \"a\"]",
        "[\"a\"",
        "different names",
    );
    one_error(
        "kind = \"processes\"\nsize",
        "kind = \"fibers\"\nsize",
        "\"fibers\"",
        "processes or threads",
    );
    one_error("size = \"{size}\"", "size = 17", "17", "1..=16");
    one_error(
        "size = \"{size}\"",
        "size = 2\nowner = \"boss\"",
        "\"boss\"",
        "not an actor",
    );
    one_error(
        "[queues.stack]",
        "[queues.kid]",
        "\"kid\"\nkind",
        "already the name of a queue",
    );
    one_error(
        "ends = [\"a\", \"b\"]",
        "ends = [\"a\", \"q\"]",
        "[\"a\"",
        "already the name of a queue",
    );
}

#[test]
fn wrong_uses_of_queues_are_reported_at_their_step() {
    one_error(
        "joinable = true",
        "joinable = false",
        "\"q\" },\n  { send",
        "needs a joinable queue",
    );
    one_error(
        "nowait = true }",
        "nowait = true, timeout = \"1s\" }",
        "\"1s\"",
        "do not go together",
    );
    one_error(
        "{ put = \"q\", value = 4, nowait = true }",
        "{ put = \"q\", nowait = true }",
        "{ put = \"q\", nowait",
        "put needs value",
    );
    one_error(
        "{ empty = \"q\" }",
        "{ empty = \"q\", value = 2 }",
        "{ empty",
        "value does not go with empty",
    );
    one_error(
        "{ get = \"q\", into = \"item\" }",
        "{ get = \"nope\", into = \"item\" }",
        "\"nope\"",
        "no queue named \"nope\"",
    );
    one_error(
        "{ close = \"b\" }",
        "{ close = \"c\" }",
        "\"c\" }",
        "neither",
    );
    one_error(
        "{ recv = \"a\"",
        "{ recv = \"z\"",
        "\"z\"",
        "no pipe has an end named \"z\"",
    );
    one_error(
        "{ join = \"q\" }",
        "{ join = \"q\", pick = \"last\" }",
        "\"last\"",
        "pick goes with joining actors",
    );
}

#[test]
fn a_thread_queue_stays_in_one_process() {
    // main and kid are two processes; stack is a thread queue used by t (in kid).
    one_error(
        "{ start = \"kid\" },",
        "{ start = \"kid\" }, { get = \"stack\" },",
        "\"stack\", value = 1",
        "thread queue in the memory of process",
    );
    // A thread in kid and kid itself share the queue: fine.
    let src = GOOD.replace("{ empty = \"q\" }", "{ empty = \"stack\" }");
    Scenario::parse("f.toml", &src).unwrap();
}

#[test]
fn loops_and_breaks_are_checked() {
    one_error(
        "{ task_done = \"q\" },\n  ] },",
        "{ task_done = \"q\" },\n  ] },\n  { break = true },",
        "true },\n  { recv",
        "inside a loop",
    );
    one_error(
        "{ break = true }",
        "{ break = false }",
        "false",
        "break = true",
    );
    one_error(
        "{ loop = [",
        "{ loop = [] }, { loop = [",
        "{ loop = [] }",
        "a loop needs steps",
    );
}

#[test]
fn pools_are_used_by_their_owner_only_and_tasks_are_limited() {
    one_error(
        "{ recv = \"a\", into = \"msg\" },",
        "{ recv = \"a\", into = \"msg\" }, { map = \"pool\", range = 2 },",
        "\"pool\", range = 2",
        "only main, the owner of pool pool",
    );
    one_error(
        "{ result = \"h1\"",
        "{ result = \"h7\"",
        "\"h7\"",
        "no task handle named \"h7\"",
    );
    one_error(
        "{ join = \"kid\" },\n]",
        "{ join = \"pool-w0\" },\n]",
        "\"pool-w0\"",
        "belongs to pool pool",
    );
    one_error(
        "{ print = \"task {arg}\" }",
        "{ put = \"q\", value = \"arg\" }",
        "{ put = \"q\", value = \"arg\" }",
        "cannot be used in a pool task",
    );
    one_error(
        "callback = [ { print",
        "callback = [ { start = \"kid\" }, { print",
        "{ start = \"kid\" }, { print",
        "cannot be used in a callback",
    );
    one_error(
        "{ submit = \"pool\", arg = \"r + 1\" }",
        "{ submit = \"pool\" }",
        "{ submit = \"pool\" }",
        "submit needs arg",
    );
    one_error(
        "{ map = \"pool\", range = 4 }",
        "{ map = \"pool\" }",
        "{ map = \"pool\" }",
        "map needs range",
    );
    // Callbacks have their own locals: `result` and `task`, not the owner's `r`.
    one_error(
        "{ print = \"{task}: {result}\" }",
        "{ let = \"y\", value = \"result + r\" }",
        "\"result + r\"",
        "r is used before",
    );
    // A task's `arg` is not the owner's.
    one_error(
        "{ submit = \"pool\", arg = \"r + 1\" }",
        "{ submit = \"pool\", arg = \"arg\" }",
        "\"arg\" }",
        "arg is used before",
    );
}

#[test]
fn pool_actors_count_toward_the_limits() {
    let src = GOOD
        .replace("default = 2", "default = 16")
        .replace("[queues.q]", "[pools.more]\nkind = \"processes\"\nsize = 16\n[pools.most]\nkind = \"processes\"\nsize = 16\n[pools.yet]\nkind = \"processes\"\nsize = 16\n\n[queues.q]");
    assert!(
        errors(&src)
            .iter()
            .any(|l| l.contains("66 processes: the limit is 64")),
        "{:?}",
        errors(&src)
    );
}

#[test]
fn a_break_inside_with_would_keep_the_lock() {
    let src = GOOD
        .replace("[queues.q]", "[locks.door]\nkind = \"mutex\"\n\n[queues.q]")
        .replace(
            "{ break = true }",
            "{ with = \"door\", do = [ { break = true } ] }",
        );
    let lines = errors(&src);
    let want = at(&src, "true } ] }");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&want) && l.contains("not inside a with")),
        "{lines:?}"
    );
}

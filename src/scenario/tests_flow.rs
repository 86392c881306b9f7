//! Queues, pipes and pools: the grammar and the plan it makes (wrong uses
//! are in tests_flow_errors.rs).

use std::time::Duration;

use super::expr::{Expr, NONE};
use super::plan::{Block, Question, QueueOrder, Scope, Step};
use super::*;
use crate::event::ActorKind;

pub(super) const GOOD: &str = r#"
id = "flow"
title = { en = "Flow", zh = "流" }
summary = { en = "s", zh = "s" }

[params.size]
default = 2

[queues.q]
capacity = 3
scope = "processes"
joinable = true

[queues.stack]
order = "lifo"

[pipes.chan]
ends = ["a", "b"]

[pools.pool]
kind = "processes"
size = "{size}"
task = [ { print = "task {arg}" }, { let = "result", value = "arg * arg" } ]

[[actors]]
name = "main"
kind = "process"
script = [
  { start = "kid" },
  { put = "q", value = "None", timeout = "0.5s" },
  { put = "q", value = 4, nowait = true },
  { join = "q" },
  { send = "b", value = 1 },
  { close = "b" },
  { create = "pool" },
  { apply = "pool", arg = 3, into = "r" },
  { repeat = 2, as = "i", do = [
    { apply_async = "pool", arg = "{i}", as = "h{i}", callback = [ { print = "{task}: {result}" } ] },
  ] },
  { submit = "pool", arg = "r + 1" },
  { result = "h1", into = "x" },
  { map = "pool", range = 4 },
  { close = "pool" },
  { join = "pool" },
  { join = "kid" },
]

[[actors]]
name = "kid"
kind = "process"
parent = "main"
script = [
  { start = "t" },
  { loop = [
    { get = "q", into = "item" },
    { if = "item == None", then = [ { break = true } ] },
    { task_done = "q" },
  ] },
  { recv = "a", into = "msg" },
  { qsize = "q", into = "n" },
  { empty = "q" },
  { join = "t" },
]

[[actors]]
name = "t"
kind = "thread"
parent = "kid"
script = [ { put = "stack", value = 1 }, { full = "stack", into = "f" }, { put = "q", value = "f" } ]
"#;

pub(super) fn errors(src: &str) -> Vec<String> {
    match Scenario::parse("f.toml", src) {
        Err(ScenarioError::Invalid(lines)) => lines,
        other => panic!("expected errors, got {other:?}"),
    }
}

/// `f.toml:LINE:COL` of the first `needle` in `src` (1-based, in characters).
pub(super) fn at(src: &str, needle: &str) -> String {
    let offset = src
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in source"));
    let (line, col) = diag::line_col(src, offset);
    format!("f.toml:{line}:{col}")
}

/// Exactly one error from changing `from` to `to` in `base`: at `where_`
/// (a text of the changed source), containing `says`.
pub(super) fn only_error_in(base: &str, from: &str, to: &str, where_: &str, says: &str) {
    assert!(base.contains(from), "{from:?} not in the source");
    let src = base.replacen(from, to, 1);
    let errs = errors(&src);
    assert_eq!(errs.len(), 1, "{errs:?}");
    let want = at(&src, where_);
    assert!(errs[0].starts_with(&want), "{errs:?} not at {want}");
    assert!(errs[0].contains(says), "{errs:?}");
}

/// The one error expected from changing `from` to `to` in GOOD, at `where_`
/// (a text of the changed source), containing `says`.
pub(super) fn one_error(from: &str, to: &str, where_: &str, says: &str) {
    assert!(GOOD.contains(from), "{from:?} not in GOOD");
    let src = GOOD.replacen(from, to, 1);
    let lines = errors(&src);
    let want = format!("{}: ", at(&src, where_));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&want) && l.contains(says)),
        "want {want}…{says}, got {lines:#?}"
    );
}

#[test]
fn declarations_become_specs_and_pools_make_actors() {
    let p = Scenario::parse("f.toml", GOOD)
        .unwrap()
        .plan(None, &[])
        .unwrap();
    let q = &p.queues[0];
    assert_eq!(
        (q.name.as_str(), q.cap, q.scope, q.joinable),
        ("q", 3, Scope::Processes, true)
    );
    let stack = &p.queues[1];
    assert_eq!(
        (stack.order, stack.cap, stack.scope),
        (QueueOrder::Lifo, 0, Scope::Threads)
    );
    assert_eq!(p.pipes[0].ends, ["a".to_string(), "b".to_string()]);
    let pool = &p.pools[0];
    assert_eq!(
        (pool.kind, pool.size, pool.owner.as_str()),
        (ActorKind::Process, 2, "main")
    );
    assert_eq!(pool.workers, ["pool-w0", "pool-w1"]);
    assert_eq!(pool.handler, "pool-results");
    assert_eq!(
        pool.task[1],
        Step::Let {
            var: "result".into(),
            expr: Expr::parse("arg * arg").unwrap()
        }
    );
    let w1 = p.actor("pool-w1").unwrap();
    assert_eq!(
        (w1.kind, w1.daemon, w1.parent.as_deref()),
        (ActorKind::Process, true, Some("main"))
    );
    assert_eq!(w1.script, [Step::ServePool("pool".into())]);
    let h = p.actor("pool-results").unwrap();
    assert_eq!((h.kind, h.daemon), (ActorKind::Thread, true));
    assert_eq!(h.script, [Step::HandleResults("pool".into())]);
    let bigger = Scenario::parse("f.toml", GOOD).unwrap();
    let p = bigger.plan(None, &[("size".into(), "4".into())]).unwrap();
    assert_eq!(p.pools[0].workers.len(), 4);
}

#[test]
fn queue_pipe_and_pool_steps_are_built() {
    let p = Scenario::parse("f.toml", GOOD)
        .unwrap()
        .plan(None, &[])
        .unwrap();
    let main = &p.actor("main").unwrap().script;
    let put = |item, block| Step::Put {
        queue: "q".into(),
        item: Expr::Num(item),
        block,
    };
    assert_eq!(
        main[1],
        put(NONE, Block::Timeout(Duration::from_millis(500)))
    );
    assert_eq!(main[2], put(4, Block::NoWait));
    assert_eq!(main[3], Step::JoinQueue("q".into()));
    assert_eq!(
        main[4],
        Step::Send {
            end: "b".into(),
            item: Expr::Num(1)
        }
    );
    assert_eq!(main[5], Step::CloseEnd("b".into()));
    assert_eq!(main[6], Step::CreatePool("pool".into()));
    assert_eq!(
        main[7],
        Step::Apply {
            pool: "pool".into(),
            arg: Expr::Num(3),
            into: Some("r".into())
        }
    );
    let Step::Submit {
        how,
        arg,
        handle,
        callback,
        ..
    } = &main[9]
    else {
        panic!("{:?}", main[9]);
    };
    assert_eq!(
        (how.as_str(), arg, handle.as_deref()),
        ("apply_async", &Expr::Num(1), Some("h1"))
    );
    assert_eq!(
        callback,
        &[Step::Print(Text::new(
            "{task}: {result}",
            "{task}: {result}"
        ))]
    );
    assert!(matches!(&main[10], Step::Submit { how, handle: None, .. } if how == "submit"));
    assert_eq!(
        main[11],
        Step::Result {
            handle: "h1".into(),
            into: Some("x".into())
        }
    );
    assert_eq!(
        main[12],
        Step::Map {
            pool: "pool".into(),
            count: Expr::Num(4)
        }
    );
    assert_eq!(main[13], Step::ClosePool("pool".into()));
    assert_eq!(main[14], Step::JoinPool("pool".into()));
    assert_eq!(main[15], Step::Join(vec!["kid".into()]));

    let kid = &p.actor("kid").unwrap().script;
    let Step::Loop(body) = &kid[1] else {
        panic!("{:?}", kid[1])
    };
    assert_eq!(
        body[0],
        Step::Get {
            queue: "q".into(),
            into: Some("item".into()),
            block: Block::Wait
        }
    );
    assert!(matches!(&body[1], Step::If { then, .. } if then == &[Step::Break]));
    assert_eq!(body[2], Step::TaskDone("q".into()));
    assert_eq!(
        kid[2],
        Step::Recv {
            end: "a".into(),
            into: Some("msg".into())
        }
    );
    let ask = |question, into: Option<&str>| Step::Ask {
        queue: "q".into(),
        question,
        into: into.map(String::from),
    };
    assert_eq!(kid[3], ask(Question::Qsize, Some("n")));
    assert_eq!(kid[4], ask(Question::Empty, None));
}

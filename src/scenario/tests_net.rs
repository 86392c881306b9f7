//! Sockets in the format: `[sockets.*]`, the socket steps' plan, and every
//! wrong use reported at its FILE:LINE:COL.

use std::time::Duration;

use super::plan::Step;
use super::plan_net::{NetStep, Proto, ShutHow};
use super::tests_flow::{errors, only_error_in};
use super::Scenario;

const GOOD: &str = r#"
id = "net"
title = { en = "n", zh = "n" }
summary = { en = "s", zh = "s" }

[sockets.server]
backlog = 3

[pipes.p]
ends = ["a", "b"]

[[actors]]
name = "main"
kind = "process"
script = [
  { listen = "server" },
  { start = "client" },
  { repeat = 2, as = "k", do = [
    { accept = "server", as = "conn{k}" },
    { recv = "conn{k}", size = 64, into = "data", timeout = "2s" },
    { print = "got {data} on {port.server}" },
    { sendall = "conn{k}", text = "echo {data}", framed = true },
    { close = "conn{k}" },
  ] },
  { send = "a", value = 1 },
  { join = "client" },
]

[[actors]]
name = "client"
kind = "process"
parent = "main"
script = [
  { connect = "server", as = "c", timeout = "1s", into = "ok" },
  { send = "c", text = "hi" },
  { shutdown = "c", how = "write" },
  { recv = "b", into = "x" },
]
"#;

fn main_script() -> Vec<Step> {
    let plan = Scenario::parse("f.toml", GOOD).unwrap().plan(None, &[]);
    plan.unwrap().actor("main").unwrap().script.clone()
}

#[test]
fn sockets_resolve_into_net_steps_and_pipe_ends_stay_pipes() {
    let plan = Scenario::parse("f.toml", GOOD)
        .unwrap()
        .plan(None, &[])
        .unwrap();
    let s = &plan.sockets[0];
    assert_eq!((s.name.as_str(), s.proto), ("server", Proto::Tcp));
    assert_eq!((s.host.as_str(), s.backlog), ("127.0.0.1", 3));
    let main = main_script();
    assert!(matches!(&main[2], Step::Net(NetStep::Accept { name, .. }) if name == "conn0"));
    let recv = NetStep::Recv {
        sock: "conn0".into(),
        size: 64,
        framed: false,
        timeout: Some(Duration::from_secs(2)),
        into: Some("data".into()),
    };
    assert_eq!(main[3], Step::Net(recv));
    assert!(matches!(&main[4], Step::Print(t) if t.en == "got {data} on {port.server}"));
    assert!(
        matches!(&main[5], Step::Net(NetStep::Send { all: true, framed: true, text, .. }) if text == "echo {data}")
    );
    assert!(matches!(main.last(), Some(Step::Join(_))));
    assert!(main
        .iter()
        .any(|s| matches!(s, Step::Send { end, .. } if end == "a")));
    let client = &plan.actor("client").unwrap().script;
    let shut = NetStep::Shutdown {
        sock: "c".into(),
        how: ShutHow::Write,
    };
    assert_eq!(client[2], Step::Net(shut));
    assert!(matches!(&client[3], Step::Recv { end, .. } if end == "b"));
}

#[test]
fn a_plan_with_sockets_survives_json() {
    let plan = Scenario::parse("f.toml", GOOD)
        .unwrap()
        .plan(None, &[])
        .unwrap();
    let json = serde_json::to_string(&plan).unwrap();
    let back: super::plan::Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, plan);
}

#[test]
fn a_host_that_is_not_loopback_is_refused_where_it_is_written() {
    for host in ["0.0.0.0", "192.168.1.2", "example.com", ""] {
        let to = format!("[sockets.server]\nhost = {host:?}");
        only_error_in(
            GOOD,
            "[sockets.server]",
            &to,
            &format!("{host:?}"),
            &format!(
                "host {host:?} is not loopback: a lesson may only use 127.0.0.1, ::1 or localhost"
            ),
        );
    }
    for host in ["::1", "localhost", "127.0.0.1"] {
        let src = GOOD.replacen(
            "[sockets.server]",
            &format!("[sockets.server]\nhost = {host:?}"),
            1,
        );
        assert!(Scenario::parse("f.toml", &src).is_ok(), "{host}");
    }
}

#[test]
fn absurd_sizes_backlogs_and_texts_are_refused() {
    only_error_in(
        GOOD,
        "size = 64",
        "size = 0",
        "0, into",
        "size 0 must be 1..=65536",
    );
    only_error_in(
        GOOD,
        "size = 64",
        "size = 70000",
        "70000",
        "must be 1..=65536",
    );
    only_error_in(
        GOOD,
        "backlog = 3",
        "backlog = 1000",
        "1000",
        "backlog 1000 must be 0..=128",
    );
    let long = "x".repeat(5000);
    let errs = errors(&GOOD.replacen("text = \"hi\"", &format!("text = \"{long}\""), 1));
    assert!(errs[0].contains("the most is 4096"), "{errs:?}");
}

#[test]
fn unknown_sockets_and_wrong_options_are_named() {
    only_error_in(
        GOOD,
        "{ send = \"c\", text",
        "{ send = \"d\", text",
        "\"d\"",
        "no socket named \"d\": declare [sockets.d], or name one with as",
    );
    only_error_in(
        GOOD,
        "{ connect = \"server\"",
        "{ connect = \"nope\"",
        "\"nope\"",
        "connect needs a socket declared under [sockets]; \"nope\" is not one (declared: server)",
    );
    only_error_in(
        GOOD,
        "how = \"write\"",
        "how = \"out\"",
        "\"out\"",
        "how must be read, write or both",
    );
    only_error_in(
        GOOD,
        "{ send = \"a\", value = 1 }",
        "{ send = \"a\", value = 1, text = \"x\" }",
        "{ send = \"a\", value = 1, text",
        "text goes with a socket's send, not a pipe end's",
    );
    only_error_in(
        GOOD,
        "{ send = \"c\", text = \"hi\" }",
        "{ send = \"c\", value = 1 }",
        "1 },\n  { shutdown",
        "a socket's send takes text",
    );
    only_error_in(
        GOOD,
        "[sockets.server]",
        "[sockets.server]\nproto = \"sctp\"",
        "\"sctp\"",
        "proto must be tcp or udp",
    );
}

#[test]
fn a_socket_verb_in_a_callback_is_refused_but_a_pool_task_may_accept() {
    let pool = r#"
[pools.pool]
kind = "processes"
size = 2
task = [ { accept = "server", as = "conn" }, { close = "conn" } ]
"#;
    let src = GOOD.replacen("[pipes.p]", &format!("{pool}\n[pipes.p]"), 1);
    assert!(Scenario::parse("f.toml", &src).is_ok());
    let cb = "{ submit = \"pool\", arg = 1, callback = [ { connect = \"server\" } ] },";
    let src = src.replacen("{ send = \"a\", value = 1 },", cb, 1);
    let errs = errors(&src);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].contains("connect cannot be used in a callback"),
        "{errs:?}"
    );
}

#[test]
fn a_socket_name_is_one_thing_only() {
    let src = GOOD.replacen("[pipes.p]", "[pipes.server]", 1);
    let errs = errors(&src);
    assert!(
        errs.iter()
            .any(|e| e.contains("\"server\" is already the name of")),
        "{errs:?}"
    );
}

//! UDP and multiplexing in the format: bind, sendto, recvfrom, setblocking,
//! select (how select, poll, epoll) and if_listener; their plan, and every
//! wrong use reported at its FILE:LINE:COL.

use std::time::Duration;

use super::plan::Step;
use super::plan_mux::{How, MuxStep};
use super::tests_flow::{errors, only_error_in};
use super::Scenario;

const GOOD: &str = r#"
id = "mux"
title = { en = "m", zh = "m" }
summary = { en = "s", zh = "s" }

[sockets.server]
backlog = 3

[sockets.u]
proto = "udp"

[[actors]]
name = "main"
kind = "process"
script = [
  { sendto = "c", to = "u", text = "anyone?" },
  { bind = "u" },
  { recvfrom = "u", size = 512, into = "data", timeout = "1s" },
  { listen = "server" },
  { setblocking = "server", blocking = false },
  { let = "k", value = 0 },
  { loop = [
    { select = ["server", "conn*"], how = "poll", timeout = "1s", as = "s", into = "n", do = [
      { if_listener = "{s}", then = [
        { accept = "server", as = "conn{k}" },
      ], else = [
        { recv = "{s}", into = "got" },
      ] },
    ] },
    { break = true },
  ] },
  { close = "c" },
]
"#;

fn main_script(src: &str) -> Vec<Step> {
    let plan = Scenario::parse("f.toml", src).unwrap().plan(None, &[]);
    plan.unwrap().actor("main").unwrap().script.clone()
}

#[test]
fn udp_and_select_steps_resolve_into_mux_steps() {
    let main = main_script(GOOD);
    let sendto = MuxStep::SendTo {
        sock: "c".into(),
        to: "u".into(),
        text: "anyone?".into(),
    };
    assert_eq!(main[0], Step::Mux(sendto));
    assert_eq!(main[1], Step::Mux(MuxStep::Bind { sock: "u".into() }));
    let recvfrom = MuxStep::RecvFrom {
        sock: "u".into(),
        size: 512,
        timeout: Some(Duration::from_secs(1)),
        into: Some("data".into()),
    };
    assert_eq!(main[2], Step::Mux(recvfrom));
    let nb = MuxStep::SetBlocking {
        sock: "server".into(),
        blocking: false,
    };
    assert_eq!(main[4], Step::Mux(nb));
    let Step::Loop(body) = &main[6] else {
        panic!("{:?}", main[6]);
    };
    let Step::Mux(MuxStep::Select {
        how,
        watch,
        timeout,
        name,
        body,
        into,
    }) = &body[0]
    else {
        panic!("{:?}", body[0]);
    };
    assert_eq!(*how, How::Poll);
    assert_eq!(watch, &["server".to_string(), "conn*".to_string()]);
    assert_eq!(*timeout, Some(Duration::from_secs(1)));
    assert_eq!((name.as_str(), into.as_deref()), ("s", Some("n")));
    assert!(
        matches!(&body[0], Step::Mux(MuxStep::IfListener { sock, then, otherwise })
        if sock == "{s}" && then.len() == 1 && otherwise.len() == 1)
    );
    let json = serde_json::to_string(&main).unwrap();
    let back: Vec<Step> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, main);
}

#[test]
fn how_defaults_to_select_and_may_be_a_parameter() {
    let src = GOOD.replacen("how = \"poll\", ", "", 1);
    let Step::Loop(body) = &main_script(&src)[6] else {
        panic!()
    };
    assert!(matches!(
        &body[0],
        Step::Mux(MuxStep::Select {
            how: How::Select,
            ..
        })
    ));
    let src = GOOD
        .replacen("how = \"poll\"", "how = \"{how}\"", 1)
        .replacen(
            "[sockets.server]",
            "[params.how]\ndefault = \"epoll\"\n\n[sockets.server]",
            1,
        );
    let Step::Loop(body) = &main_script(&src)[6] else {
        panic!()
    };
    assert!(matches!(
        &body[0],
        Step::Mux(MuxStep::Select {
            how: How::Epoll,
            ..
        })
    ));
}

#[test]
fn a_bad_how_names_the_allowed_calls() {
    only_error_in(
        GOOD,
        "how = \"poll\"",
        "how = \"kqueue\"",
        "\"kqueue\"",
        "how must be select, poll, epoll, not \"kqueue\"",
    );
}

#[test]
fn sendto_only_reaches_a_declared_udp_socket() {
    for to in ["10.0.0.1", "0.0.0.0:9999", "example.com", "nobody"] {
        only_error_in(
            GOOD,
            "to = \"u\"",
            &format!("to = {to:?}"),
            &format!("{to:?}"),
            "is not a udp socket declared under [sockets] (a lesson may only send to its own \
             sockets on 127.0.0.1, ::1 or localhost)",
        );
    }
    only_error_in(
        GOOD,
        "to = \"u\"",
        "to = \"server\"",
        "\"server\", text",
        "sendto's to needs a udp socket; server is tcp",
    );
    only_error_in(
        GOOD,
        "{ bind = \"u\" }",
        "{ bind = \"server\" }",
        "\"server\" }",
        "bind needs a udp socket; server is tcp",
    );
    only_error_in(
        GOOD,
        "{ sendto = \"c\", to = \"u\", text = \"anyone?\" }",
        "{ sendto = \"c\", text = \"anyone?\" }",
        "{ sendto = \"c\", text",
        "sendto needs to = \"NAME\"",
    );
}

#[test]
fn absurd_sizes_and_texts_are_refused() {
    only_error_in(
        GOOD,
        "size = 512",
        "size = 0",
        "0, into",
        "size 0 must be 1..=65507",
    );
    only_error_in(
        GOOD,
        "size = 512",
        "size = 100000",
        "100000",
        "size 100000 must be 1..=65507",
    );
    let long = "x".repeat(5000);
    let errs = errors(&GOOD.replacen("\"anyone?\"", &format!("\"{long}\""), 1));
    assert!(errs[0].contains("the most is 4096"), "{errs:?}");
}

#[test]
fn wrong_uses_are_named_where_they_are_written() {
    only_error_in(
        GOOD,
        "{ setblocking = \"server\", blocking = false }",
        "{ setblocking = \"server\" }",
        "{ setblocking = \"server\" }",
        "setblocking needs blocking = false",
    );
    only_error_in(
        GOOD,
        "{ setblocking = \"server\", blocking = false }",
        "{ setblocking = \"nope\", blocking = false }",
        "\"nope\"",
        "no socket named \"nope\"",
    );
    only_error_in(
        GOOD,
        "[\"server\", \"conn*\"]",
        "[\"server\", \"zz*\"]",
        "[\"server\", \"zz*\"]",
        "\"zz*\" matches no declared socket",
    );
    only_error_in(
        GOOD,
        "[\"server\", \"conn*\"]",
        "[]",
        "[]",
        "select watches 1..=64 sockets, not 0",
    );
    let src = GOOD.replacen("{ sendto = \"c\"", "{ sendto = \"server\"", 1);
    let errs = errors(&src);
    assert!(
        errs[0].starts_with(&super::tests_flow::at(&src, "\"server\", to")),
        "{errs:?}"
    );
    assert!(errs[0].contains("that is a tcp socket; sendto and recvfrom need udp"));
    only_error_in(
        GOOD,
        "{ recvfrom = \"u\", size = 512",
        "{ recvfrom = \"u\", framed = true, size = 512",
        "{ recvfrom = \"u\", framed",
        "framed does not go with recvfrom",
    );
}

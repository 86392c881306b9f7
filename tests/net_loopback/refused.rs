//! `check` refuses every address but loopback, wherever a scenario can name
//! one: a socket's `host` (written, from a parameter, from a variant's `set`,
//! from `--set`), a fixed port, and an address slipped into a step.

use conlab::scenario::{Scenario, ScenarioError};

const BASE: &str = r#"
id = "net-refused"
title = { en = "n", zh = "n" }
summary = { en = "s", zh = "s" }

[params.where]
default = "127.0.0.1"

[sockets.server]
host = "HOST"

[[variants]]
name = "plain"

[[actors]]
name = "main"
kind = "process"
script = [ { listen = "server" }, { connect = "server", as = "c" }, STEP ]
"#;

fn file(host: &str, step: &str) -> String {
    BASE.replace("HOST", host).replace("STEP", step)
}

/// The problems `check` reports, or none.
fn problems(src: &str, sets: &[(&str, &str)]) -> Vec<String> {
    let sets: Vec<(String, String)> = sets
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let parsed = Scenario::parse("f.toml", src).and_then(|s| s.plan(Some("plain"), &sets));
    match parsed {
        Ok(_) => Vec::new(),
        Err(ScenarioError::Invalid(lines)) => lines,
        Err(e) => vec![e.to_string()],
    }
}

const CLOSE: &str = r#"{ close = "c" }"#;

/// Whether one problem names `what` at a FILE:LINE:COL.
fn refused_at(lines: &[String], what: &str) -> bool {
    lines.iter().any(|l| {
        let mut f = l.splitn(4, ':');
        let (file, line, col) = (f.next(), f.next(), f.next());
        file == Some("f.toml")
            && line.is_some_and(|n| n.parse::<u32>().is_ok())
            && col.is_some_and(|n| n.parse::<u32>().is_ok())
            && l.contains(what)
    })
}

#[test]
fn loopback_hosts_are_accepted() {
    for host in ["127.0.0.1", "::1", "localhost", "{where}"] {
        let p = problems(&file(host, CLOSE), &[]);
        assert!(p.is_empty(), "{host}: {p:?}");
    }
}

#[test]
fn a_written_host_off_loopback_is_refused() {
    let hosts = [
        "0.0.0.0",
        "::",
        "192.168.1.2",
        "10.0.0.1",
        "8.8.8.8",
        "127.0.0.2",
        "127.1",
        "2130706433",
        "0x7f000001",
        "::ffff:127.0.0.1",
        "[::1]",
        " 127.0.0.1",
        "LOCALHOST",
        "localhost.",
        "example.com",
        "fe80::1%lo",
        "",
    ];
    let mut accepted = Vec::new();
    for host in hosts {
        let p = problems(&file(host, CLOSE), &[]);
        if !refused_at(&p, "not loopback") {
            accepted.push(format!("{host:?}: {p:?}"));
        }
    }
    assert!(accepted.is_empty(), "not refused:\n{}", accepted.join("\n"));
}

#[test]
fn a_host_from_a_parameter_is_refused_however_it_is_set() {
    // The parameter's own default.
    let src = file("{where}", CLOSE).replace("default = \"127.0.0.1\"", "default = \"0.0.0.0\"");
    assert!(refused_at(&problems(&src, &[]), "not loopback"));
    // A variant's `set`.
    let src = file("{where}", CLOSE).replace(
        "name = \"plain\"",
        "name = \"plain\"\nset = { where = \"10.1.2.3\" }",
    );
    assert!(refused_at(&problems(&src, &[]), "not loopback"));
    // `--set` on the command line: refused before anything runs.
    let p = problems(&file("{where}", CLOSE), &[("where", "192.168.0.9")]);
    assert!(
        p.iter().any(|l| l.contains("not loopback")),
        "--set where=192.168.0.9: {p:?}"
    );
}

#[test]
fn no_step_or_field_can_name_an_address_or_a_fixed_port() {
    let cases = [
        // A fixed port instead of the kernel's ephemeral one.
        (file("127.0.0.1\"\nport = \"8080", CLOSE), "port"),
        (file("127.0.0.1\"\nbind = \"0.0.0.0", CLOSE), "bind"),
        // An address where a socket's name goes, or in a field of a step.
        (
            file("127.0.0.1", r#"{ connect = "10.0.0.1", as = "d" }"#),
            "10.0.0.1",
        ),
        (
            file("127.0.0.1", r#"{ connect = "10.0.0.1:80", as = "d" }"#),
            "10.0.0.1:80",
        ),
        (
            file("127.0.0.1", r#"{ connect = "server", host = "10.0.0.1" }"#),
            "host",
        ),
        (
            file("127.0.0.1", r#"{ connect = "server", port = 80 }"#),
            "port",
        ),
        (
            file("127.0.0.1", r#"{ listen = "server", host = "0.0.0.0" }"#),
            "host",
        ),
    ];
    let mut accepted = Vec::new();
    for (src, what) in &cases {
        let p = problems(src, &[]);
        if !refused_at(&p, what) {
            let step = src.lines().find(|l| l.contains("script")).unwrap_or("");
            accepted.push(format!("{what}: {step}: {p:?}"));
        }
    }
    assert!(accepted.is_empty(), "not refused:\n{}", accepted.join("\n"));
}

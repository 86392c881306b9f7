//! Compare checks, from TOML to verdict: each comparison passing and failing.

use crate::event::{Event, EventKind};
use crate::model::checks::{Checks, Verdict};
use crate::scenario::text::Lang;
use crate::scenario::Scenario;

const HEAD: &str = r#"
id = "cmp"
title = { en = "t", zh = "t" }
summary = { en = "s", zh = "s" }
[params.k]
default = 3
[values.n]
kind = "global"
initial = 100
[values.want]
kind = "global"
initial = 0
[locks.stalls]
kind = "semaphore"
permits = 3
[sockets.server]
[[actors]]
name = "main"
kind = "process"
script = [ { print = "hi" } ]
"#;

/// The checks of HEAD plus one `[[checks]]` body.
fn checks(body: &str) -> Checks {
    let src = format!("{HEAD}[[checks]]\nlabel = {{ en = \"c\", zh = \"c\" }}\n{body}\n");
    let s = Scenario::parse("cmp.toml", &src).unwrap_or_else(|e| panic!("{e}"));
    Checks::new(&s.plan(None, &[]).expect("plan").checks)
}

fn ev(t_us: u64, actor: &str, kind: EventKind) -> Event {
    Event {
        t_us,
        actor: actor.into(),
        pid: 1,
        tid: None,
        kind,
    }
}

fn value(t: u64, name: &str, v: i64) -> Event {
    let (name, value) = (name.into(), v.into());
    ev(t, "main", EventKind::Value { name, value })
}

fn print(t: u64, text: &str) -> Event {
    ev(t, "main", EventKind::Print { text: text.into() })
}

/// Feed `events`, end the run, give the verdict and the reading in English.
fn run(body: &str, events: &[Event]) -> (Verdict, Option<String>) {
    let mut c = checks(body);
    for e in events {
        c.apply(e);
    }
    c.finish();
    (c.items[0].verdict, c.items[0].reading(Lang::En))
}

#[test]
fn a_value_equal_to_a_number_passes_and_shows_its_number() {
    let events = [value(1, "n", 100), value(2, "n", 0)];
    let (v, r) = run(
        r#"value = "n"
equals = 0"#,
        &events,
    );
    assert_eq!((v, r.as_deref()), (Verdict::Passed, Some("n = 0 (== 0)")));
    let (v, r) = run("value = \"n\"\nequals = 0", &[value(1, "n", 7)]);
    assert_eq!(
        (v, r.as_deref()),
        (Verdict::Failed, Some("n = 7, expected == 0"))
    );
}

#[test]
fn a_value_never_written_fails() {
    assert_eq!(run("value = \"n\"\nat_least = 0", &[]).0, Verdict::Failed);
}

#[test]
fn at_most_at_least_and_between_hold_at_their_edges_only() {
    let at = |body: &str, n| run(body, &[value(1, "n", n)]).0;
    assert_eq!(at("value = \"n\"\nat_most = 5", 5), Verdict::Passed);
    assert_eq!(at("value = \"n\"\nat_most = 5", 6), Verdict::Failed);
    assert_eq!(at("value = \"n\"\nat_least = 5", 5), Verdict::Passed);
    assert_eq!(at("value = \"n\"\nat_least = 5", 4), Verdict::Failed);
    assert_eq!(at("value = \"n\"\nbetween = [1, 3]", 3), Verdict::Passed);
    assert_eq!(at("value = \"n\"\nbetween = [1, 3]", 0), Verdict::Failed);
    assert_eq!(at("value = \"n\"\nbetween = [1, 3]", 4), Verdict::Failed);
}

#[test]
fn a_value_compared_with_another_value_uses_its_last_write() {
    let body = "value = \"n\"\nequals = \"want\"";
    let (v, r) = run(body, &[value(1, "want", 80), value(2, "n", 80)]);
    assert_eq!(
        (v, r.as_deref()),
        (Verdict::Passed, Some("n = 80 (== want (80))"))
    );
    assert_eq!(
        run(body, &[value(1, "want", 80), value(2, "n", 79)]).0,
        Verdict::Failed
    );
}

#[test]
fn a_count_of_prints_compares_and_fails_early_past_at_most() {
    let body = "count = { event = \"print\", where = { text = \"x\" } }\nequals = 2";
    let two = [print(1, "x"), print(2, "y"), print(3, "x")];
    assert_eq!(
        run(body, &two),
        (Verdict::Passed, Some("count = 2 (== 2)".into()))
    );
    assert_eq!(run(body, &two[..2]).0, Verdict::Failed);
    let mut c = checks("count = { event = \"print\" }\nat_most = 1");
    c.apply(&print(1, "a"));
    assert_eq!(c.items[0].verdict, Verdict::Pending);
    c.apply(&print(2, "b"));
    assert_eq!(
        c.items[0].verdict,
        Verdict::Failed,
        "decided at the second print"
    );
    assert_eq!(c.items[0].at_us, Some(2));
}

#[test]
fn max_holders_counts_actors_inside_at_once() {
    let got = |t, a: &str| {
        ev(
            t,
            a,
            EventKind::LockAcquired {
                lock: "stalls".into(),
                count: None,
            },
        )
    };
    let gone = |t, a: &str| {
        ev(
            t,
            a,
            EventKind::LockReleased {
                lock: "stalls".into(),
                count: None,
            },
        )
    };
    let three = [
        got(1, "a"),
        got(2, "b"),
        got(3, "c"),
        gone(4, "a"),
        got(5, "d"),
    ];
    let body = "max_holders = \"stalls\"\nat_most = 3";
    let (v, r) = run(body, &three);
    assert_eq!(
        (v, r.as_deref()),
        (Verdict::Passed, Some("most holding stalls = 3 (<= 3)"))
    );
    let four = [got(1, "a"), got(2, "b"), got(3, "c"), got(4, "d")];
    assert_eq!(run(body, &four).0, Verdict::Failed);
    assert_eq!(
        run("max_holders = \"stalls\"\nequals = 3", &three).0,
        Verdict::Passed
    );
}

#[test]
fn never_before_fails_when_after_comes_first() {
    let body = "before = { event = \"print\", where = { text = \"go\" } }\n\
                after = { event = \"print\", where = { text = \"car\" } }";
    let good = [print(1, "go"), print(2, "car"), print(3, "car")];
    assert_eq!(run(body, &good).0, Verdict::Passed);
    let bad = [print(1, "car"), print(2, "go")];
    assert_eq!(run(body, &bad).0, Verdict::Failed);
}

#[test]
fn the_reading_is_in_the_run_language() {
    let mut c = checks("value = \"n\"\nbetween = [0, 5]");
    c.apply(&value(1, "n", 9));
    c.finish();
    assert_eq!(
        c.items[0].reading(Lang::Zh).as_deref(),
        Some("n = 9，应为 0 到 5 之间")
    );
}

#[test]
fn a_bound_may_be_an_expression_of_the_parameters() {
    let body = "value = \"n\"\nequals = \"{k} * 2 - 6\"";
    assert_eq!(run(body, &[value(1, "n", 0)]).0, Verdict::Passed);
    assert_eq!(run(body, &[value(1, "n", 1)]).0, Verdict::Failed);
}

#[test]
fn max_open_counts_server_ends_until_the_server_closes_them() {
    let accepted = |t, pid: i32, conn: &str| Event {
        pid,
        ..ev(
            t,
            "pool-w0",
            EventKind::SockConnected {
                sock: "conn".into(),
                conn: conn.into(),
                side: "server".into(),
                local_port: 9000,
                peer_port: 5000,
                listener: Some("server".into()),
            },
        )
    };
    let closed = |t, pid: i32, conn: &str| Event {
        pid,
        ..ev(
            t,
            "pool-w0",
            EventKind::SockClosed {
                sock: "conn".into(),
                conn: Some(conn.into()),
                how: "close".into(),
            },
        )
    };
    // The client closing its end (another pid) leaves the server's end open.
    let two = [
        accepted(1, 10, "1>9"),
        accepted(2, 11, "2>9"),
        closed(3, 99, "1>9"),
        closed(4, 10, "1>9"),
        accepted(5, 10, "3>9"),
        closed(6, 11, "2>9"),
        accepted(7, 11, "4>9"),
    ];
    let body = "max_open = \"server\"\nat_most = 2";
    let (v, r) = run(body, &two);
    assert_eq!(
        (v, r.as_deref()),
        (
            Verdict::Passed,
            Some("most served at once on server = 2 (<= 2)")
        )
    );
    let three = [
        accepted(1, 10, "1>9"),
        accepted(2, 11, "2>9"),
        closed(3, 99, "1>9"),
        accepted(5, 10, "3>9"),
    ];
    assert_eq!(run(body, &three).0, Verdict::Failed);
}

#[test]
fn max_open_names_a_declared_socket() {
    let src = format!(
        "{HEAD}[[checks]]\nlabel = {{ en = \"c\", zh = \"c\" }}\nmax_open = \"nobody\"\nat_most = 2\n"
    );
    let err = Scenario::parse("cmp.toml", &src).unwrap_err().to_string();
    assert!(
        err.contains("cmp.toml:")
            && err.contains("no socket is named \"nobody\"; declared: server"),
        "{err}"
    );
}

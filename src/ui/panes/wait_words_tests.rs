//! wait_words: the issue's examples, patterns and fields, and every built-in page.

use super::*;
use crate::scenario::plan::Expect;

fn spec(event: &str, actor: &str, fields: &[(&str, Value)]) -> CheckSpec {
    CheckSpec {
        label: Default::default(),
        event: event.into(),
        actor: Some(actor.into()),
        fields: fields
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect(),
        expect: Expect::Seen,
        after_previous: false,
        compare: None,
        or_fields: Default::default(),
    }
}

fn both(s: &CheckSpec, count: u32) -> (String, String) {
    (
        wait_words(s, count, Lang::En),
        wait_words(s, count, Lang::Zh),
    )
}

#[test]
fn the_issue_examples_read_as_words() {
    let print = spec(
        "step",
        "child",
        &[("index", 2.into()), ("op", "print".into())],
    );
    assert_eq!(
        both(&print, 1),
        ("waits for child to print".into(), "等到 child 打印".into())
    );
    let exit = spec("exited", "main", &[]);
    assert_eq!(wait_words(&exit, 1, Lang::En), "waits for main to exit");
    let dl = spec("deadlock", "host", &[]);
    assert_eq!(
        both(&dl, 1),
        ("waits for a deadlock".into(), "等到出现死锁".into())
    );
    assert_eq!(
        wait_words(&dl, 2, Lang::En),
        "waits for a deadlock (2 times)"
    );
    assert_eq!(wait_words(&dl, 2, Lang::Zh), "等到出现死锁（第 2 次）");
}

#[test]
fn patterns_fields_and_unknown_events_still_read() {
    let z = spec("proc_state", "child", &[("state", "Z".into())]);
    assert_eq!(
        wait_words(&z, 1, Lang::En),
        "waits for child to become a zombie"
    );
    let w = spec("lock_wait", "buyer*", &[]);
    assert_eq!(
        wait_words(&w, 1, Lang::En),
        "waits for one of buyer… to wait for a lock"
    );
    assert_eq!(wait_words(&w, 1, Lang::Zh), "等到 某个 buyer… 等待 某把锁");
    let k = spec("exited", "child", &[("signal", "SIGTERM".into())]);
    assert_eq!(
        wait_words(&k, 1, Lang::En),
        "waits for child to be killed by SIGTERM"
    );
    let r = spec("reaped", "child", &[("by", "main".into())]);
    assert_eq!(wait_words(&r, 1, Lang::Zh), "等到 main 回收 child");
    let odd = spec("limit_reached", "main", &[]);
    assert_eq!(
        wait_words(&odd, 1, Lang::En),
        "waits for main: limit_reached"
    );
}

#[test]
fn no_built_in_page_says_an_event_name() {
    for s in crate::scenario::builtin() {
        for p in &s.pages {
            let Some(w) = &p.wait_for else { continue };
            for lang in [Lang::En, Lang::Zh] {
                let said = wait_words(w, p.wait_count, lang);
                let fallback = format!(": {}", w.event);
                assert!(!said.ends_with(&fallback), "{}: {said}", s.id);
                assert!(!said.contains('='), "{}: {said}", s.id);
            }
        }
    }
}

#[test]
fn socket_events_are_said_in_words() {
    let b = spec(
        "sock_listen",
        "server",
        &[("proto", "udp".into()), ("sock", "s".into())],
    );
    assert_eq!(wait_words(&b, 1, Lang::En), "waits for server to bind s");
    assert_eq!(wait_words(&b, 1, Lang::Zh), "等到 server 绑定 s");
    let r = spec("sock_recv", "server", &[]);
    assert_eq!(
        wait_words(&r, 3, Lang::En),
        "waits for server to receive bytes (3 times)"
    );
    let e = spec("sock_error", "main", &[("error", "BlockingIOError".into())]);
    assert_eq!(
        wait_words(&e, 1, Lang::Zh),
        "等到 main 遇到 BlockingIOError"
    );
}

#[test]
fn socket_waits_are_said_in_words() {
    let recv = spec("sock_recv", "main", &[("data", Value::from("violet"))]);
    assert_eq!(
        wait_words(&recv, 1, Lang::En),
        "waits for main to receive \"violet\""
    );
    assert_eq!(wait_words(&recv, 1, Lang::Zh), "等到 main 收到“violet”");
    let accepted = spec("sock_connected", "main", &[("side", Value::from("server"))]);
    assert_eq!(
        wait_words(&accepted, 1, Lang::En),
        "waits for main to accept a connection"
    );
}

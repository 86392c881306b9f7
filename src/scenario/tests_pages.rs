//! Lesson pages: read from `[[pages]]`, checked at load, or the lesson as one page.

use super::tests_flow::only_error_in;
use super::Scenario;

const TICKETS: &str = include_str!("../../scenarios/ticket-grab.toml");

#[test]
fn pages_are_read_with_their_waits_panels_and_variants() {
    let s = Scenario::parse("ticket-grab.toml", TICKETS).expect("valid");
    assert_eq!(s.pages.len(), 5);
    let read = s.pages[1].wait_for.as_ref().expect("page 2 waits");
    assert_eq!(
        (read.event.as_str(), read.actor.as_deref()),
        ("value_read", Some("buyer*"))
    );
    assert_eq!(read.fields["name"], serde_json::json!("tickets"));
    assert_eq!(s.pages[2].wait_count, 2, "the second write of tickets");
    assert_eq!(s.pages[3].panel.as_deref(), Some("locks"));
    assert!(s.pages[2].applies(Some("no-lock")) && !s.pages[2].applies(Some("lock")));
    assert!(s.pages[0].applies(Some("lock")));
}

#[test]
fn every_built_in_lesson_has_pages_that_follow_the_run() {
    for s in super::builtin() {
        assert!(s.pages.len() >= 3, "{}: {} pages", s.id, s.pages.len());
        assert!(
            s.pages[0].wait_for.is_none(),
            "{}: page 1 is shown at once",
            s.id
        );
        assert!(
            s.pages.iter().any(|p| p.wait_for.is_some()),
            "{}: some page waits for the run",
            s.id
        );
    }
}

#[test]
fn a_scenario_without_pages_has_its_lesson_as_the_one_page() {
    let src = r#"
id = "solo"
title = { en = "t", zh = "t" }
summary = { en = "s", zh = "s" }
lesson = { en = "The whole lesson.", zh = "整篇讲解。" }
[[actors]]
name = "main"
kind = "process"
script = [ { print = "hi" } ]
"#;
    let s = Scenario::parse("solo.toml", src).unwrap();
    assert_eq!(s.pages.len(), 1);
    assert_eq!(s.pages[0].text, s.lesson);
    assert!(s.pages[0].wait_for.is_none());
}

#[test]
fn unknown_events_panels_and_variants_are_reported_where_written() {
    let cases = [
        (
            "event = \"value_read\"",
            "event = \"value_red\"",
            "\"value_red\"",
            "unknown event",
        ),
        (
            "panel = \"locks\"",
            "panel = \"lockz\"",
            "\"lockz\"",
            "unknown panel",
        ),
        (
            "variants = [\"lock\"]",
            "variants = [\"locks\"]",
            "[\"locks\"]",
            "no variant",
        ),
        ("count = 2", "count = 0", "0 }", "count must be"),
    ];
    for (from, to, needle, says) in cases {
        only_error_in(TICKETS, from, to, needle, says);
    }
}

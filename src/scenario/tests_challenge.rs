//! `[[challenges]]`: read, and every mistake reported at its FILE:LINE:COL.

use super::tests_flow::only_error_in;
use super::Scenario;

const TICKETS: &str = include_str!("../../scenarios/ticket-grab.toml");

#[test]
fn the_oversell_challenge_is_read_with_its_settings_and_goal() {
    let s = Scenario::parse("ticket-grab.toml", TICKETS).expect("valid");
    let c = s.challenge("oversell").expect("declared");
    assert_eq!(c.variant.as_deref(), Some("no-lock"));
    assert_eq!(c.sets, [("buyers".to_string(), "2".to_string())]);
    assert_eq!(c.actors, ["buyer0", "buyer1"]);
    assert!(c.budget >= 12);
    assert_eq!(c.win.len(), 1);
    assert!(c.win[0].compare.is_some(), "a count");
    let err = s.challenge("nope").unwrap_err();
    assert!(err.contains("its challenges: oversell"), "{err}");
}

#[test]
fn an_actor_the_run_does_not_have_is_named_at_its_place() {
    let from = r#"actors = ["buyer0", "buyer1"]"#;
    let to = r#"actors = ["buyer0", "buyer7"]"#;
    only_error_in(
        TICKETS,
        from,
        to,
        r#"["buyer0", "buyer7"]"#,
        r#""buyer7" is not an actor"#,
    );
}

#[test]
fn a_parameter_out_of_range_or_unknown_is_refused() {
    let from = "set = { buyers = 2 }";
    only_error_in(
        TICKETS,
        from,
        "set = { buyers = 99 }",
        "99 }",
        "outside the allowed range",
    );
    only_error_in(
        TICKETS,
        from,
        "set = { buyerz = 2 }",
        "buyerz",
        "no parameter is named",
    );
}

#[test]
fn a_bad_variant_budget_or_win_is_refused() {
    let v = r#"variant = "no-lock"
set = { buyers"#;
    let bad = r#"variant = "no-lok"
set = { buyers"#;
    only_error_in(TICKETS, v, bad, "\"no-lok\"", "no variant is named");
    only_error_in(TICKETS, "budget = 16", "budget = 0", "0\nwin", "from 1 to");
    let w = r#"{ count = { event = "value", actor = "buyer*""#;
    let bad = r#"{ count = { event = "valu", actor = "buyer*""#;
    only_error_in(TICKETS, w, bad, "\"valu\"", "unknown event");
}

#[test]
fn a_check_still_needs_its_label() {
    let from = r#"label = { en = "the buyers are real processes", zh = "买票人是真正的进程" }
"#;
    only_error_in(TICKETS, from, "", "[[checks]]", "a check needs `label`");
}

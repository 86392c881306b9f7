//! The challenge model on hand-written events.

use super::*;
use crate::event::{Activity, Outcome};
use crate::scenario::check_compare::Bound;
use crate::scenario::plan::CheckSpec;
use serde_json::json;

fn seen(event: &str) -> CheckSpec {
    CheckSpec {
        label: Text::default(),
        event: event.into(),
        actor: None,
        fields: Default::default(),
        or_fields: Default::default(),
        expect: Expect::Seen,
        after_previous: false,
        compare: None,
    }
}

fn compare(measure: Measure, cmp: Cmp) -> CheckSpec {
    CheckSpec {
        compare: Some(Box::new(Compare::Measure { measure, cmp })),
        ..seen("")
    }
}

fn challenge(win: Vec<CheckSpec>, budget: u32) -> Challenge {
    Challenge {
        id: "c".into(),
        title: Text::new("t", "t"),
        goal: Text::new("sell it twice", "卖两次"),
        variant: None,
        sets: vec![],
        actors: vec!["a".into(), "b".into()],
        budget,
        win,
        debrief: Text::new("d", "d"),
    }
}

fn ev(actor: &str, kind: EventKind) -> Event {
    Event::new(1, actor, 1, kind)
}

fn held(actor: &str) -> Event {
    ev(
        actor,
        EventKind::Held {
            index: 0,
            text: "x".into(),
        },
    )
}

fn step(actor: &str) -> Event {
    let kind = EventKind::Step {
        index: 0,
        op: "read".into(),
        text: "x".into(),
        activity: Activity::Running,
        line: None,
        targets: None,
    };
    ev(actor, kind)
}

fn exited(actor: &str) -> Event {
    ev(
        actor,
        EventKind::Exited {
            code: Some(0),
            signal: None,
            cause: None,
        },
    )
}

fn write(actor: &str, name: &str, v: i64) -> Event {
    ev(
        actor,
        EventKind::Value {
            name: name.into(),
            value: json!(v),
        },
    )
}

fn run_ended() -> Event {
    ev(
        "host",
        EventKind::RunEnded {
            outcome: Outcome::Completed,
            reason: None,
        },
    )
}

fn granted(actor: &str) -> Event {
    let kind = EventKind::Granted {
        turn: 1,
        enabled: vec![actor.into()],
    };
    ev(actor, kind)
}

/// Held, granted, stepped: one turn of `actor`.
fn turn(p: &mut Play, actor: &str) {
    p.apply(&held(actor));
    p.apply(&granted(actor));
    p.apply(&step(actor));
}

#[test]
fn a_count_at_least_wins_as_soon_as_it_holds_and_steps_are_the_schedule() {
    let mut count = seen("value");
    count.fields.insert("name".into(), json!("tickets"));
    let win = compare(Measure::Count(Box::new(count)), Cmp::AtLeast(Bound::Num(2)));
    let mut p = Play::new(&challenge(vec![win], 10));
    turn(&mut p, "a");
    turn(&mut p, "b");
    p.apply(&write("a", "tickets", 0));
    assert_eq!(p.status, Status::Playing);
    turn(&mut p, "b");
    p.apply(&write("b", "tickets", 0));
    assert_eq!(p.status, Status::Won);
    assert_eq!(p.schedule(), ["a", "b", "b"]);
    let line = p.verdict_line(&Text::new("sell it twice", "卖两次"), Lang::En);
    assert_eq!(line.as_deref(), Some("WON: sell it twice (3 steps)"));
    p.apply(&run_ended());
    assert_eq!(p.status, Status::Won, "a verdict is kept");
}

#[test]
fn the_budget_is_lost_when_an_actor_waits_for_a_step_it_cannot_have() {
    let mut p = Play::new(&challenge(vec![seen("deadlock")], 2));
    turn(&mut p, "a");
    turn(&mut p, "b");
    assert_eq!(p.status, Status::Playing, "b is running its step");
    p.apply(&ev("a", EventKind::LockWait { lock: "L".into() }));
    assert_eq!(p.status, Status::Playing, "b has not settled");
    p.apply(&held("b"));
    assert_eq!(p.status, Status::Lost(Lost::Budget));
    let line = p.verdict_line(&Text::default(), Lang::Zh).unwrap();
    assert!(line.starts_with("失败："), "{line}");
    assert!(!line.contains("held"), "words, not event names: {line}");
}

#[test]
fn a_final_value_is_judged_when_the_controlled_actors_have_ended() {
    let win = compare(Measure::Value("n".into()), Cmp::Equals(Bound::Num(99)));
    let mut p = Play::new(&challenge(vec![win.clone()], 10));
    p.apply(&write("a", "n", 99));
    turn(&mut p, "a");
    p.apply(&exited("a"));
    assert_eq!(p.status, Status::Playing, "99 on the way is not the end");
    p.apply(&write("b", "n", 98));
    p.apply(&exited("b"));
    assert_eq!(p.status, Status::Lost(Lost::ActorsEnded));

    let mut p = Play::new(&challenge(vec![win], 10));
    p.apply(&write("a", "n", 99));
    p.apply(&exited("a"));
    p.apply(&exited("b"));
    assert_eq!(p.status, Status::Won);
}

#[test]
fn a_step_without_a_grant_is_not_counted_and_the_run_end_decides() {
    let mut p = Play::new(&challenge(vec![seen("deadlock")], 5));
    turn(&mut p, "a");
    // The gate is lifted (step mode off, say): a held actor goes on ungranted.
    p.apply(&held("a"));
    p.apply(&step("a"));
    assert_eq!(p.steps(), 1);
    p.apply(&run_ended());
    assert_eq!(p.status, Status::Lost(Lost::RunEnded));
    let line = p.verdict_line(&Text::default(), Lang::En).unwrap();
    assert_eq!(line, "LOST: the run ended without reaching the goal");
}

#[test]
fn the_budget_is_judged_after_the_last_granted_step_has_had_its_effect() {
    // As event `one-set`: the last granted turn ends the last actor, and
    // only then is the final value known.
    let win = compare(Measure::Value("n".into()), Cmp::Equals(Bound::Num(99)));
    let mut p = Play::new(&challenge(vec![win], 2));
    turn(&mut p, "a");
    p.apply(&exited("a"));
    p.apply(&held("b"));
    p.apply(&granted("b"));
    assert_eq!(p.steps(), 2);
    assert_eq!(
        p.status,
        Status::Playing,
        "b's granted step has not run yet: the budget is not spent"
    );
    p.apply(&step("b"));
    p.apply(&write("b", "n", 99));
    p.apply(&exited("b"));
    assert_eq!(p.status, Status::Won);
    assert_eq!(p.schedule(), ["a", "b"]);
}

#[test]
fn a_seen_goal_wins_at_once() {
    let mut p = Play::new(&challenge(vec![seen("deadlock")], 5));
    turn(&mut p, "a");
    p.apply(&ev("host", EventKind::Deadlock { cycle: vec![] }));
    assert_eq!(p.status, Status::Won);
}

#[test]
fn a_ruled_out_event_loses_at_once_not_at_the_run_end() {
    let mut forbid = seen("deadlock");
    forbid.expect = Expect::NotSeen;
    let mut p = Play::new(&challenge(vec![seen("exited"), forbid], 20));
    turn(&mut p, "a");
    assert_eq!(p.status, Status::Playing);
    let cycle = EventKind::Deadlock {
        cycle: vec!["a".into(), "b".into()],
    };
    p.apply(&ev("host", cycle));
    assert_eq!(p.status, Status::Lost(Lost::RuledOut));
    let line = p.verdict_line(&Text::default(), Lang::En).unwrap();
    assert!(line.starts_with("LOST: "), "{line}");
    assert!(!line.contains("deadlock"), "words, not event names: {line}");
}

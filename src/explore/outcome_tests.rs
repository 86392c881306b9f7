//! Outcomes keyed by a challenge's verdict, on hand-made events.

use super::*;
use crate::event::{Event, EventKind};
use crate::scenario::challenge::Challenge;
use crate::scenario::check_compare::{Bound, Cmp, Compare, Measure};
use crate::scenario::plan::{CheckSpec, Expect};
use crate::scenario::text::Text;

/// `fill-three`'s shape: at least 3 shoppers hold `rooms` at once.
fn fill_three(budget: u32) -> Challenge {
    let win = CheckSpec {
        label: Text::default(),
        event: String::new(),
        actor: None,
        fields: Default::default(),
        or_fields: Default::default(),
        expect: Expect::Seen,
        after_previous: false,
        compare: Some(Box::new(Compare::Measure {
            measure: Measure::MaxHolders("rooms".into()),
            cmp: Cmp::AtLeast(Bound::Num(3)),
        })),
    };
    Challenge {
        id: "fill-three".into(),
        title: Text::new("t", "t"),
        goal: Text::new("g", "g"),
        variant: None,
        sets: vec![],
        actors: vec!["s0".into(), "s1".into(), "s2".into()],
        budget,
        win: vec![win],
        debrief: Text::new("d", "d"),
    }
}

fn ev(actor: &str, kind: EventKind) -> Event {
    Event::new(1, actor, 1, kind)
}

fn lock(actor: &str, take: bool) -> Event {
    let lock = "rooms".to_string();
    ev(
        actor,
        if take {
            EventKind::LockAcquired { lock, count: None }
        } else {
            EventKind::LockReleased { lock, count: None }
        },
    )
}

/// The same final state for every run: nobody inside.
fn empty() -> Ending {
    Ending {
        key: "inside=0".into(),
        en: "inside = 0".into(),
        zh: "inside = 0".into(),
        wins: None,
    }
}

/// Play `holders` shoppers in at once, then all out, and judge the run.
fn played(holders: &[&str]) -> Ending {
    let mut p = Play::new(&fill_three(12));
    for who in holders {
        p.apply(&lock(who, true));
    }
    for who in holders {
        p.apply(&lock(who, false));
    }
    p.finish();
    judged(empty(), &p)
}

#[test]
fn runs_with_the_same_final_state_split_by_the_verdict() {
    let won = played(&["s0", "s1", "s2"]);
    assert_eq!(won.wins, Some(true));
    assert_eq!(won.key, "wins, most holding rooms=3, inside=0");
    assert_eq!(won.en, "wins: 3 hold rooms at once; inside = 0");
    assert!(won.zh.starts_with("获胜："), "{}", won.zh);
    let lost = played(&["s0", "s1"]);
    assert_eq!(lost.wins, Some(false));
    assert_eq!(lost.key, "does not win, most holding rooms=2, inside=0");
    assert!(lost.zh.starts_with("未获胜："), "{}", lost.zh);
    assert_ne!(won.key, lost.key);
    assert_ne!(
        played(&["s0"]).key,
        lost.key,
        "the goal's number splits too"
    );
}

#[test]
fn a_run_past_the_budget_says_so_and_its_progress_key_is_frozen() {
    let mut p = Play::new(&fill_three(1));
    let held = |a: &str| {
        ev(
            a,
            EventKind::Held {
                index: 0,
                text: "x".into(),
            },
        )
    };
    let granted = ev(
        "s0",
        EventKind::Granted {
            turn: 1,
            enabled: vec!["s0".into()],
        },
    );
    for a in ["s0", "s1", "s2"] {
        p.apply(&held(a));
    }
    p.apply(&granted);
    p.apply(&lock("s0", true));
    let before = p.progress_key();
    p.apply(&held("s0"));
    assert!(p.is_over(), "one step spent, s0 waits for a second");
    let decided = p.progress_key();
    assert_ne!(before, decided);
    p.apply(&lock("s1", true));
    assert_eq!(p.progress_key(), decided, "a decided play does not change");
    p.finish();
    let end = judged(empty(), &p);
    assert_eq!(end.wins, Some(false));
    assert!(
        end.key.starts_with("does not win in 1 steps, "),
        "{}",
        end.key
    );
    assert!(end.zh.starts_with("1 步内未获胜："), "{}", end.zh);
}

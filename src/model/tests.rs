use super::lanes::LaneState;
use super::*;
use crate::event::{Activity, ActorKind, Event, EventKind, Outcome};

fn ev(t_us: u64, actor: &str, pid: i32, kind: EventKind) -> Event {
    Event::new(t_us, actor, pid, kind)
}

fn spawned(t: u64, actor: &str, pid: i32, parent: Option<&str>) -> Event {
    ev(
        t,
        actor,
        pid,
        EventKind::Spawned {
            kind: ActorKind::Process,
            parent: parent.map(Into::into),
            daemon: false,
        },
    )
}

fn started_run() -> Model {
    let mut m = Model::new(&[]);
    m.apply(&ev(
        0,
        "host",
        10,
        EventKind::RunStarted {
            scenario: "zombie".into(),
            variant: None,
            seed: 1,
            speed: 1.0,
        },
    ));
    m.apply(&spawned(5, "main", 11, None));
    m.apply(&spawned(20, "child", 12, Some("main")));
    m
}

#[test]
fn zombie_lifecycle_shows_in_lane_and_tree() {
    let mut m = started_run();
    m.apply(&ev(30, "child", 12, EventKind::Started {}));
    m.apply(&ev(
        40,
        "child",
        12,
        EventKind::Exited {
            code: Some(0),
            signal: None,
            cause: None,
        },
    ));
    m.apply(&ev(
        50,
        "child",
        12,
        EventKind::ProcState { state: "Z".into() },
    ));
    assert_eq!(m.lane("child").unwrap().current(), LaneState::Zombie);
    assert!(m.tree.get(12).unwrap().is_zombie());
    assert_eq!(m.tree.get(12).unwrap().ppid, Some(11));
    m.apply(&ev(
        90,
        "child",
        12,
        EventKind::Reaped { by: "main".into() },
    ));
    let lane = m.lane("child").unwrap();
    assert_eq!(lane.state_at(45), Some(LaneState::Exited));
    assert_eq!(lane.state_at(60), Some(LaneState::Zombie));
    assert_eq!(lane.current(), LaneState::Gone);
    assert_eq!(m.tree.get(12).unwrap().reaped_by.as_deref(), Some("main"));
    assert!(m.log.lines().iter().any(|l| l.text.contains("zombie")));
}

#[test]
fn reparenting_moves_the_node() {
    let mut m = started_run();
    m.apply(&ev(
        60,
        "child",
        12,
        EventKind::Reparented {
            ppid: 10,
            from: Some(11),
        },
    ));
    let n = m.tree.get(12).unwrap();
    assert!(n.adopted());
    assert_eq!(n.ppid, Some(10));
}

#[test]
fn steps_drive_lane_states_and_signals_mark_killed() {
    let mut m = started_run();
    let step = |t, activity| {
        ev(
            t,
            "child",
            12,
            EventKind::Step {
                index: 0,
                op: "x".into(),
                text: "doing x".into(),
                activity,
                line: None,
                targets: None,
            },
        )
    };
    m.apply(&step(30, Activity::Sleeping));
    m.apply(&step(40, Activity::Working));
    m.apply(&ev(
        50,
        "child",
        12,
        EventKind::Exited {
            code: None,
            signal: Some("SIGTERM".into()),
            cause: None,
        },
    ));
    let lane = m.lane("child").unwrap();
    assert_eq!(lane.state_at(35), Some(LaneState::Sleeping));
    assert_eq!(lane.state_at(45), Some(LaneState::Working));
    assert_eq!(lane.current(), LaneState::Killed);
}

#[test]
fn run_end_settles_checks() {
    use crate::scenario::plan::{CheckSpec, Expect};
    use crate::scenario::text::Text;
    let spec = |event: &str, expect| CheckSpec {
        label: Text::new("x", "x"),
        event: event.into(),
        actor: Some("chi*".into()),
        fields: [("state".to_string(), serde_json::json!("Z"))].into(),
        or_fields: Default::default(),
        expect,
        after_previous: false,
        compare: None,
    };
    let mut m = Model::new(&[
        spec("proc_state", Expect::Seen),
        spec("proc_state", Expect::NotSeen),
    ]);
    m.apply(&ev(
        1,
        "child",
        12,
        EventKind::ProcState { state: "S".into() },
    ));
    assert_eq!(m.checks.items[0].verdict, checks::Verdict::Pending);
    m.apply(&ev(
        2,
        "child",
        12,
        EventKind::ProcState { state: "Z".into() },
    ));
    m.apply(&ev(
        3,
        "host",
        10,
        EventKind::RunEnded {
            outcome: Outcome::Completed,
            reason: None,
        },
    ));
    assert_eq!(m.checks.items[0].verdict, checks::Verdict::Passed);
    assert_eq!(m.checks.items[1].verdict, checks::Verdict::Failed);
    assert!(!m.checks.all_passed());
}

#[test]
fn pauses_are_kept_as_stretches() {
    let mut m = started_run();
    let control = |t, what: &str| ev(t, "host", 10, EventKind::Control { what: what.into() });
    m.apply(&control(100, "pause"));
    assert!(m.run.paused && m.run.paused_at(5_000));
    m.apply(&control(200, "resume"));
    m.apply(&control(300, "pause"));
    assert!(!m.run.paused_at(99) && m.run.paused_at(150) && !m.run.paused_at(250));
    assert!(m.run.paused_at(301));
}

//! The manager process as Python runs it: started by main as its own child
//! (ppid = main), shut down and reaped by main before main exits.

mod common;

use common::headless;
use conlab::event::EventKind;

#[test]
fn main_starts_the_manager_as_its_child_and_reaps_it_before_exiting() {
    let run = headless("manager-dict", &["--variant", "lock", "--speed", "4"]);
    run.assert_ok();
    let of = |actor: &'static str| run.events.iter().filter(move |e| e.actor == actor);
    let parent = of("manager").find_map(|e| match &e.kind {
        EventKind::Spawned { parent, .. } => Some(parent.clone()),
        _ => None,
    });
    assert_eq!(parent, Some(Some("main".to_string())), "main starts it");
    let main_started = of("main")
        .find(|e| matches!(e.kind, EventKind::Started {}))
        .expect("main started")
        .t_us;
    let spawned = of("manager")
        .find(|e| matches!(e.kind, EventKind::Spawned { .. }))
        .unwrap()
        .t_us;
    assert!(spawned >= main_started, "started once main runs");
    let ended = of("manager")
        .find_map(|e| match &e.kind {
            EventKind::Exited { code, signal, .. } => Some((*code, signal.clone(), e.t_us)),
            _ => None,
        })
        .expect("the manager exits");
    assert_eq!(
        (ended.0, ended.1.as_deref()),
        (Some(0), None),
        "asked to shut down, it exits 0"
    );
    let reaped_by = of("manager")
        .find_map(|e| match &e.kind {
            EventKind::Reaped { by } => Some(by.clone()),
            _ => None,
        })
        .expect("the manager is reaped");
    assert_eq!(reaped_by, "main");
    let main_exit = of("main")
        .find(|e| matches!(e.kind, EventKind::Exited { .. }))
        .expect("main exits")
        .t_us;
    assert!(
        ended.2 <= main_exit,
        "the manager is gone before main exits"
    );
    // Every worker's read of the value came after the manager listened.
    let listening = of("manager")
        .find(|e| matches!(e.kind, EventKind::Started {}))
        .expect("the manager listens")
        .t_us;
    let first_read = run
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::ValueRead { .. }))
        .map(|e| e.t_us)
        .min()
        .expect("values are read");
    assert!(listening <= first_read);
}

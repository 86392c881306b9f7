//! The explorer panel's keys: `x` opens and closes it (stopping the
//! exploration), a result is kept for the session, Enter replays.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::explorer::{names, report, screen};
use super::fixture::ended_run_state;
use crate::explore::{Bound, Progress};
use crate::scenario::text::Lang;
use crate::ui::app::{App, Effect};
use crate::ui::explorer_job::JobMsg;
use crate::ui::explorer_state::{spec_of, Status};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn x_opens_explores_and_closes_stopping_the_exploration() {
    let mut app = App::with_run(ended_run_state(), Lang::En);
    let want = spec_of(app.run.as_ref().unwrap());
    assert_eq!(want.bound, Bound::Auto);
    assert_eq!(want.workers, 2);
    assert_eq!(
        app.on_key(&key(KeyCode::Char('x'))),
        vec![Effect::Explore(want)]
    );
    assert!(app.run.as_ref().unwrap().explorer.is_some());
    assert_eq!(
        app.on_key(&key(KeyCode::Char('r'))),
        vec![],
        "run keys wait"
    );
    assert_eq!(app.on_key(&key(KeyCode::Esc)), vec![Effect::StopExplore]);
    assert!(app.run.as_ref().unwrap().explorer.is_none() && !app.quit);
    app.on_key(&key(KeyCode::Char('x')));
    assert_eq!(
        app.on_key(&key(KeyCode::Char('x'))),
        vec![Effect::StopExplore]
    );
    assert!(app.run.as_ref().unwrap().explorer.is_none());
}

#[test]
fn a_result_is_kept_and_enter_replays_the_chosen_schedule() {
    let mut app = App::with_run(ended_run_state(), Lang::En);
    app.on_key(&key(KeyCode::Char('x')));
    app.on_explore_msg(JobMsg::Progress(Progress {
        runs: 3,
        explored: 2,
        estimate: None,
    }));
    let panel = |app: &App| app.run.as_ref().unwrap().explorer.clone().unwrap();
    assert!(matches!(panel(&app).status, Status::Running(p) if p.runs == 3));
    app.on_explore_msg(JobMsg::Done(Ok(report())));
    assert_eq!(panel(&app).report(), Some(&report()));
    assert_eq!(app.on_key(&key(KeyCode::Down)), vec![]);
    assert_eq!(
        app.on_key(&key(KeyCode::Char('x'))),
        vec![],
        "nothing to stop"
    );
    // Reopened: at once, from the session's results, on the same row.
    assert_eq!(app.on_key(&key(KeyCode::Char('x'))), vec![]);
    assert_eq!(panel(&app).selected, 1);
    assert_eq!(panel(&app).report(), Some(&report()));
    let fx = app.on_key(&key(KeyCode::Enter));
    assert_eq!(fx, vec![Effect::Stop, Effect::Launch]);
    let run = app.run.as_ref().unwrap();
    assert!(
        run.explorer.is_none(),
        "the panel closes on the replayed run"
    );
    assert_eq!(run.schedule, names("thread0,thread1,thread1,thread0"));
}

#[test]
fn a_failed_exploration_says_why_and_is_not_kept() {
    let mut app = App::with_run(ended_run_state(), Lang::En);
    app.on_key(&key(KeyCode::Char('x')));
    app.on_explore_msg(JobMsg::Done(Err("no gated actor".into())));
    let s = screen(app.run.as_ref().unwrap(), Lang::En, 80, 24);
    assert!(s.contains("could not explore: no gated actor"), "{s}");
    assert_eq!(
        app.on_key(&key(KeyCode::Enter)),
        vec![],
        "nothing to replay"
    );
    app.on_key(&key(KeyCode::Esc));
    assert_eq!(
        app.on_key(&key(KeyCode::Char('x'))).len(),
        1,
        "explored again"
    );
}

#[test]
fn the_next_variant_runs_freely_again() {
    let mut run = super::tickets::race_run();
    assert!(!run.scenario.variants.is_empty());
    run.schedule = names("thread0,thread1");
    let mut app = App::with_run(run, Lang::En);
    assert_eq!(
        app.on_key(&key(KeyCode::Char('v'))),
        vec![Effect::Stop, Effect::Launch]
    );
    assert!(app.run.as_ref().unwrap().schedule.is_empty());
}

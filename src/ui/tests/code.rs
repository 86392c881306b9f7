//! The code pane (the Python listing with each actor at its line) in the
//! wide layout (beside the lesson) and as a tab on small screens, and the
//! panes at the time cursor: the run as it stood then.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;

use super::fixture::screen_with;
use crate::event::{Activity, ActorKind, Event, EventKind};
use crate::model::Declared;
use crate::scenario::text::Lang;
use crate::ui::app::App;
use crate::ui::state::{Pane, RunState, UiState};

fn ev(t_us: u64, actor: &str, pid: i32, kind: EventKind) -> Event {
    Event::new(t_us, actor, pid, kind)
}

fn at_line(t_us: u64, actor: &str, pid: i32, line: u32, activity: Activity) -> Event {
    let kind = EventKind::Step {
        index: 0,
        op: "step".into(),
        text: format!("line {line}"),
        activity,
        line: Some(line),
        targets: None,
    };
    ev(t_us, actor, pid, kind)
}

/// ticket-grab with the lock: main joining, buyer0 asleep inside the lock,
/// three more buyers blocked at `with lock:`.
fn locked_tickets() -> RunState {
    let s = crate::scenario::load("ticket-grab").expect("built in");
    let plan = s.plan(Some("lock"), &[]).unwrap();
    let mut run = RunState::new(s, Some("lock".into()), 1.0);
    run.model.declare(&Declared::of(&plan));
    let spawned = |parent: Option<&str>| EventKind::Spawned {
        kind: ActorKind::Process,
        parent: parent.map(str::to_string),
        daemon: false,
    };
    run.apply(&ev(1, "main", 100, spawned(None)));
    run.apply(&ev(2, "main", 100, EventKind::Started {}));
    run.apply(&at_line(3, "main", 100, 34, Activity::Waiting));
    for i in 0..4 {
        let (name, pid) = (format!("buyer{i}"), 200 + i);
        run.apply(&ev(10, &name, pid, spawned(Some("main"))));
        run.apply(&ev(11, &name, pid, EventKind::Started {}));
        run.apply(&at_line(12, &name, pid, 15, Activity::Blocked));
    }
    run.apply(&at_line(20, "buyer0", 200, 17, Activity::Sleeping));
    run
}

fn row_with<'a>(shown: &'a str, code: &str) -> &'a str {
    shown
        .lines()
        .find(|l| l.contains(code))
        .unwrap_or_else(|| panic!("no row shows {code:?}:\n{shown}"))
}

#[test]
fn code_pane_marks_each_actor_at_its_line_120x40() {
    let run = locked_tickets();
    let ui = UiState {
        lang: Lang::En,
        code_flip: Some(false), // at 120 columns the code shows when asked for
        ..UiState::default()
    };
    let shown = screen_with(&run, &ui, 120, 40);
    let lock_row = row_with(&shown, "with lock:    ");
    assert!(
        lock_row.contains("▒") && lock_row.contains("◀ buyer1 +2"),
        "{lock_row}"
    );
    assert!(row_with(&shown, "time.sleep").contains("◀ buyer0"));
    assert!(row_with(&shown, "p.join()").contains("◀ main"));
    assert!(
        !row_with(&shown, "p.start()").contains('◀'),
        "nobody is there"
    );
    assert_snapshot!(shown);
}

#[test]
fn code_pane_in_chinese_is_a_tab_at_80x24() {
    let run = locked_tickets();
    let ui = UiState {
        lang: Lang::Zh,
        pane: Pane::Code,
        ..UiState::default()
    };
    let shown = screen_with(&run, &ui, 80, 24);
    assert!(shown.contains("Python 代码"), "{shown}");
    assert!(row_with(&shown, "with lock:    ").contains("◀ buyer1 +2"));
    assert_snapshot!(shown);
}

#[test]
fn at_120_columns_the_log_shows_until_c_and_at_200_both_do() {
    let run = locked_tickets();
    let ui = UiState::default();
    assert!(
        !screen_with(&run, &ui, 120, 40).contains("with lock:    "),
        "log first"
    );
    let wide = screen_with(&run, &ui, 200, 60);
    assert!(
        wide.contains("with lock:    ") && wide.contains(" Log "),
        "both at 200x60"
    );
    let zh = UiState {
        lang: Lang::Zh,
        ..UiState::default()
    };
    let wide_zh = screen_with(&run, &zh, 200, 60);
    assert!(
        wide_zh.contains("# 网络延迟"),
        "Chinese comments:\n{wide_zh}"
    );
    let mut app = App::with_run(run, Lang::En);
    app.on_key(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    assert_eq!(app.ui.code_flip, Some(false));
    assert_eq!(app.ui.pane, Pane::Code, "the small screens' tab follows");
    app.on_key(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    assert_eq!(app.ui.pane, Pane::Log);
}

#[test]
fn a_lane_leaves_its_line_when_it_exits() {
    let mut run = locked_tickets();
    let lane = run.model.lane("buyer0").unwrap();
    assert_eq!(lane.line_at(20).map(|(_, l)| l), Some(17));
    assert_eq!(lane.line_at(15).map(|(_, l)| l), Some(15));
    assert_eq!(lane.line_at(5), None, "before it existed");
    let exited = EventKind::Exited {
        code: Some(0),
        signal: None,
        cause: None,
    };
    run.apply(&ev(30, "buyer0", 200, exited));
    assert_eq!(run.model.lane("buyer0").unwrap().line_at(31), None);
}

#[test]
fn c_holds_only_until_a_page_with_the_other_wish_comes_up() {
    use crate::model::lesson::LessonProgress;
    use crate::scenario::pages::Page;
    let mut run = locked_tickets();
    let mut code_page = Page::plain(crate::scenario::text::Text::new("look", "看"));
    code_page.panel = Some("code".into());
    let plain = Page::plain(crate::scenario::text::Text::new("on", "续"));
    let now = std::time::Instant::now();
    run.lesson = LessonProgress::new(&[code_page, plain], None, now);
    let shows_code = |run: &RunState, flip| {
        let ui = UiState {
            code_flip: flip,
            ..UiState::default()
        };
        screen_with(run, &ui, 120, 40).contains("with lock:    ")
    };
    assert!(shows_code(&run, None), "the page points at the code");
    assert!(!shows_code(&run, Some(true)), "c hid it on this page");
    assert!(run.lesson.next(now));
    assert!(!shows_code(&run, None));
    assert!(
        !shows_code(&run, Some(true)),
        "the hiding lapsed: not shown by itself here"
    );
    assert!(shows_code(&run, Some(false)), "c on this page shows it");
}

#[test]
fn at_the_time_cursor_the_locks_show_who_held_it_then() {
    let mut run = locked_tickets();
    let lock = |kind: fn(String) -> EventKind| kind("lock".into());
    let acquired = |l: String| EventKind::LockAcquired {
        lock: l,
        count: None,
    };
    let released = |l: String| EventKind::LockReleased {
        lock: l,
        count: None,
    };
    run.apply(&ev(30, "buyer0", 200, lock(acquired)));
    run.apply(&ev(
        31,
        "buyer1",
        201,
        lock(|l| EventKind::LockWait { lock: l }),
    ));
    run.apply(&ev(90, "buyer0", 200, lock(released)));
    run.apply(&ev(91, "buyer1", 201, lock(acquired)));
    let ui = UiState::default();
    let owner_row = |run: &RunState| {
        let shown = screen_with(run, &ui, 120, 40);
        row_with(&shown, "owner:").to_string()
    };
    assert!(owner_row(&run).contains("owner: buyer1"), "now");
    run.view.follow = false;
    run.view.cursor_us = 50;
    run.seek_past();
    let then = owner_row(&run);
    assert!(then.contains("owner: buyer0"), "at 50 µs: {then}");
    run.view.follow = true;
    run.seek_past();
    assert!(owner_row(&run).contains("owner: buyer1"), "live again");
}

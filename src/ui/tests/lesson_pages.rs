//! Lesson pages on screen: the page counter, what the next page waits for,
//! the keys that turn pages, and the panel a page points at.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;

use super::draw;
use crate::event::{Event, EventKind};
use crate::model::lesson::LessonProgress;
use crate::scenario::text::Lang;
use crate::ui::app::App;
use crate::ui::screen::RunScreen;
use crate::ui::state::{Pane, RunState, UiState};

fn tickets() -> RunState {
    let s = crate::scenario::load("ticket-grab").expect("built in");
    let mut run = RunState::new(s, Some("no-lock".into()), 1.0);
    run.lesson = LessonProgress::new(&run.scenario.pages, Some("no-lock"), Instant::now());
    run
}

fn read_tickets() -> Event {
    Event {
        t_us: 10,
        actor: "buyer0".into(),
        pid: 7,
        tid: None,
        kind: EventKind::ValueRead {
            name: "tickets".into(),
            value: serde_json::json!(1),
        },
    }
}

fn screen(run: &RunState, lang: Lang) -> String {
    super::fixture::screen(run, lang, Pane::Log, 120, 40)
}

#[test]
fn lesson_page_1_of_4_waiting_120x40() {
    let run = tickets();
    let shown = screen(&run, Lang::En);
    assert!(shown.contains("page 1/4"), "{shown}");
    assert!(
        shown.contains("next page waits for one of buyer… to read tickets"),
        "{shown}"
    );
    assert_snapshot!(shown);
}

#[test]
fn lesson_page_2_of_4_120x40_zh() {
    let mut run = tickets();
    run.apply(&read_tickets());
    assert!(run.lesson.next(Instant::now()));
    let shown = screen(&run, Lang::Zh);
    assert!(shown.contains("第 2/4 页"), "{shown}");
    assert!(shown.contains("人人都读到"));
    assert_snapshot!(shown);
}

#[test]
fn the_page_line_says_when_the_next_page_is_ready() {
    let mut run = tickets();
    let before = screen(&run, Lang::En);
    assert!(!before.contains("next ready"), "{before}");
    run.apply(&read_tickets());
    let after = screen(&run, Lang::En);
    assert!(after.contains("page 1/4 ▸ next ready"), "{after}");
    assert!(!after.contains("next page waits"), "{after}");
    let zh = screen(&run, Lang::Zh);
    assert!(zh.contains("下一页已就绪"), "{zh}");
}

#[test]
fn page_keys_wait_for_the_event_then_turn() {
    let mut app = App::with_run(tickets(), Lang::En);
    let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
    assert!(app.on_key(&key(KeyCode::Char(']'))).is_empty());
    let page = |app: &App| app.run.as_ref().unwrap().lesson.page;
    assert_eq!(page(&app), 0, "page 2 waits for a buyer to read the file");
    assert_eq!(app.ui.pane, Pane::Lesson, "the lesson tab comes forward");
    app.run.as_mut().unwrap().apply(&read_tickets());
    app.on_key(&key(KeyCode::PageDown));
    assert_eq!(page(&app), 1);
    app.on_key(&key(KeyCode::Char(']')));
    assert_eq!(page(&app), 1, "page 3 waits for the second write");
    app.on_key(&key(KeyCode::Char('[')));
    assert_eq!(page(&app), 0);
    app.on_key(&key(KeyCode::PageUp));
    assert_eq!(page(&app), 0);
}

#[test]
fn the_page_panel_is_framed_in_the_accent() {
    let mut run = tickets();
    run.lesson.pages[0].panel = Some("timeline".into());
    let ui = UiState::default();
    let t = draw(&RunScreen { run: &run, ui: &ui }, 120, 40);
    let buf = t.backend().buffer();
    // The accent as the theme paints it.
    let accent = ui.paint.theme.table().ink(crate::ui::frame::lit::ACCENT);
    let corner = super::find(buf, "╭ Timeline").expect("timeline frame");
    assert_eq!(buf[corner].fg, accent);
    let tree = super::find(buf, "╭ Processes").expect("tree frame");
    assert_ne!(buf[tree].fg, accent);
}

#[test]
fn autoplay_turns_pages_only_when_asked_and_after_the_dwell() {
    let t0 = Instant::now();
    let mut run = tickets();
    run.lesson = LessonProgress::new(&run.scenario.pages, Some("no-lock"), t0);
    run.apply(&read_tickets());
    let later = t0 + crate::model::lesson::AUTOPLAY_DWELL;
    assert!(!run.autoplay_tick(later), "autoplay is off");
    run.autoplay = true;
    assert!(!run.autoplay_tick(t0), "page 1 was just shown");
    assert!(run.autoplay_tick(later));
    assert_eq!(run.lesson.page, 1);
    let much_later = later + std::time::Duration::from_secs(60);
    assert!(
        !run.autoplay_tick(much_later),
        "page 3 waits for the second write"
    );
}

//! The findings pane on a learner's own program (`conlab py`): where a lesson
//! shows its checks, a producer/consumer that hung shows what went wrong and
//! at which line, in both languages, at 80x24 (a tab) and 120x40 (under the
//! lesson).

use std::time::Duration;

use insta::assert_snapshot;

use super::buffer;
use super::fixture::screen_with;
use crate::event::{Activity, ActorKind, Event, EventKind, Outcome, QueueSide};
use crate::model::lesson::LessonProgress;
use crate::model::{Declared, Model};
use crate::py::{lesson, PySpec};
use crate::scenario::text::Lang;
use crate::ui::screen::RunScreen;
use crate::ui::state::{Pane, RunState, UiState};
use crate::ui::width::str_width;
use ratatui::buffer::Buffer;

const FILE: &str = "import queue, threading\n\
orders = queue.Queue(maxsize=2)\n\
def producer():\n    for n in range(5):\n        orders.put(n)\n\
def consumer():\n    while True:\n        order = orders.get()\n        if order is None:\n            break\n\
p = threading.Thread(target=producer, name='producer')\n\
c = threading.Thread(target=consumer, name='consumer')\n\
p.start(); c.start()\np.join()\nc.join()\n";

fn ev(t: u64, actor: &str, kind: EventKind) -> Event {
    let pid = if actor == "host" { 1 } else { 7 };
    Event::new(t, actor, pid, kind)
}

fn step(t: u64, actor: &str, op: &str, text: &str, line: u32) -> Event {
    let (op, text) = (op.into(), text.into());
    let activity = Activity::Running;
    let line = Some(line);
    ev(
        t,
        actor,
        EventKind::Step {
            index: 0,
            op,
            text,
            activity,
            line,
            targets: None,
        },
    )
}

fn spawned(t: u64, actor: &str, kind: ActorKind, parent: Option<&str>) -> Event {
    let parent = parent.map(String::from);
    ev(
        t,
        actor,
        EventKind::Spawned {
            kind,
            parent,
            daemon: false,
        },
    )
}

/// The producer put five orders and ended; the consumer waits on the empty
/// queue at line 8 and the main thread in `c.join()` until the time limit.
fn hung_events() -> Vec<Event> {
    let q = || "orders".to_string();
    let mut all = vec![
        ev(
            0,
            "host",
            EventKind::RunStarted {
                scenario: "homework.py".into(),
                variant: None,
                seed: 1,
                speed: 1.0,
            },
        ),
        spawned(10, "MainProcess", ActorKind::Process, None),
        ev(20, "MainProcess", EventKind::Started {}),
        spawned(30, "producer", ActorKind::Thread, Some("MainProcess")),
        ev(31, "producer", EventKind::Started {}),
        spawned(40, "consumer", ActorKind::Thread, Some("MainProcess")),
        ev(41, "consumer", EventKind::Started {}),
    ];
    for n in 0..5u64 {
        let t = 100 + n * 50_000;
        all.push(step(t, "producer", "put", "orders.put(n)", 5));
        all.push(ev(
            t + 1,
            "producer",
            EventKind::QueuePut {
                queue: q(),
                item: Some(n as i64),
                len: 1,
                cap: 2,
            },
        ));
        all.push(step(t + 2, "consumer", "get", "order = orders.get()", 8));
        let from = "producer".into();
        all.push(ev(
            t + 3,
            "consumer",
            EventKind::QueueGet {
                queue: q(),
                item: Some(n as i64),
                from,
                len: 0,
                cap: 2,
            },
        ));
    }
    all.extend([
        ev(
            260_000,
            "producer",
            EventKind::Exited {
                code: Some(0),
                signal: None,
                cause: None,
            },
        ),
        step(260_100, "MainProcess", "join", "c.join()", 15),
        step(260_200, "consumer", "get", "order = orders.get()", 8),
        ev(
            260_201,
            "consumer",
            EventKind::QueueWait {
                queue: q(),
                side: QueueSide::Empty,
                len: 0,
                cap: 2,
            },
        ),
        ev(
            3_000_000,
            "MainProcess",
            EventKind::Exited {
                code: None,
                signal: Some("SIGKILL".into()),
                cause: None,
            },
        ),
        ev(
            3_000_100,
            "host",
            EventKind::RunEnded {
                outcome: Outcome::TimedOut,
                reason: None,
            },
        ),
    ]);
    all
}

pub(super) fn own_hung_run() -> RunState {
    let spec = PySpec {
        file: "/home/me/homework.py".into(),
        args: Vec::new(),
        cwd: "/home/me".into(),
    };
    let plan = lesson::plan(spec, FILE, Duration::from_secs(3), Lang::En);
    let scenario = lesson::scenario(plan.clone());
    let mut model = Model::new(&plan.checks);
    model.declare(&Declared::of(&plan));
    hung_events().iter().for_each(|e| model.apply(e));
    let mut run = RunState::new(scenario, None, 1.0);
    run.lesson = LessonProgress::new(&run.scenario.pages, None, std::time::Instant::now());
    run.model = model;
    run
}

/// The screen with the Findings tab chosen (Tab moved to it on this page).
fn findings_screen(lang: Lang, w: u16, h: u16) -> String {
    let (run, ui) = chosen(lang);
    screen_with(&run, &ui, w, h)
}

fn chosen(lang: Lang) -> (RunState, UiState) {
    let mut run = own_hung_run();
    run.choose_tab();
    let ui = UiState {
        lang,
        pane: Pane::Checks,
        ..UiState::default()
    };
    (run, ui)
}

/// Row `y` as (x, symbol) with the cell a wide character covers left out.
fn cells(buf: &Buffer, y: u16) -> Vec<(u16, String)> {
    let mut out = Vec::new();
    let mut x = 0;
    while x < buf.area.width {
        let sym = buf[(x, y)].symbol().to_string();
        let w = str_width(&sym).max(1) as u16;
        out.push((x, sym));
        x += w;
    }
    out
}

/// The text inside the frame titled `title` (its rows joined), so a finding
/// wrapped over two rows reads as one.
fn pane_text(run: &RunState, ui: &UiState, w: u16, h: u16, title: &str) -> String {
    let buf = buffer(&RunScreen { run, ui }, w, h);
    let needle = format!("╭ {title}");
    let (ty, row) = (0..h)
        .map(|y| (y, cells(&buf, y)))
        .find(|(_, r)| {
            r.iter()
                .map(|c| c.1.as_str())
                .collect::<String>()
                .contains(&needle)
        })
        .unwrap_or_else(|| panic!("no {title}:\n{}", super::text(&buf)));
    let text: String = row.iter().map(|c| c.1.as_str()).collect();
    let at = text[..text.find(&needle).unwrap_or(0)].chars().count();
    let left = row[at].0;
    let right = row[at..].iter().find(|c| c.1 == "╮").expect("a frame").0;
    let mut out = String::new();
    for y in ty + 1..h {
        if buf[(left, y)].symbol() == "╰" {
            break;
        }
        let inside = cells(&buf, y)
            .into_iter()
            .filter(|c| c.0 > left && c.0 < right);
        inside.for_each(|c| out.push_str(&c.1));
        out.push('\n');
    }
    out
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn findings_pane_80x24_en() {
    let text = findings_screen(Lang::En, 80, 24);
    assert!(!text.contains("makes no checks"), "{text}");
    let (run, ui) = chosen(Lang::En);
    let pane = pane_text(&run, &ui, 80, 24, "Findings");
    let f = flat(&pane);
    for said in [
        "line 8: consumer",
        "missing sentinel",
        "time limit",
        "c.join()",
    ] {
        assert!(f.contains(&flat(said)), "{said}:\n{pane}");
    }
    assert_snapshot!(text);
}

#[test]
fn findings_pane_80x24_zh() {
    let text = findings_screen(Lang::Zh, 80, 24);
    let (run, ui) = chosen(Lang::Zh);
    let pane = pane_text(&run, &ui, 80, 24, "发现");
    let f = flat(&pane);
    for said in ["第 8 行：consumer", "结束标记", "时间限制"] {
        assert!(f.contains(&flat(said)), "{said}:\n{pane}");
    }
    assert_snapshot!(text);
}

#[test]
fn findings_under_the_lesson_at_120x40_in_both_languages() {
    for (lang, title, said) in [
        (Lang::En, "Findings", "missing sentinel"),
        (Lang::Zh, "发现", "结束标记"),
    ] {
        let run = own_hung_run();
        let ui = UiState {
            lang,
            ..UiState::default()
        };
        let text = screen_with(&run, &ui, 120, 40);
        let pane = pane_text(&run, &ui, 120, 40, title);
        assert!(flat(&pane).contains(&flat(said)), "{lang:?}:\n{pane}");
        assert!(!text.contains("makes no checks") && !text.contains("没有检查项"));
    }
}

#[test]
fn a_lesson_still_shows_its_checks() {
    let run = super::fixture::ended_run_state();
    let ui = UiState {
        pane: Pane::Checks,
        ..UiState::default()
    };
    let text = screen_with(&run, &ui, 120, 40);
    assert!(
        text.contains("Checks") && !text.contains("Findings"),
        "{text}"
    );
}

#[test]
fn at_80x24_the_findings_come_up_when_the_program_ends_and_tab_goes_on() {
    let run = own_hung_run();
    assert_eq!(run.tab_pane(Pane::Log), Pane::Checks, "ended: findings");
    let mut app = crate::ui::app::App::with_run(run, Lang::En);
    let tab = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Tab,
        crossterm::event::KeyModifiers::NONE,
    );
    app.on_key(&tab);
    assert_ne!(app.tab_shown(), Pane::Checks, "Tab moves on");
    // While it runs, the page's code pane stays.
    let mut running = own_hung_run();
    running.model.run.outcome = None;
    assert_eq!(running.tab_pane(Pane::Log), Pane::Code);
}

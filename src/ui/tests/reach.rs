//! At 80x24 every panel a lesson page points at is one key away: for every
//! built-in lesson, variant and page with a `panel`, the page turn (`]`)
//! brings the panel up, framed in the accent with its name in the title,
//! even after Tab chose another pane; the first page's panel is up at once.
//! Run with `--nocapture` for the count per lesson.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;

use super::{buffer, row};
use crate::event::{Event, EventKind};
use crate::model::lesson::LessonProgress;
use crate::model::{Declared, Model};
use crate::scenario::text::Lang;
use crate::scenario::Scenario;
use crate::ui::app::App;
use crate::ui::frame::framed::pane_name;
use crate::ui::frame::lit::ACCENT;
use crate::ui::screen::RunScreen;
use crate::ui::state::{Pane, RunState};
use crate::ui::width::str_width;
use crate::ui::words::tr;

/// A run of `s` as launched, every page reachable (the pages' moments are
/// another test's business: here only where each page leads matters), and
/// each lock it declares or its pages name taken and let go once, as a run has done by the time
/// its pages about locks come (a lock's panel shows once a lock is used).
fn opened(s: &Scenario, variant: Option<&str>) -> RunState {
    let mut s = s.clone();
    // The locks the pages' moments name (the lab's GIL is not declared).
    let mut locks: Vec<String> = Vec::new();
    for p in &mut s.pages {
        let moment = p.wait_for.take();
        let named = moment.as_ref().and_then(|w| w.fields.get("lock"));
        locks.extend(named.and_then(|l| l.as_str()).map(str::to_string));
    }
    let plan = s.plan(variant, &[]).expect("a built-in plan");
    locks.extend(plan.locks.iter().map(|l| l.name.clone()));
    let mut run = RunState::new(s.clone(), plan.variant.clone(), 1.0);
    run.model = Model::new(&plan.checks);
    run.model.declare(&Declared::of(&plan));
    for (t_us, lock) in (1..).step_by(2).zip(locks) {
        let touch = |t_us, kind| Event {
            t_us,
            actor: "main".into(),
            pid: 1,
            tid: None,
            kind,
        };
        let count = None;
        let held = EventKind::LockAcquired {
            lock: lock.clone(),
            count,
        };
        run.model.apply(&touch(t_us, held));
        run.model
            .apply(&touch(t_us + 1, EventKind::LockReleased { lock, count }));
    }
    run.lesson = LessonProgress::new(&s.pages, plan.variant.as_deref(), Instant::now());
    run
}

/// The title a panel has on screen.
fn title(panel: &str, lang: Lang) -> &'static str {
    match panel {
        "tree" => tr(lang, "Processes", "进程树"),
        "timeline" => tr(lang, "Timeline", "时间线"),
        p => pane_name(Pane::of_panel(p).expect("a known panel")).get(lang),
    }
}

/// Whether `name` is in the title of a frame drawn in the accent: the
/// frame's top-left corner, left of the name on its row, is lit.
fn lit_title(buf: &Buffer, name: &str, accent: ratatui::style::Color) -> bool {
    (0..buf.area.height).any(|y| {
        // Each character once, with its column (a wide one covers two).
        let mut cells = Vec::new();
        let mut x = 0;
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            cells.push((x, sym));
            x += u16::try_from(str_width(sym).max(1)).unwrap_or(1);
        }
        (0..cells.len()).any(|i| {
            let text: String = cells[i..].iter().map(|c| c.1).collect();
            text.starts_with(name)
                && cells[..i]
                    .iter()
                    .rev()
                    .find(|c| matches!(c.1, "╭" | "┌" | "┏"))
                    .is_some_and(|c| buf[(c.0, y)].fg == accent)
        })
    })
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

/// Walk one lesson's pages in `lang`; returns (pages with a panel, reached).
fn walk(s: &Scenario, variant: Option<&str>, lang: Lang) -> (usize, Vec<String>) {
    let mut app = App::with_run(opened(s, variant), lang);
    let accent = app.ui.paint.theme.table().ink(ACCENT);
    let pages = app.run.as_ref().unwrap().lesson.pages.clone();
    let mut missed = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        if i > 0 {
            // The teacher had looked at another pane; one key turns the page.
            app.on_key(&key(KeyCode::Tab));
            app.on_key(&key(KeyCode::Char(']')));
        }
        let run = app.run.as_ref().unwrap();
        assert_eq!(run.lesson.page, i, "{} page {}: turned", s.id, i + 1);
        let Some(panel) = page.panel.as_deref() else {
            continue;
        };
        let buf = buffer(&RunScreen { run, ui: &app.ui }, 80, 24);
        if !lit_title(&buf, title(panel, lang), accent) {
            let screen: Vec<String> = (0..24).map(|y| row(&buf, y)).collect();
            missed.push(format!("page {} {panel}:\n{}", i + 1, screen.join("\n")));
        }
    }
    (pages.iter().filter(|p| p.panel.is_some()).count(), missed)
}

#[test]
fn every_panel_a_page_points_at_is_one_key_away_at_80x24() {
    let mut missed = Vec::new();
    for s in crate::scenario::builtin() {
        let variants: Vec<Option<&str>> = match s.variants.as_slice() {
            [] => vec![None],
            vs => vs.iter().map(|v| Some(v.name.as_str())).collect(),
        };
        for v in variants {
            for lang in [Lang::En, Lang::Zh] {
                let (panels, miss) = walk(&s, v, lang);
                let reached = panels - miss.len();
                let v = v.unwrap_or("-");
                println!("reach {} {v} {lang:?}: {reached}/{panels}", s.id);
                missed.extend(
                    miss.into_iter()
                        .map(|m| format!("{} {v} {lang:?} {m}", s.id)),
                );
            }
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n\n"));
}

//! The chapters of a recording (`conlab rec`): each lesson page turned to,
//! and the lesson's key moments as the model tells them — a zombie seen, an
//! orphan adopted, a deadlock found, the first broken invariant (oversold, a
//! lost update) — labelled in the screen's language. The cast writes each as
//! an asciicast marker, so the player lists them and can pause on them.

use std::collections::BTreeSet;

use super::choices::victim_order;
use super::state::RunState;
use super::width::truncate;
use crate::model::outcome::{Outcome, Tone};
use crate::scenario::text::Lang;

/// The longest label (cells): the player shows them in a narrow menu.
const LABEL_W: usize = 60;

/// What has been marked already, so each moment is marked once.
#[derive(Debug, Default)]
pub(crate) struct Markers {
    page: Option<usize>,
    zombies: BTreeSet<i32>,
    adopted: BTreeSet<i32>,
    deadlocks: usize,
    broke: bool,
}

impl Markers {
    /// The labels of what is new in `run` since the last look, in the
    /// order a viewer meets them: the page first, then the moments.
    pub fn new_labels(&mut self, run: &RunState, lang: Lang) -> Vec<String> {
        // A moment first, then the page it may have opened in the same frame.
        let mut out = self.lifecycle(run, lang);
        out.extend(self.deadlocks(run, lang));
        out.extend(self.broken(run, lang));
        out.extend(self.page(run, lang));
        out.into_iter()
            .map(|l| truncate(&l, LABEL_W).into_owned())
            .collect()
    }

    /// Zombies seen and orphans adopted, in the lessons that speak of them
    /// (elsewhere a process is a zombie for an instant before it is reaped).
    fn lifecycle(&mut self, run: &RunState, lang: Lang) -> Vec<String> {
        let (zombies, orphans) = (speaks_of(run, "proc_state"), speaks_of(run, "reparented"));
        let mut out = Vec::new();
        for n in run.model.tree.nodes() {
            if zombies && n.seen_zombie && self.zombies.insert(n.pid) {
                out.push(match lang {
                    Lang::En => format!("zombie: {} (pid {})", n.actor, n.pid),
                    Lang::Zh => format!("僵尸进程：{}（pid {}）", n.actor, n.pid),
                });
            }
            if orphans && n.adopted() && self.adopted.insert(n.pid) {
                let by = n.ppid.unwrap_or(0);
                out.push(match lang {
                    Lang::En => format!("orphan adopted: {} by pid {by}", n.actor),
                    Lang::Zh => format!("孤儿被收养：{} 由 pid {by} 收养", n.actor),
                });
            }
        }
        out
    }

    /// The first deadlock and the second (the lesson's "and again"); more
    /// would bury the pages under the lab's own breaking.
    fn deadlocks(&mut self, run: &RunState, lang: Lang) -> Vec<String> {
        let history = run.model.deadlocks.history();
        let new = history.iter().enumerate().skip(self.deadlocks).take(2);
        let out = new
            .filter(|(i, _)| *i < 2)
            .map(|(i, found)| {
                let who = victim_order(found.members()).join(" ⇄ ");
                match (lang, i) {
                    (Lang::En, 0) => format!("deadlock: {who}"),
                    (Lang::En, _) => format!("deadlock again: {who}"),
                    (Lang::Zh, 0) => format!("死锁：{who}"),
                    (Lang::Zh, _) => format!("再次死锁：{who}"),
                }
            })
            .collect();
        self.deadlocks = history.len();
        out
    }

    /// The first broken invariant (oversold, a lost update), as the outcome line says it.
    fn broken(&mut self, run: &RunState, lang: Lang) -> Option<String> {
        let model = &run.model;
        if self.broke || !model.has_shared_state() {
            return None;
        }
        let said = Outcome::of(model);
        let bad = said.sentences.iter().find(|s| s.tone == Tone::Bad)?;
        self.broke = true;
        Some(match lang {
            Lang::En => bad.en.clone(),
            Lang::Zh => bad.zh.clone(),
        })
    }

    /// `page 2/5: The child has exited…` when the page on screen changed.
    fn page(&mut self, run: &RunState, lang: Lang) -> Option<String> {
        let lesson = &run.lesson;
        let page = lesson.current()?;
        if self.page == Some(lesson.page) {
            return None;
        }
        self.page = Some(lesson.page);
        let first = first_sentence(page.text.get(lang));
        let (n, of) = (lesson.page + 1, lesson.pages.len());
        Some(match lang {
            Lang::En => format!("page {n}/{of}: {first}"),
            Lang::Zh => format!("第 {n}/{of} 页：{first}"),
        })
    }
}

/// Whether the lesson's pages or checks wait for this kind of event.
fn speaks_of(run: &RunState, event: &str) -> bool {
    let pages = run
        .scenario
        .pages
        .iter()
        .filter_map(|p| p.wait_for.as_ref());
    let checks = run.model.checks.items.iter().map(|c| &c.spec);
    pages.chain(checks).any(|spec| spec.event == event)
}

/// Up to the first full stop that ends a sentence (`p.join()` does not).
fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    let end = [". ", ".\n", "。", "\n\n"]
        .iter()
        .filter_map(|stop| text.find(stop))
        .min()
        .unwrap_or(text.len());
    text[..end].trim()
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::event::{ActorKind, Event, EventKind};
    use crate::model::lesson::LessonProgress;

    fn event(t_us: u64, actor: &str, pid: i32, kind: EventKind) -> Event {
        Event {
            t_us,
            actor: actor.into(),
            pid,
            tid: None,
            kind,
        }
    }

    fn spawned(parent: Option<&str>) -> EventKind {
        EventKind::Spawned {
            kind: ActorKind::Process,
            parent: parent.map(str::to_string),
            daemon: false,
        }
    }

    #[test]
    fn a_page_label_is_its_first_sentence() {
        assert_eq!(
            first_sentence("main called p.join(). Then"),
            "main called p.join()"
        );
        assert_eq!(first_sentence("子进程退出了。它的"), "子进程退出了");
        assert_eq!(first_sentence(" one line "), "one line");
    }

    #[test]
    fn a_zombie_is_marked_once_after_the_first_page() {
        let s = crate::scenario::load("zombie").expect("built in");
        let mut run = RunState::new(s, None, 1.0);
        run.lesson = LessonProgress::new(&run.scenario.pages, None, Instant::now());
        let mut m = Markers::default();
        let first = m.new_labels(&run, Lang::En);
        assert_eq!(first.len(), 1, "{first:?}");
        assert!(first[0].starts_with("page 1/5: "), "{first:?}");
        assert!(m.new_labels(&run, Lang::En).is_empty(), "nothing new");
        run.apply(&event(1, "main", 10, spawned(None)));
        run.apply(&event(2, "child", 11, spawned(Some("main"))));
        let z = EventKind::ProcState { state: "Z".into() };
        run.apply(&event(3, "child", 11, z.clone()));
        assert_eq!(m.new_labels(&run, Lang::Zh), ["僵尸进程：child（pid 11）"]);
        run.apply(&event(4, "child", 11, z));
        assert!(m.new_labels(&run, Lang::En).is_empty(), "marked once");
    }

    #[test]
    fn a_lesson_not_about_zombies_gets_no_zombie_markers() {
        let s = crate::scenario::load("ticket-grab").expect("built in");
        let mut run = RunState::new(s, Some("no-lock".into()), 1.0);
        run.apply(&event(1, "main", 10, spawned(None)));
        run.apply(&event(2, "buyer0", 11, spawned(Some("main"))));
        let z = EventKind::ProcState { state: "Z".into() };
        run.apply(&event(3, "buyer0", 11, z));
        let mut m = Markers::default();
        let labels = m.new_labels(&run, Lang::En);
        assert!(labels.iter().all(|l| !l.contains("zombie")), "{labels:?}");
    }
}

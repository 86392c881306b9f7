//! The chapters of a recording (`conlab rec`): each lesson page turned to,
//! and the lesson's key moments as the model tells them — a zombie seen, an
//! orphan adopted, a deadlock found, the first broken invariant (oversold, a
//! lost update) — labelled in the screen's language. The cast writes each as
//! an asciicast marker, so the player lists them and can pause on them.

use std::collections::BTreeSet;

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
        let mut out: Vec<String> = self.page(run, lang).into_iter().collect();
        let model = &run.model;
        for n in model.tree.nodes() {
            if n.seen_zombie && self.zombies.insert(n.pid) {
                out.push(match lang {
                    Lang::En => format!("zombie: {} (pid {})", n.actor, n.pid),
                    Lang::Zh => format!("僵尸进程：{}（pid {}）", n.actor, n.pid),
                });
            }
            if n.adopted() && self.adopted.insert(n.pid) {
                let by = n.ppid.unwrap_or(0);
                out.push(match lang {
                    Lang::En => format!("orphan adopted: {} by pid {by}", n.actor),
                    Lang::Zh => format!("孤儿被收养：{} 由 pid {by} 收养", n.actor),
                });
            }
        }
        for found in model.deadlocks.history().iter().skip(self.deadlocks) {
            let who: Vec<&str> = found.members().collect();
            out.push(match lang {
                Lang::En => format!("deadlock: {}", who.join(" ⇄ ")),
                Lang::Zh => format!("死锁：{}", who.join(" ⇄ ")),
            });
        }
        self.deadlocks = model.deadlocks.history().len();
        if !self.broke && model.has_shared_state() {
            let said = Outcome::of(model);
            if let Some(bad) = said.sentences.iter().find(|s| s.tone == Tone::Bad) {
                self.broke = true;
                out.push(match lang {
                    Lang::En => bad.en.clone(),
                    Lang::Zh => bad.zh.clone(),
                });
            }
        }
        out.into_iter()
            .map(|l| truncate(&l, LABEL_W).into_owned())
            .collect()
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
}

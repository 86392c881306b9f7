//! The timeline's word on coroutines: their lanes (`C`) are tasks that take
//! turns on one OS thread, the thread of the actor running their event loop,
//! and the legend names that thread and its tid.

use crate::event::ActorKind;
use crate::model::lanes::Lane;
use crate::scenario::text::Lang;

/// The words after the `C` badge in the legend, when the run has coroutines:
/// `tasks of main's thread (tid 4242)` when they share one loop.
pub(in crate::ui) fn loop_note(lanes: &[Lane], lang: Lang) -> Option<String> {
    let mut tasks = lanes.iter().filter(|l| l.kind == ActorKind::Coroutine);
    let first = tasks.next()?;
    let one_loop = tasks.all(|l| l.parent == first.parent && l.tid == first.tid);
    let parent = first.parent.as_deref().filter(|_| one_loop);
    Some(match (parent, first.tid, lang) {
        (Some(p), Some(t), Lang::En) => format!("tasks of {p}'s thread (tid {t})"),
        (Some(p), Some(t), Lang::Zh) => format!("{p} 线程上的协程（tid {t}）"),
        (_, _, Lang::En) => "tasks, each on its parent's thread".into(),
        (_, _, Lang::Zh) => "协程，各在父线程上".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(name: &str, parent: &str, tid: i32) -> Lane {
        let mut l = Lane::new(name, ActorKind::Coroutine, 7, 0);
        l.parent = Some(parent.into());
        l.tid = Some(tid);
        l
    }

    #[test]
    fn the_note_names_the_one_thread_its_tasks_share() {
        let main = Lane::new("main", ActorKind::Process, 7, 0);
        assert_eq!(loop_note(std::slice::from_ref(&main), Lang::En), None);
        let lanes = [main, task("t0", "main", 7), task("t1", "main", 7)];
        let en = loop_note(&lanes, Lang::En).unwrap();
        assert_eq!(en, "tasks of main's thread (tid 7)");
        let zh = loop_note(&lanes, Lang::Zh).unwrap();
        assert_eq!(zh, "main 线程上的协程（tid 7）");
        let two = [task("t0", "main", 7), task("u0", "looper", 9)];
        let en = loop_note(&two, Lang::En).unwrap();
        assert_eq!(en, "tasks, each on its parent's thread");
    }
}

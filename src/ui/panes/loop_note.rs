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
    let root = loop_thread(lanes, first);
    let one_loop = tasks.all(|l| loop_thread(lanes, l) == root && l.tid == first.tid);
    let parent = root.filter(|_| one_loop);
    Some(match (parent, first.tid, lang) {
        (Some(p), Some(t), Lang::En) => format!("tasks of {p}'s thread (tid {t})"),
        (Some(p), Some(t), Lang::Zh) => format!("{p} 线程上的协程（tid {t}）"),
        (_, _, Lang::En) => "tasks, each on its parent's thread".into(),
        (_, _, Lang::Zh) => "协程，各在父线程上".into(),
    })
}

/// The thread or process whose loop runs a task: its parent, or, for a task
/// made by another task (asyncio's create_task in a coroutine), that task's.
fn loop_thread<'a>(lanes: &'a [Lane], task: &'a Lane) -> Option<&'a str> {
    let mut at = task;
    for _ in 0..lanes.len() {
        let parent = at.parent.as_deref()?;
        match lanes.iter().find(|l| l.actor == parent) {
            Some(p) if p.kind == ActorKind::Coroutine => at = p,
            _ => return Some(parent),
        }
    }
    at.parent.as_deref()
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
        // Tasks made by a task (asyncio) run on the loop of its thread.
        let nested = [
            Lane::new("MainProcess", ActorKind::Process, 7, 0),
            task("main", "MainProcess", 7),
            task("sleeper", "main", 7),
        ];
        let en = loop_note(&nested, Lang::En).unwrap();
        assert_eq!(en, "tasks of MainProcess's thread (tid 7)");
        let two = [task("t0", "main", 7), task("u0", "looper", 9)];
        let en = loop_note(&two, Lang::En).unwrap();
        assert_eq!(en, "tasks, each on its parent's thread");
    }
}

//! Conditions and barriers in the locks panel and the wait-for graph.

use super::{buffer, text};
use crate::event::{Event, EventKind};
use crate::model::Model;
use crate::scenario::text::Lang;
use crate::ui::locks_pane::LocksPane;
use crate::ui::waitfor_pane::WaitForPane;
use crate::ui::window::Window;

fn apply(m: &mut Model, t_us: u64, actor: &str, kind: EventKind) {
    m.apply(&Event {
        t_us,
        actor: actor.into(),
        pid: 7,
        tid: Some(8),
        kind,
    });
}

fn locks(m: &Model, lang: Lang) -> String {
    let pane = LocksPane {
        model: m,
        window: Window::new(10, 20),
        lang,
    };
    text(&buffer(&pane, 60, 14))
}

fn cond_waits(m: &mut Model) {
    for (t, who) in [(1, "d0"), (2, "d1")] {
        let kind = EventKind::LockAcquired {
            lock: "cond".into(),
            count: Some(1),
        };
        apply(m, t, who, kind);
        apply(
            m,
            t,
            who,
            EventKind::CondWait {
                lock: "cond".into(),
            },
        );
        let kind = EventKind::LockReleased {
            lock: "cond".into(),
            count: Some(0),
        };
        apply(m, t, who, kind);
    }
    let kind = EventKind::LockAcquired {
        lock: "cond".into(),
        count: Some(1),
    };
    apply(m, 3, "chef", kind);
}

#[test]
fn a_condition_shows_its_lock_holder_and_who_waits_for_a_notify() {
    let mut m = Model::new(&[]);
    cond_waits(&mut m);
    let all = locks(&m, Lang::En);
    assert!(all.contains("cond  condition  owner: chef"), "{all}");
    assert!(all.contains("waits for notify: d0 → d1"), "{all}");
    let kind = EventKind::CondWoken {
        lock: "cond".into(),
        notified: true,
    };
    apply(&mut m, 4, "d0", kind);
    let all = locks(&m, Lang::En);
    assert!(all.contains("waits for notify: d1"), "d0 woke: {all}");
    let zh = locks(&m, Lang::Zh).replace(' ', "");
    assert!(zh.contains("等待通知：d1"), "{zh}");
}

#[test]
fn the_wait_for_graph_has_an_edge_for_a_notify_and_a_barrier() {
    let mut m = Model::new(&[]);
    cond_waits(&mut m);
    let kind = EventKind::BarrierWait {
        barrier: "start".into(),
        arrived: 1,
        parties: 3,
    };
    apply(&mut m, 5, "r0", kind);
    let pane = WaitForPane {
        model: &m,
        lang: Lang::En,
    };
    let all = text(&buffer(&pane, 70, 6));
    assert!(all.contains("d0, d1 ──waits──▶ [cond.wait()]"), "{all}");
    assert!(all.contains("r0 ──waits──▶ [start.wait()]"), "{all}");
    assert!(
        m.deadlocks.graph.stuck().is_empty(),
        "a wait for a notify is no deadlock"
    );
}

#[test]
fn a_barrier_counts_arrivals_and_shows_broken() {
    let mut m = Model::new(&[]);
    for (t, who) in [(1, "r0"), (2, "r1")] {
        let kind = EventKind::BarrierWait {
            barrier: "start".into(),
            arrived: t as u32,
            parties: 4,
        };
        apply(&mut m, t, who, kind);
    }
    let all = locks(&m, Lang::En);
    assert!(all.contains("start  barrier  arrived 2/4"), "{all}");
    assert!(all.contains("waiting: r0 r1"), "{all}");
    let kind = EventKind::BarrierBroken {
        barrier: "start".into(),
        timed_out: true,
    };
    apply(&mut m, 3, "r0", kind);
    let all = locks(&m, Lang::En);
    assert!(all.contains("start  barrier  broken ✗"), "{all}");
    let zh = locks(&m, Lang::Zh).replace(' ', "");
    assert!(zh.contains("栅栏已破损✗"), "{zh}");
    let kind = EventKind::BarrierAbort {
        barrier: "start".into(),
        reset: true,
    };
    apply(&mut m, 4, "main", kind);
    assert!(
        locks(&m, Lang::En).contains("arrived 1/4"),
        "whole again, r1 still there"
    );
}

//! A made-up run that looks like a real one, for the store's benchmark and
//! tests: many thread actors that step (work, sleep, print with numbers in
//! the text), take and release locks, write a shared value, and pass items
//! through a bounded queue (every eighth worker puts, the others get); times advance a few µs per event and now and then
//! arrive a little out of order, as events from several processes do.

use crate::event::{Activity, ActorKind, Event, EventKind, Outcome};
use rand::{rngs::StdRng, Rng, SeedableRng};

/// `n` events of a run with `actors` workers (plus `host`), from `seed`.
pub fn sample_run(n: usize, actors: usize, seed: u64) -> Vec<Event> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(n);
    let mut t = 0u64;
    let host = |t, kind| Event::new(t, "host", 100, kind);
    out.push(host(
        t,
        EventKind::RunStarted {
            scenario: "sample".into(),
            variant: None,
            seed,
            speed: 1.0,
        },
    ));
    let name = |a: usize| format!("worker-{a}");
    let mut next_item = 0i64;
    let mut queue_len = 0u32;
    let mut in_queue = std::collections::VecDeque::new();
    let mut started = vec![false; actors.max(1)];
    while out.len() < n {
        t += rng.gen_range(1..20);
        let a = rng.gen_range(0..actors.max(1));
        let actor = name(a);
        let mut e = Event::new(t, &actor, 100, step(0, "start", "start", Activity::Running));
        e.tid = Some(1000 + a as i32);
        // Each actor is spawned and started before it does anything.
        if !started[a] {
            started[a] = true;
            let parent = Some("host".to_string());
            let spawned = EventKind::Spawned {
                kind: ActorKind::Thread,
                parent,
                daemon: false,
            };
            let mut born = Event::new(t, &actor, 100, spawned);
            born.tid = e.tid;
            out.push(born);
            e.kind = EventKind::Started {};
            out.push(e);
            continue;
        }
        // A few events arrive up to 50 µs late.
        if rng.gen_ratio(1, 50) {
            e.t_us = t.saturating_sub(rng.gen_range(0..50));
        }
        let lock = format!("lock{}", a % 4);
        e.kind = match rng.gen_range(0..12) {
            0 => step(1, "work", "work 5 ms", Activity::Working),
            1 => step(2, "sleep", "sleep 0.01s", Activity::Sleeping),
            2 => EventKind::Print {
                text: format!("{actor} counted {}", rng.gen_range(0..100_000)),
            },
            3 => EventKind::LockWait { lock },
            4 => EventKind::LockAcquired { lock, count: None },
            5 => EventKind::LockReleased { lock, count: None },
            6 => EventKind::Value {
                name: "counter".into(),
                value: serde_json::json!(rng.gen_range(0..1_000_000)),
            },
            7 | 8 if queue_len < 8 && a % 8 == 0 => {
                next_item += 1;
                queue_len += 1;
                in_queue.push_back((actor.clone(), next_item));
                let (queue, item) = ("jobs".to_string(), Some(next_item));
                EventKind::QueuePut {
                    queue,
                    item,
                    len: queue_len,
                    cap: 8,
                }
            }
            7..=9 if queue_len > 0 && a % 8 != 0 => {
                queue_len -= 1;
                let (from, item) = in_queue.pop_front().expect("an item is in");
                EventKind::QueueGet {
                    queue: "jobs".to_string(),
                    item: Some(item),
                    from,
                    len: queue_len,
                    cap: 8,
                }
            }
            _ => step(
                3,
                "acquire",
                &format!("acquire {}", a % 4),
                Activity::Blocked,
            ),
        };
        out.push(e);
    }
    out.truncate(n.saturating_sub(1));
    let outcome = Outcome::Completed;
    out.push(host(
        t + 1,
        EventKind::RunEnded {
            outcome,
            reason: None,
        },
    ));
    out
}

fn step(index: u32, op: &str, text: &str, activity: Activity) -> EventKind {
    EventKind::Step {
        index,
        op: op.into(),
        text: text.into(),
        activity,
        line: Some(index + 3),
        targets: None,
    }
}

//! Small programs per area: threading's primitives, processes (fork and
//! spawn), queues and pipes.

use conlab::event::{ActorKind, Event, EventKind};

use super::run::{need_python, program, run, Traced};
use super::LIMIT;

fn counts(t: &Traced, actor: &str, lock: &str) -> Vec<(String, Option<u32>)> {
    t.of(actor)
        .filter_map(|e| match &e.kind {
            EventKind::LockAcquired { lock: l, count } if l == lock => Some(("+".into(), *count)),
            EventKind::LockReleased { lock: l, count } if l == lock => Some(("-".into(), *count)),
            _ => None,
        })
        .collect()
}

fn names(t: &Traced, actor: &str) -> Vec<&'static str> {
    t.of(actor)
        .map(|e| e.kind.name())
        .filter(|n| *n != "step")
        .collect()
}

#[test]
fn threading_primitives_are_told() {
    if !need_python() {
        return;
    }
    let t = run(&program("sync_small.py"), &[], &[], None, LIMIT);
    assert_eq!(t.code, Some(0), "stderr: {}", t.stderr);
    let rl = counts(&t, "MainProcess", "rlock");
    let want = [("+", 1), ("+", 2), ("-", 1), ("-", 0)];
    assert_eq!(rl, want.map(|(s, n)| (s.to_string(), Some(n))).to_vec());
    let c = names(&t, "consumer");
    let wait = c.iter().position(|n| *n == "cond_wait").expect("cond_wait");
    assert_eq!(
        &c[wait..wait + 3],
        ["cond_wait", "lock_released", "cond_woken"].as_slice()
    );
    assert_eq!(c[wait + 1], "lock_released");
    assert!(
        c.contains(&"cond_woken") && c.contains(&"event_passed") && c.contains(&"barrier_passed")
    );
    let notify = t.kinds("cond_notify");
    assert_eq!(notify.len(), 1);
    assert!(
        matches!(&notify[0].kind, EventKind::CondNotify { lock, n: Some(1), woken: 1 } if lock == "cond")
    );
    let mut idx: Vec<u32> = t
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::BarrierPassed { index, .. } => Some(*index),
            _ => None,
        })
        .collect();
    idx.sort();
    assert_eq!(idx, vec![0, 1]);
    let arrived: Vec<u32> = t
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::BarrierWait {
                arrived,
                parties: 2,
                ..
            } => Some(*arrived),
            _ => None,
        })
        .collect();
    assert_eq!(arrived, vec![1, 2]);
    // A timed acquire is its own op, so the wait-for graph knows it ends.
    assert!(t
        .of("MainProcess")
        .any(|e| matches!(&e.kind, EventKind::Step { op, .. } if op == "acquire_timeout")));
}

fn procs(method: &str) {
    let t = run(&program("procs_small.py"), &[method], &[], None, LIMIT);
    assert_eq!(t.code, Some(0), "{method}: stderr: {}", t.stderr);
    let main_pid = t.events[0].pid;
    for name in ["counter", "sleeper", "Process-3"] {
        let n = names(&t, name);
        assert_eq!(
            n.iter().filter(|k| **k == "started").count(),
            1,
            "{method} {name}: {n:?}"
        );
        assert_eq!(
            n.iter().filter(|k| **k == "reaped").count(),
            1,
            "{method} {name}: {n:?}"
        );
        let pids: Vec<i32> = t.of(name).map(|e| e.pid).collect();
        assert!(
            pids.iter().all(|p| *p == pids[0] && *p != main_pid),
            "{name}: {pids:?}"
        );
    }
    let exit = |name: &str| -> EventKind {
        t.of(name)
            .find(|e| e.kind.name() == "exited")
            .unwrap()
            .kind
            .clone()
    };
    assert_eq!(
        exit("counter"),
        EventKind::Exited {
            code: Some(0),
            signal: None,
            cause: None
        }
    );
    assert_eq!(
        exit("Process-3"),
        EventKind::Exited {
            code: Some(1),
            signal: None,
            cause: None
        }
    );
    assert_eq!(
        exit("sleeper"),
        EventKind::Exited {
            code: None,
            signal: Some("SIGTERM".into()),
            cause: None
        }
    );
    assert!(t.of("Process-3").any(|e| e.kind
        == EventKind::Error {
            text: "ValueError: bad input".into()
        }));
    assert_eq!(
        counts(&t, "counter", "lock").len(),
        6,
        "{method}: the lock keeps its name in the child"
    );
    let set = EventKind::EventSet {
        lock: "ev".into(),
        set: true,
    };
    assert!(
        t.of("sleeper").any(|e| e.kind == set),
        "{method}: the child sets the parent's event"
    );
    let passed = EventKind::EventPassed { lock: "ev".into() };
    assert!(t.of("MainProcess").any(|e| e.kind == passed), "{method}");
    assert!(t.of("MainProcess").any(|e| matches!(&e.kind, EventKind::Signalled { target, signal, .. } if target == "sleeper" && signal == "SIGTERM")));
    assert!(t.of("MainProcess").any(|e| e.kind
        == EventKind::Alive {
            target: "sleeper".into(),
            alive: true
        }));
}

#[test]
fn processes_fork() {
    if need_python() {
        procs("fork");
    }
}

#[test]
fn processes_spawn() {
    if need_python() {
        procs("spawn");
    }
}

#[test]
fn processes_forkserver() {
    if need_python() {
        procs("forkserver");
    }
}

fn queues(method: &str) {
    let t = run(&program("queues_small.py"), &[method], &[], None, LIMIT);
    assert_eq!(t.code, Some(0), "{method}: stderr: {}", t.stderr);
    let gets: Vec<(String, Option<i64>, String)> = t
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::QueueGet {
                queue, item, from, ..
            } => Some((queue.clone(), *item, from.clone())),
            _ => None,
        })
        .collect();
    let want = [
        ("lifo", Some(2), "MainProcess"),
        ("lifo", Some(1), "MainProcess"),
        ("sq", Some(3), "MainProcess"),
        ("jobs", None, "MainProcess"),
        ("q", Some(41), "child"),
        ("jq", Some(1), "child"),
    ];
    let want: Vec<(String, Option<i64>, String)> = want
        .iter()
        .map(|(q, i, f)| (q.to_string(), *i, f.to_string()))
        .collect();
    assert_eq!(gets, want, "{method}");
    let pipe: Vec<&Event> = t
        .events
        .iter()
        .filter(|e| e.kind.name().starts_with("pipe_"))
        .collect();
    assert!(pipe.iter().any(|e| e.actor == "child" && matches!(&e.kind, EventKind::PipeSend { end, item: Some(5), .. } if end == "child_end")));
    assert!(pipe.iter().any(|e| e.actor == "MainProcess" && matches!(&e.kind, EventKind::PipeRecv { end, item: Some(5), .. } if end == "parent_end")));
    assert!(pipe
        .iter()
        .any(|e| matches!(&e.kind, EventKind::PipeEof { end, .. } if end == "parent_end")));
    for q in ["jobs", "jq"] {
        assert!(
            t.events
                .iter()
                .any(|e| e.kind == EventKind::QueueJoined { queue: q.into() }),
            "{q}"
        );
    }
    assert!(
        t.kinds("queue_empty").len() == 1,
        "the timed get on sq gave up"
    );
}

#[test]
fn queues_and_pipes_fork() {
    if need_python() {
        queues("fork");
    }
}

#[test]
fn queues_and_pipes_spawn() {
    if need_python() {
        queues("spawn");
    }
}

fn pools(method: &str) {
    let t = run(&program("pools_small.py"), &[method], &[], None, LIMIT);
    assert_eq!(t.code, Some(0), "{method}: stderr: {}", t.stderr);
    let created: Vec<(String, ActorKind, u32)> = t
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::PoolCreated {
                pool, kind, size, ..
            } => Some((pool.clone(), *kind, *size)),
            _ => None,
        })
        .collect();
    use ActorKind::{Process, Thread};
    let want = [
        ("pool", Process, 2),
        ("tpe", Thread, 2),
        ("ppe", Process, 2),
    ];
    assert_eq!(
        created,
        want.map(|(p, k, n)| (p.to_string(), k, n)).to_vec()
    );
    // Each task: submitted, started and finished by a worker, its result back.
    for pool in ["pool", "tpe", "ppe"] {
        let of = |name: &str| -> Vec<(u32, Option<i64>)> {
            let mut v: Vec<(u32, Option<i64>)> = t
                .events
                .iter()
                .filter_map(|e| match &e.kind {
                    EventKind::TaskFinished {
                        pool: p,
                        task,
                        result,
                    } if p == pool && name == "finished" => Some((*task, *result)),
                    EventKind::TaskResult {
                        pool: p,
                        task,
                        result,
                    } if p == pool && name == "result" => Some((*task, *result)),
                    _ => None,
                })
                .collect();
            v.sort();
            v
        };
        assert_eq!(of("finished"), of("result"), "{method} {pool}");
        assert!(!of("result").is_empty(), "{method} {pool}");
    }
    let squares: Vec<Option<i64>> = t
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::TaskResult { pool, result, .. } if pool == "pool" => Some(*result),
            _ => None,
        })
        .collect();
    assert_eq!(squares, [9, 16, 1, 4, 9].map(Some).to_vec());
    let workers = t
        .of("ForkPoolWorker-1")
        .chain(t.of("SpawnPoolWorker-1"))
        .count();
    assert!(workers > 0, "the pool's workers are actors");
    let cb: Vec<&Event> = t.kinds("callback");
    assert_eq!(cb.len(), 1);
    assert_eq!(cb[0].actor, "pool-results");
    assert!(matches!(
        cb[0].kind,
        EventKind::Callback {
            task: 2,
            result: Some(16),
            ..
        }
    ));
    assert_eq!(t.kinds("pool_closed").len(), 3);
}

#[test]
fn pools_fork() {
    if need_python() {
        pools("fork");
    }
}

#[test]
fn pools_spawn() {
    if need_python() {
        pools("spawn");
    }
}

#[test]
fn os_fork_children_are_told_and_reaped_by_waitpid() {
    if !need_python() {
        return;
    }
    let env = [("ZOMBIE_SECONDS", "0.5")];
    let t = run(&program("fork_zombie.py"), &[], &env, None, LIMIT);
    assert_eq!(t.code, Some(0), "stderr: {}", t.stderr);
    let first_collect = t
        .of("MainProcess")
        .find(|e| matches!(&e.kind, EventKind::Print { text } if text.starts_with("collected")))
        .expect("collected")
        .t_us;
    for (name, code) in [("fork-1", 7), ("fork-2", 3)] {
        let mut n = names(&t, name);
        n.sort();
        assert_eq!(
            n,
            ["exited", "print", "reaped", "spawned", "started"],
            "{name}"
        );
        let exited = t.of(name).find(|e| e.kind.name() == "exited").unwrap();
        assert_eq!(
            exited.kind,
            EventKind::Exited {
                code: Some(code),
                signal: None,
                cause: None
            }
        );
        assert!(
            exited.t_us < first_collect,
            "{name} is a zombie before the parent collects it"
        );
        let reaped = t.of(name).find(|e| e.kind.name() == "reaped").unwrap();
        assert_eq!(
            reaped.kind,
            EventKind::Reaped {
                by: "MainProcess".into()
            }
        );
        let spawned = t.of(name).find(|e| e.kind.name() == "spawned").unwrap();
        assert_eq!((spawned.pid, reaped.pid), (exited.pid, exited.pid));
    }
}

#[test]
fn timers_daemons_failures_and_threads_of_a_child() {
    if !need_python() {
        return;
    }
    let t = run(&program("threads_small.py"), &[], &[], None, LIMIT);
    assert_eq!(t.code, Some(0), "stderr: {}", t.stderr);
    assert!(
        t.stderr.contains("Exception in thread bad:"),
        "Python's own report: {}",
        t.stderr
    );
    let main = names(&t, "MainProcess");
    assert!(
        main.contains(&"timer_started") && main.contains(&"timer_cancelled"),
        "{main:?}"
    );
    assert!(
        t.kinds("timer_fired").len() == 1,
        "only the first timer fires"
    );
    let cancelled = t.kinds("timer_cancelled");
    assert!(matches!(
        &cancelled[0].kind,
        EventKind::TimerCancelled { fired: false, .. }
    ));
    let bad = t.of("bad").last().unwrap();
    assert_eq!(
        bad.kind,
        EventKind::Exited {
            code: None,
            signal: None,
            cause: Some("KeyError".into())
        }
    );
    assert!(t.of("bad").any(|e| e.kind
        == EventKind::Error {
            text: "KeyError: 'missing'".into()
        }));
    let watcher = t.of("watcher").last().unwrap();
    assert!(
        matches!(
            &watcher.kind,
            EventKind::Exited {
                cause: Some(_),
                code: None,
                ..
            }
        ),
        "{watcher:?}"
    );
    assert!(matches!(
        &t.of("watcher").next().unwrap().kind,
        EventKind::Spawned { daemon: true, .. }
    ));
    assert!(t.of("MainProcess").any(|e| matches!(&e.kind, EventKind::TimedOut { op, object, .. } if op == "join" && object == "slow")));
    let kid_thread: Vec<&Event> = t
        .events
        .iter()
        .filter(|e| e.actor.starts_with("kid/Thread-"))
        .collect();
    assert!(
        matches!(&kid_thread[0].kind, EventKind::Spawned { parent: Some(p), .. } if p == "kid")
    );
    assert!(kid_thread.iter().any(
        |e| matches!(&e.kind, EventKind::Print { text } if text == "hello from a thread of a child")
    ));
}

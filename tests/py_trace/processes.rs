//! Small programs per area: processes (fork, spawn, forkserver, os.fork),
//! queues and pipes, pools.

use conlab::event::{ActorKind, Event, EventKind};

use super::run::{counts, names, need_python, program, run};
use super::LIMIT;

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
    let asked: Vec<(String, String)> = t
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::QueueAsked {
                queue,
                question,
                answer,
                ..
            } if queue == "q" => Some((question.clone(), answer.clone())),
            _ => None,
        })
        .collect();
    let want = [("empty", "True"), ("qsize", "0")];
    assert_eq!(
        asked,
        want.map(|(q, a)| (q.to_string(), a.to_string())).to_vec()
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

fn deadlock_between_processes(method: &str) {
    let both_wait = |ev: &[Event]| {
        let waiting = |who: &str| {
            ev.iter()
                .any(|e| e.actor == who && e.kind.name() == "lock_wait")
        };
        waiting("alice") && waiting("bob")
    };
    let t = run(
        &program("deadlock_procs.py"),
        &[method],
        &[],
        Some(&both_wait),
        LIMIT,
    );
    assert_eq!(t.code, None, "{method}: it never ends by itself");
    let waits: Vec<(String, String)> = t
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::LockWait { lock } => Some((e.actor.clone(), lock.clone())),
            _ => None,
        })
        .collect();
    assert!(
        waits.contains(&("alice".into(), "lock_b".into())),
        "{method}: {waits:?}"
    );
    assert!(
        waits.contains(&("bob".into(), "lock_a".into())),
        "{method}: {waits:?}"
    );
    let held = |who: &str, lock: &str| {
        t.of(who)
            .any(|e| matches!(&e.kind, EventKind::LockAcquired { lock: l, .. } if l == lock))
    };
    assert!(held("alice", "lock_a") && held("bob", "lock_b"), "{method}");
    let pids: std::collections::BTreeSet<i32> = ["alice", "bob"]
        .iter()
        .map(|a| t.of(a).find(|e| e.kind.name() == "lock_wait").unwrap().pid)
        .collect();
    assert_eq!(pids.len(), 2, "two processes");
}

#[test]
fn deadlock_between_processes_fork() {
    if need_python() {
        deadlock_between_processes("fork");
    }
}

#[test]
fn deadlock_between_processes_spawn() {
    if need_python() {
        deadlock_between_processes("spawn");
    }
}

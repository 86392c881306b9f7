//! The scenarios shipped inside the binary (files under scenarios/).

/// (file name, contents), in catalogue order.
pub const FILES: &[(&str, &str)] = &[
    (
        "process-start.toml",
        include_str!("../../scenarios/process-start.toml"),
    ),
    (
        "join-patterns.toml",
        include_str!("../../scenarios/join-patterns.toml"),
    ),
    ("zombie.toml", include_str!("../../scenarios/zombie.toml")),
    ("orphan.toml", include_str!("../../scenarios/orphan.toml")),
    (
        "daemon-process.toml",
        include_str!("../../scenarios/daemon-process.toml"),
    ),
    (
        "terminate.toml",
        include_str!("../../scenarios/terminate.toml"),
    ),
    (
        "spawn-vs-fork.toml",
        include_str!("../../scenarios/spawn-vs-fork.toml"),
    ),
    (
        "daemon-thread.toml",
        include_str!("../../scenarios/daemon-thread.toml"),
    ),
    (
        "threads-basics.toml",
        include_str!("../../scenarios/threads-basics.toml"),
    ),
    ("gil.toml", include_str!("../../scenarios/gil.toml")),
    (
        "cpu-vs-io.toml",
        include_str!("../../scenarios/cpu-vs-io.toml"),
    ),
    (
        "coroutines.toml",
        include_str!("../../scenarios/coroutines.toml"),
    ),
    (
        "scheduling.toml",
        include_str!("../../scenarios/scheduling.toml"),
    ),
    (
        "ticket-grab.toml",
        include_str!("../../scenarios/ticket-grab.toml"),
    ),
    (
        "thread-race.toml",
        include_str!("../../scenarios/thread-race.toml"),
    ),
    (
        "manager-dict.toml",
        include_str!("../../scenarios/manager-dict.toml"),
    ),
    (
        "isolation.toml",
        include_str!("../../scenarios/isolation.toml"),
    ),
    ("rlock.toml", include_str!("../../scenarios/rlock.toml")),
    (
        "semaphore.toml",
        include_str!("../../scenarios/semaphore.toml"),
    ),
    ("event.toml", include_str!("../../scenarios/event.toml")),
    (
        "condition.toml",
        include_str!("../../scenarios/condition.toml"),
    ),
    ("barrier.toml", include_str!("../../scenarios/barrier.toml")),
    (
        "queue-basics.toml",
        include_str!("../../scenarios/queue-basics.toml"),
    ),
    (
        "producer-consumer.toml",
        include_str!("../../scenarios/producer-consumer.toml"),
    ),
    ("pipe.toml", include_str!("../../scenarios/pipe.toml")),
    (
        "thread-queues.toml",
        include_str!("../../scenarios/thread-queues.toml"),
    ),
    ("pool.toml", include_str!("../../scenarios/pool.toml")),
    (
        "pool-server.toml",
        include_str!("../../scenarios/pool-server.toml"),
    ),
    (
        "many-clients.toml",
        include_str!("../../scenarios/many-clients.toml"),
    ),
    (
        "executor.toml",
        include_str!("../../scenarios/executor.toml"),
    ),
    (
        "callback.toml",
        include_str!("../../scenarios/callback.toml"),
    ),
    (
        "deadlock.toml",
        include_str!("../../scenarios/deadlock.toml"),
    ),
    (
        "deadlock-rlock.toml",
        include_str!("../../scenarios/deadlock-rlock.toml"),
    ),
    (
        "deadlock-processes.toml",
        include_str!("../../scenarios/deadlock-processes.toml"),
    ),
    // networking
    (
        "tcp-echo.toml",
        include_str!("../../scenarios/tcp-echo.toml"),
    ),
    (
        "sticky-packets.toml",
        include_str!("../../scenarios/sticky-packets.toml"),
    ),
    ("udp.toml", include_str!("../../scenarios/udp.toml")),
    (
        "threaded-server.toml",
        include_str!("../../scenarios/threaded-server.toml"),
    ),
    (
        "io-models.toml",
        include_str!("../../scenarios/io-models.toml"),
    ),
];

/// The built-in file whose id is `id` (its file name without `.toml`).
pub fn find(id: &str) -> Option<(&'static str, &'static str)> {
    FILES
        .iter()
        .find(|(name, _)| name.strip_suffix(".toml") == Some(id))
        .copied()
}

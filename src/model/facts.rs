//! Lifecycle events told in words, in both languages, for the log pane.

use super::deadlocks::cycle_words;
use super::log::Log;
use super::queues::item_text;
use crate::event::{ActorKind, Event, EventKind, Outcome, QueueSide};

/// Add the sentence an event deserves, if it is a lifecycle fact.
pub(super) fn log_fact(log: &mut Log, e: &Event) {
    let Some((en, zh)) = sentence(e) else { return };
    log.fact(e.t_us, &e.actor, en, zh);
}

fn sentence(e: &Event) -> Option<(String, String)> {
    let who = &e.actor;
    let pid = e.pid;
    Some(match &e.kind {
        EventKind::Spawned { kind, daemon, .. } => {
            let (ken, kzh) = match kind {
                ActorKind::Process => ("process", "进程"),
                ActorKind::Thread => ("thread", "线程"),
                ActorKind::Coroutine => ("coroutine", "协程"),
            };
            let (den, dzh) = if *daemon {
                ("daemon ", "守护")
            } else {
                ("", "")
            };
            (
                format!("{who}: {den}{ken} created, pid {pid}"),
                format!("{who}：已创建{dzh}{kzh}, pid {pid}"),
            )
        }
        EventKind::Exited {
            code,
            signal,
            cause,
        } => match (signal, cause, code) {
            (_, Some(c), _) => (
                format!("{who}: vanished ({c})"),
                format!("{who}：随进程结束而消失（{c}）"),
            ),
            (Some(s), _, _) => (
                format!("{who}: killed by {s}"),
                format!("{who}：被信号 {s} 终止"),
            ),
            (None, None, c) => (
                format!("{who}: exited with code {}", c.unwrap_or(0)),
                format!("{who}：退出，返回码 {}", c.unwrap_or(0)),
            ),
        },
        EventKind::Reaped { by } => (
            format!("{who}: reaped by {by}"),
            format!("{who}：已被{} 回收", name_zh(by)),
        ),
        EventKind::ProcState { state } if state == "Z" => (
            format!("{who}: /proc says Z — a zombie, waiting to be reaped"),
            format!("{who}：/proc 显示 Z —— 僵尸进程，等待回收"),
        ),
        EventKind::Reparented { ppid, .. } => (
            format!("{who}: orphaned, adopted by pid {ppid}"),
            format!("{who}：成为孤儿，被 pid {ppid} 收养"),
        ),
        EventKind::Signalled { target, signal, .. } => (
            format!("{who}: sent {signal} to {target}"),
            format!("{who}：向 {target} 发送 {signal}"),
        ),
        EventKind::Alive { target, alive } => (
            format!("{who}: is_alive({target}) = {alive}"),
            format!("{who}: is_alive({target}) = {alive}"),
        ),
        EventKind::RunEnded {
            outcome: Outcome::HostDied,
            reason: Some(why),
        } => (
            format!("run ended: the host died ({why})"),
            format!("运行结束：宿主进程意外死亡（{why}）"),
        ),
        EventKind::LimitReached { limit, max, .. } => limit_sentence(limit, *max),
        EventKind::RunEnded { outcome, .. } => match outcome {
            Outcome::Completed => ("run completed".into(), "运行结束".into()),
            Outcome::Aborted => ("run aborted".into(), "运行已中止".into()),
            Outcome::TimedOut => (
                "run stopped: time limit reached".into(),
                "运行超时，已停止".into(),
            ),
            Outcome::Limit => (
                "run stopped: a safety limit was reached".into(),
                "运行已停止：达到安全上限".into(),
            ),
            Outcome::HostDied => (
                "run ended: the host died".into(),
                "运行结束：宿主进程意外死亡".into(),
            ),
        },
        EventKind::QueueWait {
            queue, side, len, ..
        } => match side {
            QueueSide::Full => (
                format!("{who}: put blocked, {queue} is full ({len} items)"),
                format!("{who}：put 阻塞，队列 {queue} 已满（{len} 个）"),
            ),
            QueueSide::Empty => (
                format!("{who}: get blocked, {queue} is empty"),
                format!("{who}：get 阻塞，队列 {queue} 为空"),
            ),
        },
        EventKind::QueueFull { queue, item } => {
            let item = item_text(*item);
            (
                format!("{who}: {queue} is full: queue.Full raised, item {item} lost"),
                format!("{who}：队列 {queue} 已满：抛出 queue.Full，数据 {item} 丢失"),
            )
        }
        EventKind::QueueEmpty { queue } => (
            format!("{who}: {queue} is empty: queue.Empty raised"),
            format!("{who}：队列 {queue} 为空：抛出 queue.Empty"),
        ),
        EventKind::TimedOut { .. }
        | EventKind::TimerStarted { .. }
        | EventKind::TimerFired { .. }
        | EventKind::TimerCancelled { .. } => super::facts_timed::sentence(who, &e.kind)?,
        EventKind::QueueJoined { queue } => (
            format!("{who}: {queue}.join() returned: every item is done"),
            format!("{who}：{queue}.join() 返回：每个数据都已处理完"),
        ),
        EventKind::PipeClosed { end, .. } => (
            format!("{who}: closed its copy of {end}"),
            format!("{who}：关闭了自己的 {end}"),
        ),
        EventKind::PipeEof { end, .. } => (
            format!("{who}: {end}.recv() raised EOFError: the other end is closed everywhere"),
            format!("{who}：{end}.recv() 抛出 EOFError：另一端已全部关闭"),
        ),
        EventKind::PoolCreated { pool, size, .. } => (
            format!("{who}: pool {pool} created with {size} workers"),
            format!("{who}：创建进程池 {pool}, {size} 个工作者"),
        ),
        EventKind::TaskStarted { task, .. } => match e.tid {
            Some(tid) => (
                format!("{who}: task {task} started on thread {tid} of pid {pid}"),
                format!("{who}：任务 {task} 在 pid {pid} 的线程 {tid} 上开始"),
            ),
            None => (
                format!("{who}: task {task} started on pid {pid}"),
                format!("{who}：任务 {task} 在 pid {pid} 上开始"),
            ),
        },
        EventKind::Callback { task, result, .. } => {
            let result = item_text(*result);
            (
                format!("{who}: callback for task {task} → {result} (pid {pid})"),
                format!("{who}：任务 {task} 的回调 → {result} (pid {pid})"),
            )
        }
        EventKind::Held { text, .. } => (
            format!("{who}: held before its next step: {text}"),
            format!("{who}：暂停在下一步之前：{text}"),
        ),
        EventKind::Deadlock { cycle } => {
            let (en, zh) = cycle_words(cycle);
            (format!("DEADLOCK: {en}"), format!("死锁：{zh}"))
        }
        EventKind::DeadlockBroken { victim, how } => broken_words(victim, how),
        EventKind::PoolClosed { pool } => (
            format!("{who}: {pool}.close(): no more tasks"),
            format!("{who}：{pool}.close()：不再接受任务"),
        ),
        _ => return None,
    })
}

/// How a deadlock was broken, in words.
fn broken_words(victim: &str, how: &str) -> (String, String) {
    if how == "killed" {
        (
            format!("deadlock broken: {victim} was killed; the kernel let go of its file locks"),
            format!("死锁已解开：{victim} 被杀死，内核释放了它持有的文件锁"),
        )
    } else if how == "killed_holding" {
        (
            format!(
                "{victim} was killed; its locks stay held (a multiprocessing.Lock is a \
                 semaphore: the kernel does not give it back), so whoever waits for them \
                 waits for ever"
            ),
            format!(
                "{victim} 被杀死；它的锁仍被占着（multiprocessing.Lock 是信号量，内核不会替它归还），\
                 等这些锁的进程会永远等下去"
            ),
        )
    } else {
        (
            format!(
                "deadlock broken: {victim} gave up its wait and unwound, letting go of its locks"
            ),
            format!("死锁已解开：{victim} 放弃等待并回退，放掉了它持有的锁"),
        )
    }
}

/// A safety limit in words; the run stops right after.
fn limit_sentence(limit: &str, max: u64) -> (String, String) {
    let (en, zh) = match limit {
        "processes" => ("process starts", "个进程启动"),
        "threads" => ("thread starts", "个线程启动"),
        "events" => ("events", "个事件"),
        _ => ("units", "个"),
    };
    (
        format!(
            "safety limit: the run reached {max} {en}, conlab's most for one run; it is stopped"
        ),
        format!("安全上限：本次运行已达 {max} {zh}，这是 conlab 对一次运行的上限，运行停止"),
    )
}

/// An actor's name in Chinese text: the lab's host is 宿主, as the tree
/// calls it; an actor of the lesson keeps its name (with a space before it).
pub(crate) fn name_zh(name: &str) -> String {
    match name {
        "host" => "宿主".into(),
        n => format!(" {n}"),
    }
}

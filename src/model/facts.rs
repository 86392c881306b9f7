//! Lifecycle events told in words, in both languages, for the log pane.

use super::log::Log;
use crate::event::{ActorKind, Event, EventKind, Outcome};

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
            };
            let (den, dzh) = if *daemon {
                ("daemon ", "守护")
            } else {
                ("", "")
            };
            (
                format!("{who}: {den}{ken} created, pid {pid}"),
                format!("{who}: 已创建{dzh}{kzh}, pid {pid}"),
            )
        }
        EventKind::Exited {
            code,
            signal,
            cause,
        } => match (signal, cause, code) {
            (_, Some(c), _) => (
                format!("{who}: vanished ({c})"),
                format!("{who}: 随进程结束而消失 ({c})"),
            ),
            (Some(s), _, _) => (
                format!("{who}: killed by {s}"),
                format!("{who}: 被信号 {s} 终止"),
            ),
            (None, None, c) => (
                format!("{who}: exited with code {}", c.unwrap_or(0)),
                format!("{who}: 退出, 返回码 {}", c.unwrap_or(0)),
            ),
        },
        EventKind::Reaped { by } => (
            format!("{who}: reaped by {by}"),
            format!("{who}: 已被 {by} 回收"),
        ),
        EventKind::ProcState { state } if state == "Z" => (
            format!("{who}: /proc says Z — a zombie, waiting to be reaped"),
            format!("{who}: /proc 显示 Z —— 僵尸进程, 等待回收"),
        ),
        EventKind::Reparented { ppid, .. } => (
            format!("{who}: orphaned, adopted by pid {ppid}"),
            format!("{who}: 成为孤儿, 被 pid {ppid} 收养"),
        ),
        EventKind::Signalled { target, signal, .. } => (
            format!("{who}: sent {signal} to {target}"),
            format!("{who}: 向 {target} 发送 {signal}"),
        ),
        EventKind::Alive { target, alive } => (
            format!("{who}: is_alive({target}) = {alive}"),
            format!("{who}: is_alive({target}) = {alive}"),
        ),
        EventKind::RunEnded { outcome } => match outcome {
            Outcome::Completed => ("run completed".into(), "运行结束".into()),
            Outcome::Aborted => ("run aborted".into(), "运行已中止".into()),
            Outcome::TimedOut => (
                "run stopped: time limit reached".into(),
                "运行超时, 已停止".into(),
            ),
        },
        _ => return None,
    })
}

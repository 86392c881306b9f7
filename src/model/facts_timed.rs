//! Timed waits and timers told in words, in both languages, for the log pane.

use crate::event::EventKind;

/// The sentence for a `timed_out` or `timer_*` event; None for other events.
pub(super) fn sentence(who: &str, kind: &EventKind) -> Option<(String, String)> {
    Some(match kind {
        EventKind::TimedOut {
            op,
            object,
            timeout,
        } => match op.as_str() {
            "join" => (
                format!("{who}: join({object}, timeout={timeout}) returned, {object} still runs"),
                format!("{who}：join({object}, timeout={timeout}) 返回了，{object} 仍在运行"),
            ),
            _ if *timeout == 0.0 => (
                format!("{who}: {object} is taken: acquire(blocking=False) returned False"),
                format!("{who}：{object} 已被占用：acquire(blocking=False) 返回 False"),
            ),
            _ => (
                format!("{who}: gave up on {object} after {timeout}s: {op}() returned False"),
                format!("{who}：等了 {timeout} 秒仍没等到 {object}，放弃：{op}() 返回 False"),
            ),
        },
        EventKind::TimerStarted { target, after } => (
            format!("{who}: timer {target} started: it runs in {after}s"),
            format!("{who}：定时器 {target} 已启动：{after} 秒后运行"),
        ),
        EventKind::TimerFired { after } => (
            format!("{who}: {after}s passed: the timer fires"),
            format!("{who}：{after} 秒已到，定时器触发"),
        ),
        EventKind::TimerCancelled {
            target,
            fired: false,
        } => (
            format!("{who}: cancelled timer {target}: it never runs"),
            format!("{who}：取消了定时器 {target}：它不会再运行"),
        ),
        EventKind::TimerCancelled { target, .. } => (
            format!("{who}: cancel() came too late: {target} already fired"),
            format!("{who}：cancel() 来得太晚：{target} 已经触发"),
        ),
        _ => return None,
    })
}

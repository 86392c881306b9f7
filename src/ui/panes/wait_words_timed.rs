//! What a page waits for, in words, for timeouts and timers (a child module
//! of `wait_words`).

use super::field;
use crate::scenario::plan::CheckSpec;

/// `timed_out`, `timer_started`, `timer_fired`, `timer_cancelled`.
pub(super) fn timed(spec: &CheckSpec, who: &str) -> Option<(String, String)> {
    let f = |k: &str| field(spec, k);
    let object = f("object").or_else(|| f("target"));
    let (it, it_zh) = object.map_or(("it".into(), "它".into()), |o| (o.clone(), o));
    Some(match spec.event.as_str() {
        "timed_out" => match f("op").as_deref() {
            Some("join") => (
                format!("{who}'s join to time out"),
                format!(" {who} 的 join 超时返回"),
            ),
            Some(op) => (
                format!("{who} to give up: {op}() returns False"),
                format!(" {who} 等不及而放弃：{op}() 返回 False"),
            ),
            None => (
                format!("{who} to give up waiting"),
                format!(" {who} 等不及而放弃"),
            ),
        },
        "timer_started" => (
            format!("{who} to start timer {it}"),
            format!(" {who} 启动定时器 {it_zh}"),
        ),
        "timer_fired" => (
            format!("{who}'s timer to fire"),
            format!(" {who} 的定时器触发"),
        ),
        "timer_cancelled" => (
            format!("{who} to cancel timer {it}"),
            format!(" {who} 取消定时器 {it_zh}"),
        ),
        _ => return None,
    })
}

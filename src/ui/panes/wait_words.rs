//! What a lesson page waits for, said in words a learner reads ("waits for
//! child to print", "等到出现死锁") instead of the `wait_for` spec's event"
//! names and fields. Pure: a spec in, a sentence out.

use serde_json::Value;

use crate::scenario::plan::CheckSpec;
use crate::scenario::text::Lang;

/// `waits for child to exit` / `等到 child 退出`; `count` above 1 adds how
/// many times (`(3 times)` / `（第 3 次）`).
pub fn wait_words(spec: &CheckSpec, count: u32, lang: Lang) -> String {
    let who = who(spec.actor.as_deref(), lang);
    let (en, zh) = clause(spec, &who);
    let (en, zh) = if count > 1 {
        (
            format!("{en} ({count} times)"),
            format!("{zh}（第 {count} 次）"),
        )
    } else {
        (en, zh)
    };
    match lang {
        Lang::En => format!("waits for {en}"),
        Lang::Zh => format!("等到{zh}"),
    }
}

/// The actor as a reader names it: `main`, `one of buyer…`, `the lab`.
fn who(actor: Option<&str>, lang: Lang) -> String {
    match (actor, lang) {
        (None, Lang::En) => "an actor".into(),
        (None, Lang::Zh) => "某个角色".into(),
        (Some("host"), Lang::En) => "the lab".into(),
        (Some("host"), Lang::Zh) => "实验室".into(),
        (Some(a), Lang::En) => match a.strip_suffix('*') {
            Some(p) => format!("one of {p}…"),
            None => a.into(),
        },
        (Some(a), Lang::Zh) => match a.strip_suffix('*') {
            Some(p) => format!("某个 {p}…"),
            None => a.into(),
        },
    }
}

/// A field's value as text: strings bare, the rest as JSON writes them.
pub(super) fn field(spec: &CheckSpec, key: &str) -> Option<String> {
    spec.fields.get(key).map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// The clause after "waits for", in English and Chinese (with a lead space).
fn clause(spec: &CheckSpec, who: &str) -> (String, String) {
    lifecycle(spec, who)
        .or_else(|| sharing(spec, who))
        .or_else(|| pools(spec, who))
        .or_else(|| super::sync_words::sync(spec, who))
        .or_else(|| timed::timed(spec, who))
        .or_else(|| net::net(spec, who))
        .unwrap_or_else(|| {
            let e = &spec.event;
            (format!("{who}: {e}"), format!(" {who}: {e}"))
        })
}

/// Processes and threads: starting, printing, stepping, ending.
fn lifecycle(spec: &CheckSpec, who: &str) -> Option<(String, String)> {
    let f = |k: &str| field(spec, k);
    Some(match spec.event.as_str() {
        "spawned" | "started" => (format!("{who} to start"), format!(" {who} 启动")),
        "print" => match f("text") {
            Some(t) => (
                format!("{who} to print \"{t}\""),
                format!(" {who} 打印“{t}”"),
            ),
            None => (format!("{who} to print"), format!(" {who} 打印")),
        },
        "step" => step(spec, who),
        "exited" => match (f("code"), f("signal")) {
            (_, Some(s)) => (
                format!("{who} to be killed by {s}"),
                format!(" {who} 被 {s} 终止"),
            ),
            (Some(c), _) => (
                format!("{who} to exit with code {c}"),
                format!(" {who} 以返回码 {c} 退出"),
            ),
            _ => (format!("{who} to exit"), format!(" {who} 退出")),
        },
        "reaped" => match f("by") {
            Some(by) => (format!("{by} to reap {who}"), format!(" {by} 回收 {who}")),
            None => (format!("{who} to be reaped"), format!(" {who} 被回收")),
        },
        "proc_state" if f("state").as_deref() == Some("Z") => (
            format!("{who} to become a zombie"),
            format!(" {who} 变成僵尸进程"),
        ),
        "reparented" => (
            format!("{who} to be orphaned and adopted"),
            format!(" {who} 成为孤儿并被收养"),
        ),
        "signalled" => {
            let sig = f("signal").unwrap_or_else(|| "a signal".into());
            let to = f("target").unwrap_or_else(|| "?".into());
            (
                format!("{who} to send {sig} to {to}"),
                format!(" {who} 向 {to} 发送 {sig}"),
            )
        }
        "alive" => {
            let to = f("target").unwrap_or_else(|| "a child".into());
            match f("alive").as_deref() {
                Some("false") => (
                    format!("{who} to see {to} is no longer alive"),
                    format!(" {who} 发现 {to} 已不在运行"),
                ),
                _ => (
                    format!("{who} to ask whether {to} is alive"),
                    format!(" {who} 询问 {to} 是否还活着"),
                ),
            }
        }
        "error" => (
            format!("{who} to raise an error"),
            format!(" {who} 抛出异常"),
        ),
        "measured" => {
            let cell = [f("row"), f("column")].into_iter().flatten();
            let cell = cell.collect::<Vec<_>>().join(" × ");
            (
                format!("{who} to measure {cell}"),
                format!(" {who} 测出 {cell} 的耗时"),
            )
        }
        _ => return None,
    })
}

/// A step of the script: the end of main's code, a nap, a print, a line.
fn step(spec: &CheckSpec, who: &str) -> (String, String) {
    let f = |k: &str| field(spec, k);
    match (f("op").as_deref(), f("line")) {
        (Some("exit_join"), _) => (
            format!("{who} to reach the end of its code"),
            format!(" {who} 执行到代码末尾"),
        ),
        (Some("sleep"), _) => (format!("{who} to go to sleep"), format!(" {who} 开始睡眠")),
        (Some("print"), _) => (format!("{who} to print"), format!(" {who} 打印")),
        (_, Some(line)) => (
            format!("{who} to reach line {line}"),
            format!(" {who} 执行到第 {line} 行"),
        ),
        (Some(op), _) => (format!("{who} to {op}"), format!(" {who} 执行 {op}")),
        (None, None) => (format!("{who} to take a step"), format!(" {who} 走一步")),
    }
}

/// Locks, events, values, queues, pipes and deadlocks.
fn sharing(spec: &CheckSpec, who: &str) -> Option<(String, String)> {
    let f = |k: &str| field(spec, k);
    let (lock, lock_zh) =
        f("lock").map_or(("a lock".into(), "某把锁".into()), |l| (l.clone(), l));
    let name = f("name").unwrap_or_else(|| "?".into());
    Some(match spec.event.as_str() {
        "lock_wait" => (
            format!("{who} to wait for {lock}"),
            format!(" {who} 等待 {lock_zh}"),
        ),
        "lock_acquired" => match f("count").filter(|c| c != "1") {
            Some(c) => (
                format!("{who} to take {lock} again (held {c} times)"),
                format!(" {who} 再次获得 {lock}（持有 {c} 层）"),
            ),
            None => (
                format!("{who} to take {lock}"),
                format!(" {who} 获得 {lock}"),
            ),
        },
        "lock_released" => (
            format!("{who} to release {lock}"),
            format!(" {who} 释放 {lock}"),
        ),
        "event_wait" => (
            format!("{who} to wait on {lock}"),
            format!(" {who} 等待 {lock}"),
        ),
        "event_set" => (
            format!("{who} to set {lock}"),
            format!(" {who} 调用 {lock}.set()"),
        ),
        "value_read" => (
            format!("{who} to read {name}"),
            format!(" {who} 读取 {name}"),
        ),
        "value" => match f("value") {
            Some(v) => (
                format!("{who} to set {name} to {v}"),
                format!(" {who} 把 {name} 设为 {v}"),
            ),
            None => (
                format!("{who} to write {name}"),
                format!(" {who} 写入 {name}"),
            ),
        },
        "queue_put" => (format!("{who} to put an item"), format!(" {who} 放入一项")),
        "queue_get" => match (f("item"), f("queue")) {
            (Some(i), Some(q)) => (
                format!("{who} to get {i} from {q}"),
                format!(" {who} 从 {q} 取出 {i}"),
            ),
            _ => (format!("{who} to get an item"), format!(" {who} 取出一项")),
        },
        "queue_wait" if f("side").as_deref() == Some("full") => (
            format!("{who} to wait on a full queue"),
            format!(" {who} 因队列已满而等待"),
        ),
        "queue_wait" => (
            format!("{who} to wait on the queue"),
            format!(" {who} 在队列上等待"),
        ),
        "queue_full" => (
            format!("{who} to find the queue full"),
            format!(" {who} 发现队列已满"),
        ),
        "queue_asked" => {
            let q = f("question").unwrap_or_else(|| "?".into());
            (
                format!("{who} to ask the queue {q}()"),
                format!(" {who} 调用队列的 {q}()"),
            )
        }
        "pipe_recv" => (
            format!("{who} to receive from the pipe"),
            format!(" {who} 从管道收到数据"),
        ),
        "pipe_eof" => (
            format!("{who} to see the pipe closed"),
            format!(" {who} 读到管道结尾"),
        ),
        "deadlock" => ("a deadlock".into(), "出现死锁".into()),
        "deadlock_broken" => match f("how").as_deref() {
            Some("killed" | "killed_holding") => (
                "the deadlock's victim to be killed".into(),
                "死锁的牺牲者被杀掉".into(),
            ),
            _ => ("the deadlock to be broken".into(), "死锁被解开".into()),
        },
        _ => return None,
    })
}

/// Pools and executors: tasks submitted, started, finished, called back.
fn pools(spec: &CheckSpec, who: &str) -> Option<(String, String)> {
    Some(match spec.event.as_str() {
        "task_submitted" => match field(spec, "how") {
            Some(how) => (
                format!("{who} to submit a task with {how}()"),
                format!(" {who} 用 {how}() 提交任务"),
            ),
            None => (
                format!("{who} to submit a task"),
                format!(" {who} 提交任务"),
            ),
        },
        "task_started" => (
            format!("{who} to start a task"),
            format!(" {who} 开始执行任务"),
        ),
        "task_result" => (
            format!("{who} to get a task's result"),
            format!(" {who} 拿到任务结果"),
        ),
        "callback" => (
            format!("{who} to run a callback"),
            format!(" {who} 运行回调"),
        ),
        "pool_closed" => (
            format!("{who} to close the pool"),
            format!(" {who} 关闭进程池"),
        ),
        "sched" => sched(spec, who),
        _ => return None,
    })
}

#[path = "wait_words_net.rs"]
mod net;
#[path = "wait_words_timed.rs"]
mod timed;
/// A scheduling decision: `main to tell job E finished` / ` main 报告作业 E 完成`.
fn sched(spec: &CheckSpec, who: &str) -> (String, String) {
    let job = field(spec, "job");
    let (job_en, job_zh) = match &job {
        Some(j) => (format!("job {j}"), format!("作业 {j}")),
        None => ("a job".to_string(), "某个作业".to_string()),
    };
    let (en, zh) = match field(spec, "what").as_deref() {
        Some("arrived") => ("arrived", "到达"),
        Some("granted") => ("was granted the CPU", "分到 CPU"),
        Some("preempted") => ("was preempted", "被抢占"),
        Some("finished") => ("finished", "完成"),
        _ => ("changed", "有了变化"),
    };
    (
        format!("{who} to tell {job_en} {en}"),
        format!(" {who} 报告{job_zh}{zh}"),
    )
}

#[cfg(test)]
#[path = "wait_words_tests.rs"]
mod tests;

//! The words the findings are made of, in English and Chinese.

use super::findings::{ActorFacts, End, WaitOn};
use crate::event::QueueSide;

/// `780ms`, `3.3s`.
pub(crate) fn dur(us: u64) -> String {
    if us < 1_000_000 {
        format!("{}ms", us / 1000)
    } else {
        format!("{:.1}s", us as f64 / 1e6)
    }
}

/// `line 8: `, before a finding about that line of the learner's file.
pub(crate) fn line_en(n: u32) -> String {
    format!("line {n}: ")
}

pub(crate) fn line_zh(n: u32) -> String {
    format!("第 {n} 行：")
}

/// `1 wait`, `3 waits`.
pub(crate) fn plural(n: u32, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A step's source without its trailing comment: `c.join()`.
pub(crate) fn code_of(text: &str) -> String {
    let code = text.find(" #").map_or(text, |i| &text[..i]);
    code.trim_end().to_string()
}

/// At most three names, then how many more.
pub(crate) fn names(all: &[String]) -> String {
    let mut s = all.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    if all.len() > 3 {
        s.push_str(&format!(" +{}", all.len() - 3));
    }
    s
}

/// What a wait is for, after "waiting" / "等".
pub(crate) fn wait_words(on: &WaitOn, holder: Option<&str>) -> (String, String) {
    match on {
        WaitOn::Lock(l) => match holder {
            Some(h) => (
                format!("for {l} (held by {h})"),
                format!("{h} 持有的锁 {l}"),
            ),
            None => (format!("for {l}"), format!("锁 {l}")),
        },
        WaitOn::Queue(q, QueueSide::Empty) => (
            format!("for an item of empty queue {q}"),
            format!("空队列 {q} 的新元素"),
        ),
        WaitOn::Queue(q, QueueSide::Full) => (
            format!("for room in full queue {q}"),
            format!("满队列 {q} 腾出空位"),
        ),
        WaitOn::Event(e) => (format!("for {e}.set()"), format!(" {e}.set()")),
        WaitOn::Cond(c) => (
            format!("in {c}.wait() for a notify"),
            format!(" {c}.wait() 的 notify"),
        ),
        WaitOn::Barrier(b) => (format!("at barrier {b}"), format!("屏障 {b} 凑齐")),
        WaitOn::Sock(s, op) => (format!("in {s}.{op}()"), format!(" {s}.{op}() 返回")),
        WaitOn::Join(text) => (format!("in {text}"), format!(" {text} 返回")),
    }
}

/// How one actor ended: `exited with code 7`, `was killed (SIGKILL)`.
pub(crate) fn one_end(e: &End) -> (String, String) {
    if let Some(s) = &e.signal {
        return (format!("was killed ({s})"), format!("被信号 {s} 杀死"));
    }
    if let Some(c) = &e.cause {
        return (format!("ended by {c}"), format!("因 {c} 结束"));
    }
    let c = e.code.unwrap_or(0);
    (
        format!("exited with code {c}"),
        format!("以退出码 {c} 结束"),
    )
}

/// A short mark of how it ended: `7`, `SIGTERM`, the exception's name.
fn end_mark(e: &End) -> String {
    e.signal
        .clone()
        .or(e.cause.clone())
        .unwrap_or_else(|| e.code.unwrap_or(0).to_string())
}

/// `3 ended (all with code 0), 1 still running (consumer)`.
/// `over`: the run has ended (the rest "did not end", else "still run").
pub(crate) fn end_words(all: &[&ActorFacts], procs: bool, over: bool) -> (String, String) {
    let ended: Vec<&&ActorFacts> = all.iter().filter(|a| a.end.is_some()).collect();
    let running: Vec<String> = all
        .iter()
        .filter(|a| a.end.is_none())
        .map(|a| a.name.clone())
        .collect();
    let odd: Vec<String> = ended
        .iter()
        .filter_map(|a| {
            let e = a.end.as_ref()?;
            let clean = e.code == Some(0) && e.signal.is_none() && e.cause.is_none();
            (!clean).then(|| format!("{}: {}", a.name, end_mark(e)))
        })
        .collect();
    let n = ended.len();
    let (mut en, mut zh) = (format!("{n} ended"), format!("结束 {n} 个"));
    if n > 0 && odd.is_empty() {
        let (e, z) = if procs {
            (" (all with code 0)", "，退出码都是 0")
        } else {
            (" (all normally)", "，都正常结束")
        };
        en.push_str(e);
        zh.push_str(z);
    } else if !odd.is_empty() {
        en.push_str(&format!(" ({})", names(&odd)));
        zh.push_str(&format!("，退出码 {}", names(&odd)));
    }
    if !running.is_empty() {
        let k = running.len();
        let (e, z) = if over {
            ("not ended", "个没结束")
        } else {
            ("still running", "个还在运行")
        };
        en.push_str(&format!(", {k} {e} ({})", names(&running)));
        zh.push_str(&format!("，{k} {z}：{}", names(&running)));
    }
    (en, zh)
}

//! What a lesson page waits for, for conditions and barriers, in words.

use super::wait_words::field;
use crate::scenario::plan::CheckSpec;

/// The clause after "waits for" (English) and after "等到" (Chinese).
pub(super) fn sync(spec: &CheckSpec, who: &str) -> Option<(String, String)> {
    let f = |k: &str| field(spec, k);
    let cond = f("lock").unwrap_or_else(|| "a condition".into());
    let cond_zh = f("lock").unwrap_or_else(|| "条件变量".into());
    let bar = f("barrier").unwrap_or_else(|| "a barrier".into());
    let bar_zh = f("barrier").unwrap_or_else(|| "栅栏".into());
    Some(match spec.event.as_str() {
        "cond_wait" => (
            format!("{who} to wait on {cond} for a notify"),
            format!(" {who} 在 {cond_zh} 上等通知"),
        ),
        "cond_notify" => (
            format!("{who} to notify {cond}"),
            format!(" {who} 通知 {cond_zh}"),
        ),
        "cond_woken" => (
            format!("{who} to wake on {cond}"),
            format!(" {who} 在 {cond_zh} 上醒来"),
        ),
        "barrier_wait" => match f("arrived") {
            Some(n) => (
                format!("{n} to arrive at {bar}"),
                format!(" {n} 方到达 {bar_zh}"),
            ),
            None => (
                format!("{who} to arrive at {bar}"),
                format!(" {who} 到达 {bar_zh}"),
            ),
        },
        "barrier_passed" => (
            format!("{who} to pass {bar}"),
            format!(" {who} 通过 {bar_zh}"),
        ),
        "barrier_broken" => (format!("{bar} to break"), format!(" {bar_zh} 破损")),
        "barrier_abort" => (
            format!("{who} to abort or reset {bar}"),
            format!(" {who} 中止或重置 {bar_zh}"),
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::plan::Expect;

    #[test]
    fn a_barrier_page_says_how_many_it_waits_for() {
        let mut spec = CheckSpec {
            label: Default::default(),
            event: "barrier_wait".into(),
            actor: Some("runner*".into()),
            fields: Default::default(),
            or_fields: Default::default(),
            expect: Expect::Seen,
            after_previous: false,
            compare: None,
        };
        spec.fields.insert("barrier".into(), "start".into());
        spec.fields.insert("arrived".into(), 2.into());
        let (en, zh) = sync(&spec, "one of runner…").unwrap();
        assert_eq!(en, "2 to arrive at start");
        assert_eq!(zh, " 2 方到达 start");
        spec.event = "lock_wait".into();
        assert_eq!(sync(&spec, "x"), None, "not ours");
    }
}

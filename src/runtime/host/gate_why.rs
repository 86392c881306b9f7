//! Why a `--schedule` entry cannot be taken, in both languages. The host
//! does not know the language on screen (the UI switches it with `l`, and the
//! log is the same in both), so its error carries both sentences on one line:
//! the English first (explore and the schedule log read its `--schedule
//! position N:` prefix), then the Chinese in full-width parentheses.

/// What keeps an actor from the turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Why<'a> {
    /// Not an actor of this run; `actors`: those that are, `, `-joined.
    NotInRun {
        actors: String,
    },
    Ended,
    NotStarted,
    /// It runs freely (no gate holds it).
    Free,
    NotAtGate,
    /// Waiting for a lock, held by `owner` when one is known.
    Lock {
        lock: &'a str,
        owner: Option<&'a str>,
    },
    Join,
    /// Waiting on a queue: `side` is `empty` (a get) or `full` (a put).
    Queue {
        queue: &'a str,
        side: &'a str,
    },
    /// Any other wait: its kind (`event`, `sem`…) and the object's name.
    Other {
        kind: &'a str,
        name: &'a str,
    },
}

impl Why<'_> {
    fn en(&self, actor: &str) -> String {
        match self {
            Why::NotInRun { actors } => format!("{actor} is not an actor of this run ({actors})"),
            Why::Ended => format!("{actor} has ended"),
            Why::NotStarted => format!("{actor} has not started"),
            Why::Free => format!("{actor} is not held: it runs freely"),
            Why::NotAtGate => format!("{actor} is not held at its gate"),
            Why::Lock {
                lock,
                owner: Some(o),
            } => {
                format!("{actor} is waiting for lock `{lock}` held by {o}")
            }
            Why::Lock { lock, owner: None } => format!("{actor} is waiting for lock `{lock}`"),
            Why::Join => format!("{actor} is waiting to join another actor"),
            Why::Queue { queue, side } => {
                format!("{actor} is waiting for queue `{queue}` ({side})")
            }
            Why::Other { kind, name } => format!("{actor} is waiting for {kind} `{name}`"),
        }
    }

    fn zh(&self, actor: &str) -> String {
        match self {
            Why::NotInRun { actors } => {
                format!("{actor} 不是这次运行的角色（角色有：{actors}）")
            }
            Why::Ended => format!("{actor} 已经结束"),
            Why::NotStarted => format!("{actor} 还没有开始"),
            Why::Free => format!("{actor} 没有被拦住：它在自由运行"),
            Why::NotAtGate => format!("{actor} 没有停在它的关口"),
            Why::Lock {
                lock,
                owner: Some(o),
            } => {
                format!("{actor} 在等锁 `{lock}`，它被 {o} 持有")
            }
            Why::Lock { lock, owner: None } => format!("{actor} 在等锁 `{lock}`"),
            Why::Join => format!("{actor} 在等 join 另一个角色"),
            Why::Queue { queue, side } => {
                let side = match *side {
                    "empty" => "队列空了，等着取",
                    "full" => "队列满了，等着放",
                    other => other,
                };
                format!("{actor} 在等队列 `{queue}`（{side}）")
            }
            Why::Other { kind, name } => format!("{actor} 在等 {kind} `{name}`"),
        }
    }
}

/// The host's error for schedule position `pos` (from 1), naming `actor`.
pub(super) fn refusal(pos: usize, actor: &str, why: &Why) -> String {
    format!(
        "--schedule position {pos}: {}（--schedule 第 {pos} 项：{}）",
        why.en(actor),
        why.zh(actor)
    )
}

/// The wait a host phase names (`lock:A`, `queue:q:empty`, `join`…), as a `Why`.
pub(super) fn waiting<'a>(what: &'a str, owner: impl FnOnce(&str) -> Option<&'a str>) -> Why<'a> {
    let (kind, name) = what.split_once(':').unwrap_or((what, ""));
    match kind {
        "lock" => Why::Lock {
            lock: name,
            owner: owner(name),
        },
        "join" => Why::Join,
        "queue" => {
            let (queue, side) = name.split_once(':').unwrap_or((name, ""));
            Why::Queue { queue, side }
        }
        _ => Why::Other { kind, name },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_says_the_position_in_both_languages() {
        let lock = Why::Lock {
            lock: "A",
            owner: Some("t2"),
        };
        let line = refusal(7, "t1", &lock);
        assert!(line.starts_with("--schedule position 7: t1 is waiting for lock `A` held by t2"));
        assert!(
            line.contains("第 7 项：t1 在等锁 `A`，它被 t2 持有"),
            "{line}"
        );
        let q = waiting("queue:q:empty", |_| None);
        assert!(refusal(1, "c0", &q).contains("（队列空了，等着取）"));
        assert_eq!(waiting("join", |_| None), Why::Join);
    }
}

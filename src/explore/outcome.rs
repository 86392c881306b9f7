//! How one explored run ended, read off its final model in both languages:
//! a deadlock, or what happened to the shared state (model::outcome).

use crate::event::Outcome as RunOutcome;
use crate::model::outcome::{Outcome, Tone};
use crate::model::Model;

/// One run's ending: a stable key and its label in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ending {
    pub key: String,
    pub en: String,
    pub zh: String,
}

/// A short machine key for the state the model is in: `oversold`, each
/// value's `name=value` (with `lost N`), torn reads, actors that failed.
pub fn state_key(model: &Model) -> String {
    let out = Outcome::of_state(model);
    let mut parts: Vec<String> = Vec::new();
    let sold_bad = out
        .sentences
        .iter()
        .any(|s| s.tone == Tone::Bad && s.en.contains("oversold"));
    if sold_bad {
        parts.push("oversold".into());
    }
    let mut values: Vec<_> = model.values.iter().collect();
    values.sort_by(|a, b| a.name.cmp(&b.name));
    for v in values {
        let Some(c) = v.copies.first() else { continue };
        let Some(now) = c.current() else { continue };
        if c.lost > 0 {
            parts.push(format!("{}={now} (lost {})", v.name, c.lost));
        } else {
            parts.push(format!("{}={now}", v.name));
        }
    }
    let torn = model.errors.torn_reads();
    if torn > 0 {
        parts.push(format!("torn={torn}"));
    }
    parts.join(", ")
}

/// The ending of a finished run; `cycle` when it deadlocked (actor, lock, ...).
pub fn ending(model: &Model, cycle: Option<&[String]>) -> Ending {
    if let Some(cycle) = cycle {
        let mut who: Vec<&str> = cycle.iter().step_by(2).map(String::as_str).collect();
        who.sort();
        return Ending {
            key: "deadlock".into(),
            en: format!("deadlock: {} wait for each other", who.join(", ")),
            zh: format!("死锁：{} 互相等待", who.join("、")),
        };
    }
    let mut key = state_key(model);
    let out = Outcome::of_state(model);
    let mut en: Vec<String> = out.sentences.iter().map(|s| s.en.clone()).collect();
    let mut zh: Vec<String> = out.sentences.iter().map(|s| s.zh.clone()).collect();
    match model.run.outcome {
        Some(RunOutcome::Completed) | None => {}
        Some(other) => {
            let how = format!("{other:?}").to_lowercase();
            key = if key.is_empty() {
                how.clone()
            } else {
                format!("{how}, {key}")
            };
            en.insert(0, format!("the run did not complete ({how})"));
            zh.insert(0, format!("运行没有正常结束（{how}）"));
        }
    }
    if key.is_empty() {
        return Ending {
            key: "ended".into(),
            en: "every actor ended".into(),
            zh: "所有参与者都结束了".into(),
        };
    }
    Ending {
        key,
        en: en.join("; "),
        zh: zh.join("；"),
    }
}

//! How one explored run ended, read off its final model in both languages:
//! a deadlock, or what happened to the shared state (model::outcome).

use crate::event::Outcome as RunOutcome;
use crate::model::challenge::Play;
use crate::model::outcome::{Outcome, Tone};
use crate::model::Model;
use crate::scenario::text::Lang;

/// One run's ending: a stable key and its label in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ending {
    pub key: String,
    pub en: String,
    pub zh: String,
    /// On a challenge: whether this run wins it.
    pub wins: Option<bool>,
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
            wins: None,
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
            wins: None,
        };
    }
    Ending {
        key,
        en: en.join("; "),
        zh: zh.join("；"),
        wins: None,
    }
}

/// The ending of a run on a challenge, keyed by its verdict first, then the
/// numbers the goal measures, then the final state: `wins, most holding
/// rooms=3, inside=0`. The state alone is often the same for every run
/// (every shopper has left); the verdict is what the challenge asks.
pub fn judged(end: Ending, play: &Play) -> Ending {
    let wins = play.won();
    let (word_en, word_zh) = match (wins, play.over_budget()) {
        (true, _) => ("wins".to_string(), "获胜".to_string()),
        (false, false) => ("does not win".into(), "未获胜".into()),
        (false, true) => (
            format!("does not win in {} steps", play.budget),
            format!("{} 步内未获胜", play.budget),
        ),
    };
    let en_read = play.readings(Lang::En);
    let zh_read = play.readings(Lang::Zh);
    let mut key = vec![word_en.clone()];
    key.extend(en_read.iter().map(|r| r.0.clone()));
    key.push(end.key);
    let label = |word: String, read: &[(String, String)], rest: String, seps: [&str; 2]| {
        let mut parts: Vec<String> = read.iter().map(|r| r.1.clone()).collect();
        parts.push(rest);
        format!("{word}{}{}", seps[0], parts.join(seps[1]))
    };
    Ending {
        key: key.join(", "),
        en: label(word_en, &en_read, end.en, [": ", "; "]),
        zh: label(word_zh, &zh_read, end.zh, ["：", "；"]),
        wins: Some(wins),
    }
}

#[cfg(test)]
#[path = "outcome_tests.rs"]
mod tests;

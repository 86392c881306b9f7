//! `[[challenges]]`: the learner is the scheduler. A challenge names a
//! variant and parameter values, the actors the learner steps by hand, a step
//! budget, the goal (`win`, conditions shaped as `[[checks]]`, all must hold)
//! and a debrief page.
//!
//! ```toml
//! [[challenges]]
//! id = "oversell"
//! title = { en = "...", zh = "..." }
//! goal = { en = "...", zh = "..." }
//! variant = "no-lock"
//! set = { buyers = 2 }
//! actors = ["buyer0", "buyer1"]
//! budget = 12
//! win = [ { count = { event = "value", actor = "buyer*", where = { name = "tickets" } }, at_least = 2 } ]
//! debrief = { en = "...", zh = "..." }
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::diag::Diag;
use super::plan::CheckSpec;
use super::raw::{RawCheck, RawScenario};
use super::text::Text;
use super::values::{check_value, value_text};

/// The most steps a challenge may allow.
pub const MAX_BUDGET: i64 = 500;

/// A challenge as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChallenge {
    pub id: Spanned<String>,
    pub title: Text,
    pub goal: Text,
    pub variant: Option<Spanned<String>>,
    #[serde(default)]
    pub set: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    pub actors: Spanned<Vec<String>>,
    pub budget: Spanned<i64>,
    pub win: Spanned<Vec<Spanned<RawCheck>>>,
    pub debrief: Text,
}

/// A validated challenge.
#[derive(Debug, Clone, PartialEq)]
pub struct Challenge {
    pub id: String,
    pub title: Text,
    /// The sentence the challenge bar shows.
    pub goal: Text,
    pub variant: Option<String>,
    /// `--set` values, as text.
    pub sets: Vec<(String, String)>,
    /// The actors the learner steps; every other actor runs freely.
    pub actors: Vec<String>,
    pub budget: u32,
    /// All must hold (see model/challenge.rs for when each is judged).
    pub win: Vec<CheckSpec>,
    pub debrief: Text,
}

/// Every challenge of `raw`; problems go to `diags` at their FILE:LINE:COL.
pub(super) fn build(raw: &RawScenario, diags: &mut Vec<Diag>) -> Vec<Challenge> {
    let mut out: Vec<Challenge> = Vec::new();
    for c in &raw.challenges {
        let before = diags.len();
        let built = one(raw, c, diags);
        if out.iter().any(|o| o.id == *c.get_ref().id.get_ref()) {
            let msg = format!("challenge {:?} is declared twice", c.get_ref().id.get_ref());
            diags.push(Diag::new(c.get_ref().id.span(), msg));
        }
        if let (Some(ch), true) = (built, diags.len() == before) {
            out.push(ch);
        }
    }
    out
}

fn one(
    raw: &RawScenario,
    spanned: &Spanned<RawChallenge>,
    diags: &mut Vec<Diag>,
) -> Option<Challenge> {
    let c = spanned.get_ref();
    check_id(&c.id, diags);
    for (what, t) in [
        ("title", &c.title),
        ("goal", &c.goal),
        ("debrief", &c.debrief),
    ] {
        if t.en.trim().is_empty() || t.zh.trim().is_empty() {
            let msg = format!("challenge {what} needs text in both en and zh");
            diags.push(Diag::new(spanned.span(), msg));
        }
    }
    let variant = match &c.variant {
        None => raw.variants.first(),
        Some(name) => {
            let found = raw
                .variants
                .iter()
                .find(|v| v.name.get_ref() == name.get_ref());
            if found.is_none() {
                let known: Vec<&str> = raw
                    .variants
                    .iter()
                    .map(|v| v.name.get_ref().as_str())
                    .collect();
                let msg = format!(
                    "no variant is named {:?}; variants: {}",
                    name.get_ref(),
                    known.join(", ")
                );
                diags.push(Diag::new(name.span(), msg));
                return None;
            }
            found
        }
    };
    let (overrides, sets) = settings(raw, &c.set, diags)?;
    let plan = match super::resolve::resolve(raw, variant, &overrides) {
        Ok(p) => p,
        Err(more) => {
            let msg = "with this challenge's variant and set the scenario is invalid (below)";
            diags.push(Diag::new(spanned.span(), msg));
            diags.extend(more);
            return None;
        }
    };
    check_actors(&c.actors, &plan, diags);
    let budget = *c.budget.get_ref();
    if !(1..=MAX_BUDGET).contains(&budget) {
        let msg =
            format!("budget is the number of steps allowed: from 1 to {MAX_BUDGET}, not {budget}");
        diags.push(Diag::new(c.budget.span(), msg));
    }
    if c.win.get_ref().is_empty() {
        let msg = "win needs at least one condition (shaped as a [[checks]] entry)";
        diags.push(Diag::new(c.win.span(), msg));
    }
    let values = super::params::bind_params(raw, variant, &overrides, diags);
    let env = values
        .iter()
        .map(|(k, v)| (k.clone(), value_text(v)))
        .collect();
    let list = c.win.get_ref();
    let win = super::resolve_checks::build_list(raw, list, variant, &plan.actors, &env, diags);
    Some(Challenge {
        id: c.id.get_ref().clone(),
        title: c.title.clone(),
        goal: c.goal.clone(),
        variant: plan.variant.clone(),
        sets,
        actors: c.actors.get_ref().clone(),
        budget: budget.clamp(1, MAX_BUDGET) as u32,
        win,
        debrief: c.debrief.clone(),
    })
}

fn check_id(id: &Spanned<String>, diags: &mut Vec<Diag>) {
    let s = id.get_ref();
    let ok = !s.is_empty()
        && s.chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
    if !ok {
        let msg = format!("challenge id {s:?}: use lowercase letters, digits and '-'");
        diags.push(Diag::new(id.span(), msg));
    }
}

/// The challenge's `set`: each a parameter of the file, of its default's type
/// and within its bounds; also as `--set` text for the replay command.
type Settings = (BTreeMap<String, toml::Value>, Vec<(String, String)>);

fn settings(
    raw: &RawScenario,
    set: &BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    diags: &mut Vec<Diag>,
) -> Option<Settings> {
    let (mut values, mut texts, mut ok) = (BTreeMap::new(), Vec::new(), true);
    for (name, v) in set {
        let Some((_, p)) = raw
            .params
            .iter()
            .find(|(k, _)| k.get_ref() == name.get_ref())
        else {
            let known: Vec<&str> = raw.params.keys().map(|k| k.get_ref().as_str()).collect();
            let msg = format!(
                "no parameter is named {:?}; parameters: {}",
                name.get_ref(),
                known.join(", ")
            );
            diags.push(Diag::new(name.span(), msg));
            ok = false;
            continue;
        };
        let p = p.get_ref();
        if let Err(why) = check_value(p.default.get_ref(), v.get_ref(), p.min, p.max) {
            diags.push(Diag::new(v.span(), format!("{}: {why}", name.get_ref())));
            ok = false;
            continue;
        }
        values.insert(name.get_ref().clone(), v.get_ref().clone());
        texts.push((name.get_ref().clone(), value_text(v.get_ref())));
    }
    ok.then_some((values, texts))
}

fn check_actors(actors: &Spanned<Vec<String>>, plan: &super::plan::Plan, diags: &mut Vec<Diag>) {
    let names: Vec<&str> = plan.actors.iter().map(|a| a.name.as_str()).collect();
    if actors.get_ref().is_empty() {
        diags.push(Diag::new(
            actors.span(),
            "actors: name the actors the learner steps",
        ));
    }
    for (i, a) in actors.get_ref().iter().enumerate() {
        if !names.contains(&a.as_str()) {
            let msg = format!(
                "{a:?} is not an actor of this challenge's run ({})",
                names.join(", ")
            );
            diags.push(Diag::new(actors.span(), msg));
        } else if actors.get_ref()[..i].contains(a) {
            diags.push(Diag::new(actors.span(), format!("{a:?} is named twice")));
        }
    }
}

impl super::Scenario {
    /// The challenge with this id, or an error listing the ids there are.
    pub fn challenge(&self, id: &str) -> Result<&Challenge, String> {
        self.challenges.iter().find(|c| c.id == id).ok_or_else(|| {
            let ids: Vec<&str> = self.challenges.iter().map(|c| c.id.as_str()).collect();
            let ids = if ids.is_empty() {
                "none".to_string()
            } else {
                ids.join(", ")
            };
            format!("{} has no challenge {id:?}; its challenges: {ids}", self.id)
        })
    }
}

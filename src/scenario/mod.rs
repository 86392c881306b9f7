//! Scenarios are data: TOML files parsed, validated and resolved into plans.
//! The format is documented in docs/scenario-format.md.

mod builtin;
pub mod challenge;
mod check_cmp;
pub mod check_compare;
mod check_sockets;
mod coroutines;
mod decls;
mod decls_flow;
mod decls_net;
mod decls_sync;
pub mod diag;
pub mod duration;
pub mod event_fields;
pub mod executors;
pub mod expr;
mod expr_parse;
mod fixed;
pub(crate) mod fullwidth;
pub mod jobs;
mod limits;
pub mod listing;
pub mod load;
pub mod pages;
mod params;
pub mod plan;
mod plan_info;
pub mod plan_mux;
pub mod plan_net;
mod plan_shared;
pub mod plan_sync;
mod prints;
mod raw;
mod raw_either;
mod resolve;
mod resolve_checks;
pub mod start_method;
mod starts;
mod steps;
mod steps_flow;
mod steps_measure;
mod steps_mux;
mod steps_net;
mod steps_net_parts;
mod steps_pool;
mod steps_shared;
mod steps_sync;
mod steps_targets;
mod switch_interval;
pub mod tables;
pub mod text;
pub mod timed;
mod values;
mod verbs;

use std::collections::BTreeMap;

use load::parse_raw;
use plan::Plan;
use raw::RawScenario;
use text::Text;

pub use resolve::{MAX_PROCESSES, MAX_SECONDS, MAX_THREADS, SPEED_MAX, SPEED_MIN};

/// A variant as the picker and status bar show it.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantInfo {
    pub name: String,
    pub label: Text,
    /// Its own opening speed (`pace` in `[[variants]]`), if it has one.
    pub pace: Option<f64>,
}

/// A validated scenario file.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub id: String,
    pub title: Text,
    pub summary: Text,
    pub lesson: Text,
    /// The lesson's pages (`[[pages]]`), or `lesson` as the one page.
    pub pages: Vec<pages::Page>,
    pub variants: Vec<VariantInfo>,
    /// The speed the lesson opens at when `--speed` is not given (`pace`).
    pub pace: Option<f64>,
    /// `[[challenges]]`: the learner is the scheduler.
    pub challenges: Vec<challenge::Challenge>,
    /// Where it came from, for messages (`builtin:zombie` or a path).
    pub file: String,
    /// What `load` takes to find it again: the built-in id, or the path.
    pub origin: String,
    source: String,
    /// A plan made without a scenario file (`conlab py`): `plan` returns it.
    fixed: Option<Box<Plan>>,
}

/// Why a scenario could not be loaded or resolved.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// Problems found in a file, each already formatted as `FILE:LINE:COL: message`.
    #[error("{}", .0.join("\n"))]
    Invalid(Vec<String>),
    #[error("no built-in scenario or file named {0:?} (`conlab list` shows the built-in ones)")]
    NotFound(String),
    #[error("{0}: {1}")]
    Unreadable(String, std::io::Error),
    /// A bad `--variant` or `--set` on the command line.
    #[error("{0}")]
    Request(String),
}

impl Scenario {
    /// The speed a variant opens at (None: the first): its own `pace`, else
    /// the lesson's, else None (1x).
    pub fn pace_of(&self, variant: Option<&str>) -> Option<f64> {
        let v = match variant {
            Some(name) => self.variants.iter().find(|v| v.name == name),
            None => self.variants.first(),
        };
        v.and_then(|v| v.pace).or(self.pace)
    }

    /// Parse and validate `source` (every variant is resolved once, so an error
    /// anywhere in the file is reported before anything runs).
    pub fn parse(file: &str, source: &str) -> Result<Scenario, ScenarioError> {
        let raw = parse_raw(file, source)?;
        let mut diags = check_format(&raw);
        let none = BTreeMap::new();
        diags.extend(
            resolve::resolve(&raw, None, &none)
                .err()
                .unwrap_or_default(),
        );
        for v in &raw.variants {
            diags.extend(
                resolve::resolve(&raw, Some(v), &none)
                    .err()
                    .unwrap_or_default(),
            );
        }
        diags.extend(duplicate_variants(&raw));
        let pages = pages::build_pages(&raw, &mut diags);
        let pace = resolve_checks::pace(raw.pace.as_ref(), &mut diags);
        resolve_checks::labels(&raw, &mut diags);
        // A challenge is resolved with its own settings: only once the file is sound.
        let challenges = match diags.is_empty() {
            true => challenge::build(&raw, &mut diags),
            false => Vec::new(),
        };
        for v in &raw.variants {
            resolve_checks::pace(v.pace.as_ref(), &mut diags);
        }
        if !diags.is_empty() {
            return Err(ScenarioError::Invalid(diag::render(file, source, diags)));
        }
        Ok(Scenario {
            id: raw.id.get_ref().clone(),
            title: raw.title.clone(),
            summary: raw.summary.clone(),
            lesson: raw.lesson.clone().unwrap_or_default(),
            pages,
            variants: raw
                .variants
                .iter()
                .map(|v| VariantInfo {
                    name: v.name.get_ref().clone(),
                    label: v
                        .label
                        .clone()
                        .unwrap_or_else(|| Text::new(v.name.get_ref(), v.name.get_ref())),
                    pace: v.pace.as_ref().map(|p| *p.get_ref()),
                })
                .collect(),
            pace,
            challenges,
            file: file.to_string(),
            origin: file.to_string(),
            source: source.to_string(),
            fixed: None,
        })
    }

    /// Resolve for a variant (None: the first one, if any) and `--set NAME=VALUE` overrides.
    pub fn plan(
        &self,
        variant: Option<&str>,
        sets: &[(String, String)],
    ) -> Result<Plan, ScenarioError> {
        if let Some(plan) = &self.fixed {
            return Ok((**plan).clone());
        }
        let raw = parse_raw(&self.file, &self.source)?;
        let chosen = match variant {
            None => raw.variants.first(),
            Some(name) => Some(
                raw.variants
                    .iter()
                    .find(|v| v.name.get_ref() == name)
                    .ok_or_else(|| {
                        let known: Vec<_> = self.variants.iter().map(|v| v.name.as_str()).collect();
                        ScenarioError::Request(format!(
                            "{} has no variant {name:?}; its variants: {}",
                            self.id,
                            if known.is_empty() {
                                "none".into()
                            } else {
                                known.join(", ")
                            }
                        ))
                    })?,
            ),
        };
        let overrides = parse_sets(&raw, sets)?;
        let mut plan = resolve::resolve(&raw, chosen, &overrides).map_err(|diags| {
            let lines = diag::render(&self.file, &self.source, diags);
            ScenarioError::Request(format!(
                "with these settings the scenario is invalid:\n{}",
                lines.join("\n")
            ))
        })?;
        plan.source.clone_from(&self.origin);
        plan.params = sets.iter().cloned().collect();
        Ok(plan)
    }

    /// The next variant after `current`, wrapping; None when there are none.
    pub fn next_variant(&self, current: Option<&str>) -> Option<String> {
        let names: Vec<&str> = self.variants.iter().map(|v| v.name.as_str()).collect();
        let at = current.and_then(|c| names.iter().position(|n| *n == c));
        let next = match at {
            Some(i) => (i + 1) % names.len(),
            None => 0,
        };
        names.get(next).map(|s| s.to_string())
    }
}

fn check_format(raw: &RawScenario) -> Vec<diag::Diag> {
    match &raw.format {
        Some(f) if *f.get_ref() != 1 => vec![diag::Diag::new(
            f.span(),
            format!(
                "format {} is not known: this conlab reads format 1",
                f.get_ref()
            ),
        )],
        _ => Vec::new(),
    }
}

fn duplicate_variants(raw: &RawScenario) -> Vec<diag::Diag> {
    let mut out = Vec::new();
    for (i, v) in raw.variants.iter().enumerate() {
        if raw.variants[..i]
            .iter()
            .any(|w| w.name.get_ref() == v.name.get_ref())
        {
            out.push(diag::Diag::new(
                v.name.span(),
                format!("variant {:?} is declared twice", v.name.get_ref()),
            ));
        }
    }
    out
}

fn parse_sets(
    raw: &RawScenario,
    sets: &[(String, String)],
) -> Result<BTreeMap<String, toml::Value>, ScenarioError> {
    let mut out = BTreeMap::new();
    for (name, text) in sets {
        let Some((_, p)) = raw.params.iter().find(|(k, _)| k.get_ref() == name) else {
            let known: Vec<_> = raw.params.keys().map(|k| k.get_ref().as_str()).collect();
            return Err(ScenarioError::Request(format!(
                "--set {name}: no such parameter; this scenario has: {}",
                if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                }
            )));
        };
        let p = p.get_ref();
        let value = values::parse_like(p.default.get_ref(), text)
            .and_then(|v| values::check_value(p.default.get_ref(), &v, p.min, p.max).map(|_| v))
            .map_err(|m| ScenarioError::Request(format!("--set {name}={text}: {m}")))?;
        out.insert(name.clone(), value);
    }
    Ok(out)
}

/// The built-in scenario files as shipped: (file name, text).
pub fn builtin_sources() -> &'static [(&'static str, &'static str)] {
    builtin::FILES
}

/// Every built-in scenario, in catalogue order. A built-in file that does not
/// validate is a bug caught by the tests; it is left out rather than crashing.
pub fn builtin() -> Vec<Scenario> {
    builtin::FILES
        .iter()
        .filter_map(|(name, src)| Scenario::parse(&format!("scenarios/{name}"), src).ok())
        .collect()
}

pub use load::{load, load_builtin, load_file, parse_bytes, MAX_FILE_BYTES};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_challenge;
#[cfg(test)]
mod tests_compare;
#[cfg(test)]
mod tests_coroutines;
#[cfg(test)]
mod tests_expr;
#[cfg(test)]
mod tests_flow;
#[cfg(test)]
mod tests_flow_errors;
#[cfg(test)]
mod tests_hardening;
#[cfg(test)]
mod tests_jobs;
#[cfg(test)]
mod tests_limits_threads;
#[cfg(test)]
mod tests_listing;
#[cfg(test)]
mod tests_mux;
#[cfg(test)]
mod tests_net;
#[cfg(test)]
mod tests_pages;
#[cfg(test)]
mod tests_prints;
#[cfg(test)]
mod tests_punct;
#[cfg(test)]
mod tests_start_method;
#[cfg(test)]
mod tests_switch;
#[cfg(test)]
mod tests_tables;
#[cfg(test)]
mod tests_timed;
#[cfg(test)]
mod tests_variants;

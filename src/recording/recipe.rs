//! The recorded run's scenario and plan, rebuilt from the recording alone: the
//! scenario's text carried in its `recipe` line, or a built-in id. A path in a
//! recording is never opened (a recording is data, and may come from anyone).

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use super::reader::{Line, Reader, MAX_LINE_BYTES};
use crate::event::EventKind;
use crate::scenario::plan::Plan;
use crate::scenario::{self, Scenario};

/// What a recording's first `run_started` and `recipe` lines say, with their line numbers.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// The recording's file name, for messages.
    pub name: String,
    run_started: Option<(usize, Option<String>, String)>,
    recipe: Option<(usize, Recipe)>,
}

#[derive(Debug, Clone, Default)]
struct Recipe {
    source: String,
    params: BTreeMap<String, String>,
    text: Option<String>,
}

impl Header {
    pub fn new(name: &str) -> Header {
        Header {
            name: name.to_string(),
            ..Header::default()
        }
    }

    /// Take what `line` tells, if it is the first `run_started` or `recipe`.
    pub fn note(&mut self, line: &Line) {
        match &line.event.kind {
            EventKind::RunStarted {
                scenario, variant, ..
            } if self.run_started.is_none() => {
                self.run_started = Some((line.number, variant.clone(), scenario.clone()));
            }
            EventKind::Recipe {
                source,
                params,
                scenario_text,
            } if self.recipe.is_none() => {
                let r = Recipe {
                    source: source.clone(),
                    params: params.clone(),
                    text: scenario_text.clone(),
                };
                self.recipe = Some((line.number, r));
            }
            _ => {}
        }
    }

    /// Read all of `path`, one line at a time, checking every line, and keep
    /// its header: a damaged recording is refused before anything is played.
    pub fn scan(path: &Path) -> Result<Header, String> {
        let mut reader = Reader::open(path)?;
        let mut header = Header::new(reader.name());
        while let Some(line) = reader.next_line()? {
            header.note(&line);
        }
        Ok(header)
    }

    /// The recorded variant.
    pub fn variant(&self) -> Option<String> {
        self.run_started.as_ref().and_then(|r| r.1.clone())
    }

    /// The recorded `--set NAME=VALUE` parameters.
    pub fn sets(&self) -> Vec<(String, String)> {
        let params = self.recipe.as_ref().map(|(_, r)| r.params.clone());
        params.unwrap_or_default().into_iter().collect()
    }

    /// The recorded run's scenario, from the recipe's text or a built-in id.
    pub fn scenario(&self) -> Result<Scenario, String> {
        let name = &self.name;
        let Some((started_at, _, id)) = &self.run_started else {
            return Err(format!("{name}:1:1: the recording has no run_started line: it is not a conlab recording, or its beginning is missing"));
        };
        let (at, recipe) = match &self.recipe {
            Some((at, r)) => (*at, r.clone()),
            None => (
                *started_at,
                Recipe {
                    source: id.clone(),
                    ..Recipe::default()
                },
            ),
        };
        if let Some(text) = &recipe.text {
            if crate::py::lesson::is_python_source(&recipe.source) {
                return Ok(crate::py::lesson::replayed(
                    &recipe.source,
                    &recipe.params,
                    text,
                ));
            }
            let file = format!("{name}:recipe");
            return Scenario::parse(&file, text).map_err(|e| {
                format!("{name}:{at}:1: the scenario carried in this recording does not load:\n{e}")
            });
        }
        if let Some(s) = builtin_named(&recipe.source) {
            return Ok(s);
        }
        Err(format!(
            "{name}:{at}:1: the recording names the scenario {:?}, which is not built in, and does not carry its text \
             (it was made by an older conlab); conlab does not open files a recording names. \
             Record the run again with this conlab: conlab run SCENARIO_FILE --record NEW_FILE",
            recipe.source
        ))
    }

    /// The recorded run's plan, built again.
    pub fn plan(&self) -> Result<Plan, String> {
        let scenario = self.scenario()?;
        let at = self.recipe.as_ref().map(|r| r.0);
        let at = at.or(self.run_started.as_ref().map(|r| r.0)).unwrap_or(1);
        let (variant, sets) = (self.variant(), self.sets());
        scenario.plan(variant.as_deref(), &sets).map_err(|e| {
            format!(
                "{}:{at}:1: the recorded run's plan cannot be built again: {e}",
                self.name
            )
        })
    }
}

/// The built-in scenario a recipe's `source` names: its id, or its file
/// (`scenarios/ID.toml`, as the picker starts it). Never a path on disk.
pub fn builtin_named(source: &str) -> Option<Scenario> {
    let id = source
        .strip_prefix("scenarios/")
        .and_then(|f| f.strip_suffix(".toml"))
        .unwrap_or(source);
    scenario::load_builtin(id)?.ok()
}

/// The text of the scenario file `plan` was made from, for `--record` to
/// carry in the recipe: None for a built-in, a file that is not regular, too
/// large for a recipe line, or no longer the text that made this plan.
pub fn text_to_carry(plan: &Plan) -> Option<String> {
    if builtin_named(&plan.source).is_some() {
        return None;
    }
    let limit = MAX_LINE_BYTES / 2;
    if plan.python.is_some() {
        // A learner's program: its text is the listing, read before the run.
        let text = plan.listing.as_ref()?.en.clone();
        return (serde_json::to_string(&text).ok()?.len() + 4096 < MAX_LINE_BYTES).then_some(text);
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&plan.source)
        .ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut text = String::new();
    file.take(limit as u64 + 1).read_to_string(&mut text).ok()?;
    let fits =
        text.len() <= limit && serde_json::to_string(&text).ok()?.len() + 4096 < MAX_LINE_BYTES;
    let sets: Vec<(String, String)> = plan.params.clone().into_iter().collect();
    let same = || {
        let s = Scenario::parse(&plan.source, &text).map_err(|e| e.to_string())?;
        s.plan(plan.variant.as_deref(), &sets)
            .map(|p| Plan {
                lang: plan.lang,
                ..p
            })
            .map_err(|e| e.to_string())
    };
    (fits && same().ok().as_ref() == Some(plan)).then_some(text)
}

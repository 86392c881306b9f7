//! How a child process is started (`start_method = "fork" | "spawn"`) and the
//! module's top level (`[module] script`), which main runs first and every
//! spawn child runs again before its own script, as Python's spawn re-imports
//! the main module.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::decls::Decls;
use super::diag::Diag;
use super::plan::Step;
use super::raw::{RawActor, RawScenario, RawStep, RawVariant};
use super::resolve::Instance;
use super::values::{substitute, Env};
use crate::event::ActorKind;

/// Python's start methods, as the lab plays them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StartMethod {
    /// A real fork(2) of the parent, without exec: the child has a copy of
    /// its parent's memory (globals as the parent set them) and runs no
    /// module steps.
    Fork,
    /// A fresh exec of this program that re-runs the module's top level
    /// (the `[module]` steps), with every global at its initial value.
    Spawn,
}

/// `[module]`: the steps at a Python file's top level.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModule {
    #[serde(default)]
    pub script: Vec<Spanned<RawStep>>,
}

/// The actor's start method: "fork", "spawn" or a parameter naming one; only
/// a child process has one (the host starts main; a thread shares memory).
pub(super) fn of_actor(
    raw: &RawScenario,
    decl: &RawActor,
    kind: ActorKind,
    env: &Env,
    diags: &mut Vec<Diag>,
) -> Option<StartMethod> {
    let m = decl.start_method.as_ref()?;
    let at = m.span();
    let text = match substitute(m.get_ref(), env) {
        Ok(t) => t,
        Err(why) => {
            diags.push(Diag::new(at, why));
            return None;
        }
    };
    let method = match text.as_str() {
        "fork" => StartMethod::Fork,
        "spawn" => StartMethod::Spawn,
        other => {
            let msg = format!("start_method must be \"fork\" or \"spawn\", not {other:?}");
            diags.push(Diag::new(at, msg));
            return None;
        }
    };
    if kind != ActorKind::Process || decl.parent.is_none() {
        let msg = "only a child process has a start_method (main is started by the host; \
                   a thread shares its process's memory)";
        diags.push(Diag::new(at, msg));
        return None;
    }
    if method == StartMethod::Fork && !raw.pipes.is_empty() {
        let msg = "start_method = \"fork\" cannot be used with [pipes] yet: use \"spawn\" \
                   or leave it out";
        diags.push(Diag::new(at, msg));
        return None;
    }
    Some(method)
}

/// The module's steps for `variant` (its `scripts.module` replaces the
/// file's), built as main's: main runs them first.
pub(super) fn build_module<'a>(
    raw: &RawScenario,
    variant: Option<&RawVariant>,
    instances: &'a [Instance<'a>],
    decls: &'a Decls,
    diags: &mut Vec<Diag>,
) -> Module {
    let from_variant = variant.and_then(|v| {
        v.scripts
            .iter()
            .find(|(k, _)| k.get_ref() == MODULE)
            .map(|(_, s)| s.as_slice())
    });
    let script = from_variant.or(raw.module.as_ref().map(|m| m.get_ref().script.as_slice()));
    let (Some(script), Some(root)) = (script, instances.iter().find(|i| i.parent.is_none())) else {
        return Module::default();
    };
    let mut builder = super::steps::StepBuilder::new(root, instances, decls, diags);
    let steps = builder.build(script, &root.env);
    Module {
        steps,
        starts: std::mem::take(&mut builder.starts),
        queue_uses: std::mem::take(&mut builder.queue_uses),
    }
}

/// The module's steps, and what the checks across scripts need of them.
#[derive(Default)]
pub(super) struct Module {
    pub steps: Vec<Step>,
    pub starts: Vec<super::starts::Start>,
    pub queue_uses: Vec<super::steps_flow::QueueUse>,
}

/// The name a variant's `scripts` uses for the module's steps.
pub(super) const MODULE: &str = "module";

//! Scenarios are data: TOML files parsed, validated and resolved into plans.

pub mod plan;
pub mod text;

use plan::Plan;
use text::Text;

/// A variant as the picker and status bar show it.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantInfo {
    pub name: String,
    pub label: Text,
}

/// A validated scenario file.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub id: String,
    pub title: Text,
    pub summary: Text,
    pub lesson: Text,
    pub variants: Vec<VariantInfo>,
}

/// Why a scenario could not be loaded or resolved.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// Problems found in a file, each already formatted as `FILE:LINE:COL: message`.
    #[error("{}", .0.join("\n"))]
    Invalid(Vec<String>),
    #[error("no scenario or file named {0:?} (try `conlab list`)")]
    NotFound(String),
    #[error("{0}")]
    Request(String),
}

impl Scenario {
    /// Resolve for a variant (None: the first, or none) and `--set NAME=VALUE` overrides.
    pub fn plan(&self, _variant: Option<&str>, _sets: &[(String, String)]) -> Result<Plan, ScenarioError> {
        todo!()
    }
}

/// Every built-in scenario, in catalogue order.
pub fn builtin() -> Vec<Scenario> {
    todo!()
}

/// A built-in id, or a path to a TOML file.
pub fn load(_id_or_path: &str) -> Result<Scenario, ScenarioError> {
    todo!()
}

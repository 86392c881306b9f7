//! Scenarios are data: TOML files parsed, validated and resolved into plans.

pub mod plan;
pub mod text;

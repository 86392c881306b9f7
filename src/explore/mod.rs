//! `conlab explore`: every interleaving of a lesson's gated steps, run for real.

pub mod report;

pub use report::{explore, replay_command, Bound, ExploreSpec, OutcomeRow, Progress, Report};

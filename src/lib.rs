//! conlab: a terminal lab for concurrency.

pub mod cli;
pub mod event;
pub mod headless;
pub mod model;
pub mod runtime;
pub mod scenario;
pub mod ui;

//! conlab: a terminal lab for concurrency.

pub mod event;
pub mod model;
pub mod runtime;
pub mod scenario;
pub mod ui;

//! conlab: a terminal lab for concurrency.

pub mod cli;
pub mod cli_challenge;
pub mod cli_explore;
pub mod cli_explore_print;
pub mod cli_py;
pub mod cli_replay;
pub mod cli_run;
pub mod event;
pub mod explore;
pub mod export;
pub mod headless;
pub mod headless_challenge;
pub mod model;
pub mod py;
pub mod recording;
pub mod runtime;
pub mod scenario;
pub mod store;
pub mod ui;

//! `conlab py FILE.py [ARGS…]`: a learner's own Python program under the
//! lab's host. The program runs as `python3 -m conlab_trace FILE ARGS…` with
//! the embedded instrumentation package on its PYTHONPATH (`package`); every
//! process of it speaks JSON-lines events on a Unix stream socket of the run
//! (`conn`), which the host relays like a scenario worker's (`start`).
//! The interface both sides follow is the issue 18 spec (docs/python.md).

pub mod conn;
pub mod guard;
pub mod lesson;
pub mod package;
pub mod preflight;
pub mod start;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The actor name of the program's first process (multiprocessing's name).
pub const ROOT: &str = "MainProcess";

/// What the host needs to start the learner's program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PySpec {
    /// The learner's file, absolute.
    pub file: PathBuf,
    /// Its command-line arguments (`sys.argv[1:]`).
    #[serde(default)]
    pub args: Vec<String>,
    /// The working directory the program runs in: the user's.
    pub cwd: PathBuf,
}

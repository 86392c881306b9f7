//! Running scenarios for real: the host process, worker processes, threads, /proc.

mod actor;
pub mod clock;
pub mod control;
pub mod emit;
pub mod host;
mod hub_io;
pub mod launch;
pub mod observer;
mod process;
mod rundir;
mod wire;
pub mod worker;

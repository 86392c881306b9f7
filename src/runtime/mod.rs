//! Running scenarios for real: the host process, worker processes, threads, /proc.

pub mod launch;

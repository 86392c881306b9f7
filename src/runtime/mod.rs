//! Running scenarios for real: the host process, worker processes, threads, /proc.

mod actor;
mod actor_flow;
mod actor_pool;
mod actor_shared;
pub mod clock;
pub mod control;
pub mod emit;
pub(crate) mod fifo;
pub mod host;
mod host_watch;
mod hub_io;
pub mod launch;
pub mod manager;
pub mod observer;
pub(crate) mod pipes;
pub(crate) mod pools;
mod process;
pub(crate) mod queues;
pub mod replay;
mod rundir;
pub mod shared;
pub mod shared_os;
mod spawn;
pub mod start_limits;
mod wire;
pub mod worker;

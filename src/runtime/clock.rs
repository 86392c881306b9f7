//! One clock for every process of a run: CLOCK_MONOTONIC is system-wide, so a
//! base taken by the host gives comparable timestamps in every worker.

use nix::time::{clock_gettime, ClockId};

/// Nanoseconds on the monotonic clock.
pub fn mono_ns() -> u64 {
    let ts = clock_gettime(ClockId::CLOCK_MONOTONIC).expect("CLOCK_MONOTONIC is always there");
    ts.tv_sec() as u64 * 1_000_000_000 + ts.tv_nsec() as u64
}

/// Microseconds since the run began.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub base_ns: u64,
}

impl Clock {
    pub fn start() -> Clock {
        Clock { base_ns: mono_ns() }
    }

    pub fn t_us(&self) -> u64 {
        mono_ns().saturating_sub(self.base_ns) / 1_000
    }
}

//! Request → reply latencies: per client socket, the time from a send to
//! the next recv on the same socket, the newest `LATENCY_RING` kept.

use std::collections::{HashMap, VecDeque};

/// Latency samples kept (400 clients × a few requests each fit twice over).
pub const LATENCY_RING: usize = 1024;

/// One reply: when it came and how long after its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    pub t_us: u64,
    pub us: u64,
}

/// The latency ring and the requests still waiting for their reply.
#[derive(Debug, Clone, Default)]
pub struct Latency {
    /// The first unanswered send per (pid, socket name).
    pending: HashMap<(i32, String), u64>,
    ring: VecDeque<Sample>,
    /// Every sample ever taken, the forgotten ones included.
    pub total: u64,
}

impl Latency {
    /// A send (`sent`) or a recv on a client socket at `t_us`.
    pub fn note(&mut self, key: (i32, String), sent: bool, t_us: u64) {
        if sent {
            self.pending.entry(key).or_insert(t_us);
            return;
        }
        let Some(t0) = self.pending.remove(&key) else {
            return;
        };
        if self.ring.len() == LATENCY_RING {
            self.ring.pop_front();
        }
        let us = t_us.saturating_sub(t0);
        self.ring.push_back(Sample { t_us, us });
        self.total += 1;
    }

    /// The samples kept, oldest first.
    pub fn samples(&self) -> impl DoubleEndedIterator<Item = &Sample> + ExactSizeIterator + '_ {
        self.ring.iter()
    }

    /// Requests sent and not answered yet.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// The `q`-th quantile (0..=1) of the kept samples, in µs (nearest rank).
    pub fn quantile(&self, q: f64) -> Option<u64> {
        if self.ring.is_empty() {
            return None;
        }
        let mut v: Vec<u64> = self.ring.iter().map(|s| s.us).collect();
        v.sort_unstable();
        let rank = (q.clamp(0.0, 1.0) * v.len() as f64).ceil() as usize;
        Some(v[rank.saturating_sub(1).min(v.len() - 1)])
    }
}

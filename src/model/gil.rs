//! The modelled GILs over time: for each process whose GIL the run shows
//! (lock events on `GIL`, or `GIL:NAME` for process NAME), who held it when
//! and how many waited, folded from those lock events. The timeline's GIL
//! lane draws it; the totals give the hand-overs and the typical hold.

use crate::event::{Event, EventKind};

/// How far one query looks at most: drawing cost follows the screen.
const SCAN_LIMIT: usize = 256;

/// One hold: holder (an index into `GilTrack::holders`), from, to (None: still held).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hold {
    pub holder: usize,
    pub from_us: u64,
    pub to_us: Option<u64>,
}

/// One process's GIL.
#[derive(Debug, Clone, Default)]
pub struct GilTrack {
    /// The lock's name in the log: `GIL` or `GIL:NAME`.
    pub lock: String,
    /// The actors that held it, in the order of their first hold.
    pub holders: Vec<String>,
    holds: Vec<Hold>,
    waiters: Vec<String>,
    /// How many waited, from each time on (a point each time it changed).
    waiting: Vec<(u64, u32)>,
}

/// What a stretch of time `[t0, t1)` looked like on one GIL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stretch {
    /// Who held it longest in the stretch (None: nobody held it).
    pub holder: Option<usize>,
    /// The most that waited at once in the stretch.
    pub waiting: u32,
}

impl GilTrack {
    /// The process this GIL belongs to: `main` for `GIL`, NAME for `GIL:NAME`.
    pub fn process(&self) -> &str {
        self.lock.strip_prefix("GIL:").unwrap_or("main")
    }

    pub fn holds(&self) -> &[Hold] {
        &self.holds
    }

    fn holder_index(&mut self, actor: &str) -> usize {
        match self.holders.iter().position(|h| h == actor) {
            Some(i) => i,
            None => {
                self.holders.push(actor.to_string());
                self.holders.len() - 1
            }
        }
    }

    fn note_waiting(&mut self, t_us: u64) {
        let n = u32::try_from(self.waiters.len()).unwrap_or(u32::MAX);
        match self.waiting.last_mut() {
            Some(p) if p.1 == n => {}
            Some(p) if p.0 >= t_us => p.1 = n,
            _ => self.waiting.push((t_us, n)),
        }
    }

    fn wait(&mut self, t_us: u64, actor: &str) {
        if !self.waiters.iter().any(|w| w == actor) {
            self.waiters.push(actor.to_string());
            self.note_waiting(t_us);
        }
    }

    fn acquired(&mut self, t_us: u64, actor: &str) {
        if let Some(i) = self.waiters.iter().position(|w| w == actor) {
            self.waiters.remove(i);
            self.note_waiting(t_us);
        }
        self.close(t_us);
        let holder = self.holder_index(actor);
        let from_us = self.holds.last().map_or(t_us, |h| t_us.max(h.from_us));
        self.holds.push(Hold {
            holder,
            from_us,
            to_us: None,
        });
    }

    /// The open hold ends at `t_us` (a release, or the next acquire when a
    /// release was lost with its thread).
    fn close(&mut self, t_us: u64) {
        if let Some(h) = self.holds.last_mut().filter(|h| h.to_us.is_none()) {
            h.to_us = Some(t_us.max(h.from_us));
        }
    }

    /// Who held it during `[t0, t1)` (a hold still open lasts until
    /// `now_us`), and the most that waited at once then. When several held
    /// it (a stretch longer than a switch interval), the one shown is the
    /// longest holder other than `prev` (the stretch before's) among those
    /// that held it a quarter of the time or more: turns read as turns.
    pub fn stretch(&self, (t0, t1): (u64, u64), now_us: u64, prev: Option<usize>) -> Stretch {
        let first = self
            .holds
            .partition_point(|h| h.to_us.is_some_and(|e| e <= t0));
        let mut time = vec![0u64; self.holders.len()];
        for h in self.holds[first..]
            .iter()
            .take_while(|h| h.from_us < t1)
            .take(SCAN_LIMIT)
        {
            let end = h.to_us.unwrap_or(now_us).min(t1);
            time[h.holder] += end.saturating_sub(h.from_us.max(t0));
        }
        let total: u64 = time.iter().sum();
        let longest = |skip: Option<usize>| {
            (0..time.len())
                .filter(|&i| time[i] > 0 && Some(i) != skip && time[i] * 4 >= total)
                .max_by_key(|&i| (time[i], std::cmp::Reverse(i)))
        };
        Stretch {
            holder: longest(prev).or_else(|| longest(None)),
            waiting: self.waiting_in(t0, t1),
        }
    }

    fn waiting_in(&self, t0: u64, t1: u64) -> u32 {
        let w = &self.waiting;
        let i = w.partition_point(|p| p.0 <= t0);
        let before = i.checked_sub(1).map_or(0, |j| w[j].1);
        w[i..]
            .iter()
            .take_while(|p| p.0 < t1)
            .take(SCAN_LIMIT)
            .fold(before, |m, p| m.max(p.1))
    }

    /// Who holds it at `t_us`, and who waits then (in the order they came).
    pub fn at(&self, t_us: u64) -> (Option<&str>, u32) {
        let i = self.holds.partition_point(|h| h.from_us <= t_us);
        let holder = i
            .checked_sub(1)
            .map(|j| self.holds[j])
            .filter(|h| h.to_us.is_none_or(|e| e > t_us))
            .map(|h| self.holders[h.holder].as_str());
        let k = self.waiting.partition_point(|p| p.0 <= t_us);
        let waiting = k.checked_sub(1).map_or(0, |j| self.waiting[j].1);
        (holder, waiting)
    }

    /// How many times it went from one holder to another.
    pub fn handovers(&self) -> usize {
        self.holds
            .windows(2)
            .filter(|p| p[0].holder != p[1].holder)
            .count()
    }

    /// The median length of the holds that ended, in µs.
    pub fn median_hold_us(&self) -> Option<u64> {
        let mut d: Vec<u64> = self
            .holds
            .iter()
            .filter_map(|h| Some(h.to_us? - h.from_us))
            .collect();
        d.sort_unstable();
        d.get(d.len() / 2).copied()
    }
}

/// Every GIL the run showed, in the order first seen.
#[derive(Debug, Clone, Default)]
pub struct Gils {
    pub tracks: Vec<GilTrack>,
}

/// Whether a lock is a modelled GIL (`GIL`, `GIL:NAME`).
pub fn is_gil(lock: &str) -> bool {
    lock == "GIL" || lock.starts_with("GIL:")
}

impl Gils {
    fn track(&mut self, lock: &str) -> &mut GilTrack {
        let i = match self.tracks.iter().position(|t| t.lock == lock) {
            Some(i) => i,
            None => {
                self.tracks.push(GilTrack {
                    lock: lock.to_string(),
                    ..GilTrack::default()
                });
                self.tracks.len() - 1
            }
        };
        &mut self.tracks[i]
    }

    /// Fold one event: only lock events on a GIL change anything.
    pub fn apply(&mut self, e: &Event) {
        let (t, who) = (e.t_us, e.actor.as_str());
        match &e.kind {
            EventKind::LockWait { lock } if is_gil(lock) => self.track(lock).wait(t, who),
            EventKind::LockAcquired { lock, .. } if is_gil(lock) => {
                self.track(lock).acquired(t, who)
            }
            EventKind::LockReleased { lock, .. } if is_gil(lock) => self.track(lock).close(t),
            _ => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        self.tracks.is_empty()
    }
}

#[cfg(test)]
#[path = "tests_gil.rs"]
mod tests;

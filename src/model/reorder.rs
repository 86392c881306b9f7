//! Events in time order whatever socket they came on. Each actor writes to
//! its own socket and the host merges them as they arrive, so a consumer's
//! `got 0` can come in before the producer's `put 0`, and the host's "/proc
//! says Z" before the child's own `exited`. Events are held for a short
//! window and let out in `t_us` order; the model, the log and the lanes then
//! tell them as they happened. The screen (live, `rec`, and a recording
//! played back, which is saved in arrival order) takes events through it;
//! `--headless` prints them as they arrived, as the recording has them.
//!
//! One more rule: a process's exit is told by its parent when it notices,
//! often a moment after /proc already shows the zombie. "/proc says Z" is
//! parked until the exit is told (or reaped, or `PARK` passes), and the exit
//! is dated no later than the zombie was seen: it happened before.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::event::{Event, EventKind};

/// How long an event waits for earlier ones from other sockets.
pub const HOLD: Duration = Duration::from_millis(50);
const HOLD_US: u64 = 50_000;
/// Longest a zombie sighting waits for the exit to be told.
const PARK: Duration = Duration::from_secs(1);

/// Events waiting to be let out, sorted by time then arrival.
#[derive(Debug, Default)]
pub struct Reorder {
    held: Vec<(u64, u64, Instant, Event)>,
    next_seq: u64,
    /// The latest event time seen so far.
    newest_us: u64,
    /// The run's end has come: nothing earlier can follow.
    ended: bool,
    /// Zombie sightings waiting for their actor's exit, by actor.
    parked: HashMap<String, (Instant, Event)>,
    /// Actors whose exit has been told.
    exited: HashSet<String>,
}

fn is_zombie_sighting(e: &Event) -> bool {
    matches!(&e.kind, EventKind::ProcState { state } if state == "Z" || state == "X")
}

impl Reorder {
    /// Take `e`, which arrived at `now`.
    pub fn push(&mut self, mut e: Event, now: Instant) {
        self.newest_us = self.newest_us.max(e.t_us);
        if is_zombie_sighting(&e) && !self.exited.contains(&e.actor) {
            self.parked.insert(e.actor.clone(), (now, e));
            return;
        }
        let told = matches!(e.kind, EventKind::Exited { .. } | EventKind::Reaped { .. });
        if told {
            self.exited.insert(e.actor.clone());
            if let Some((_, z)) = self.parked.remove(&e.actor) {
                e.t_us = e.t_us.min(z.t_us);
                self.insert(e, now);
                self.insert(z, now);
                return;
            }
        }
        self.insert(e, now);
    }

    fn insert(&mut self, e: Event, now: Instant) {
        let key = (e.t_us, self.next_seq);
        self.next_seq += 1;
        let at = self.held.partition_point(|h| (h.0, h.1) <= key);
        let last = matches!(e.kind, EventKind::RunEnded { .. });
        self.held.insert(at, (key.0, key.1, now, e));
        // Nothing comes after the end: no reason to wait.
        self.ended |= last;
    }

    /// The events that have waited long enough at `now`, in time order:
    /// every event up to the latest time among those older than `HOLD`
    /// (by arrival) or `HOLD_US` older than the newest event.
    pub fn release(&mut self, now: Instant) -> Vec<Event> {
        let stale: Vec<String> = self
            .parked
            .iter()
            .filter(|(_, (at, _))| self.ended || now.saturating_duration_since(*at) >= PARK)
            .map(|(a, _)| a.clone())
            .collect();
        for a in stale {
            if let Some((at, z)) = self.parked.remove(&a) {
                self.insert(z, at);
            }
        }
        let by_time = self.newest_us.saturating_sub(HOLD_US);
        let by_wait = self
            .held
            .iter()
            .filter(|h| now.saturating_duration_since(h.2) >= HOLD)
            .map(|h| h.0)
            .max();
        let cutoff = by_wait.map_or(by_time, |t| t.max(by_time));
        let n = if self.ended {
            self.held.len()
        } else {
            self.held.partition_point(|h| h.0 <= cutoff)
        };
        self.held.drain(..n).map(|h| h.3).collect()
    }

    /// Every event still held, in time order (the stream has ended).
    pub fn flush(&mut self) -> Vec<Event> {
        let parked: Vec<(Instant, Event)> = self.parked.drain().map(|(_, p)| p).collect();
        for (at, z) in parked {
            self.insert(z, at);
        }
        self.held.drain(..).map(|h| h.3).collect()
    }

    /// The latest event time seen, let out or not (the clock's anchor).
    pub fn newest_us(&self) -> u64 {
        self.newest_us
    }

    pub fn is_empty(&self) -> bool {
        self.held.is_empty() && self.parked.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Outcome;

    fn print(t: u64, actor: &str, text: &str) -> Event {
        let kind = EventKind::Print { text: text.into() };
        Event::new(t, actor, 1, kind)
    }

    fn texts(es: &[Event]) -> Vec<String> {
        es.iter()
            .map(|e| format!("{}@{}", e.actor, e.t_us))
            .collect()
    }

    #[test]
    fn a_late_earlier_event_is_let_out_first() {
        let t0 = Instant::now();
        let mut r = Reorder::default();
        r.push(print(1_000, "consumer0", "got 0"), t0);
        r.push(print(900, "producer0", "put 0"), t0);
        // Neither has waited, and neither is 50 ms older than the newest.
        assert!(r.release(t0).is_empty());
        let out = r.release(t0 + HOLD);
        assert_eq!(texts(&out), ["producer0@900", "consumer0@1000"]);
        assert!(r.is_empty());
    }

    #[test]
    fn events_far_behind_the_newest_go_at_once_in_order() {
        let t0 = Instant::now();
        let mut r = Reorder::default();
        r.push(print(200_000, "a", "x"), t0);
        r.push(print(100_000, "b", "y"), t0);
        r.push(print(160_000, "c", "z"), t0);
        // Up to 150 ms is let out; 160 ms and 200 ms wait.
        assert_eq!(texts(&r.release(t0)), ["b@100000"]);
        assert_eq!(texts(&r.flush()), ["c@160000", "a@200000"]);
    }

    #[test]
    fn a_zombie_is_told_after_its_exit_which_is_dated_no_later() {
        let t0 = Instant::now();
        let mut r = Reorder::default();
        let z = EventKind::ProcState { state: "Z".into() };
        r.push(Event::new(3_322_428, "child", 7, z), t0);
        r.push(print(3_323_000, "main", "busy"), t0);
        let exit = EventKind::Exited {
            code: Some(0),
            signal: None,
            cause: None,
        };
        r.push(Event::new(3_323_950, "child", 7, exit), t0);
        let out = r.release(t0 + HOLD);
        let kinds: Vec<(&str, &str, u64)> = out
            .iter()
            .map(|e| (e.actor.as_str(), e.kind.name(), e.t_us))
            .collect();
        assert_eq!(
            kinds,
            [
                ("child", "exited", 3_322_428),
                ("child", "proc_state", 3_322_428),
                ("main", "print", 3_323_000),
            ]
        );
    }

    #[test]
    fn a_zombie_whose_exit_is_never_told_still_comes_out() {
        let t0 = Instant::now();
        let mut r = Reorder::default();
        let z = EventKind::ProcState { state: "Z".into() };
        r.push(Event::new(10, "child", 7, z), t0);
        assert!(r.release(t0 + HOLD).is_empty(), "parked");
        assert!(!r.is_empty());
        assert_eq!(texts(&r.release(t0 + PARK)), ["child@10"]);
    }

    #[test]
    fn equal_times_keep_arrival_order_and_the_end_lets_all_out() {
        let t0 = Instant::now();
        let mut r = Reorder::default();
        r.push(print(5, "a", "1"), t0);
        r.push(print(5, "b", "2"), t0);
        r.push(print(3, "c", "3"), t0);
        let end = EventKind::RunEnded {
            outcome: Outcome::Completed,
            reason: None,
        };
        r.push(Event::new(9, "host", 1, end), t0);
        assert_eq!(texts(&r.release(t0)), ["c@3", "a@5", "b@5", "host@9"]);
        assert_eq!(r.newest_us(), 9);
        r.push(print(1, "late", "4"), t0);
        assert_eq!(texts(&r.release(t0)), ["late@1"], "after the end, at once");
    }
}

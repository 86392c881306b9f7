//! Limits the host holds whatever the actors do: the time limit, the event
//! budget, and the starts the actors were refused (src/runtime/start_limits.rs).
//!
//! The host reads workers' events from a bounded channel, so a flooding actor
//! is slowed down by its own socket instead of growing the host's memory;
//! the host's own messages (the UI's controls, child exits, signals) travel
//! another channel that is always looked at first, so an abort or the time
//! limit is never stuck behind a backlog of events.

use std::time::{Duration, Instant};

use crossbeam_channel::select;

use super::Host;
use crate::event::{Event, EventKind, Outcome};
use crate::runtime::hub_io::Hub;

/// How many events one run may tell. A lesson tells a few thousand; 1,000,000
/// is far beyond any of them and bounds what the UI stores (docs/events.md).
pub const EVENT_BUDGET: u64 = 1_000_000;

/// `CONLAB_EVENT_BUDGET=N` lowers the budget (tests; a cautious teacher); it
/// can never raise it.
pub fn event_budget() -> u64 {
    budget_from(std::env::var("CONLAB_EVENT_BUDGET").ok().as_deref())
}

fn budget_from(setting: Option<&str>) -> u64 {
    setting
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(EVENT_BUDGET, |n| n.clamp(1, EVENT_BUDGET))
}

/// Worker events waiting for the host, at most: past this the workers' sends
/// block (in their sockets) until the host catches up.
pub const EVENT_BACKLOG: usize = 4096;

/// Longest the host waits for a collected process's stream to end.
const LAST_EVENTS: Duration = Duration::from_millis(500);

/// How often the host kills what is left while an abort takes its time.
const KILL_EVERY: Duration = Duration::from_millis(50);

impl Host {
    /// The next message: the host's own first, then workers' events, or None
    /// after `wait`.
    pub(super) fn next_message(&self, wait: Duration) -> Option<Hub> {
        if let Ok(msg) = self.rx.try_recv() {
            return Some(msg);
        }
        select! {
            recv(self.rx) -> msg => msg.ok(),
            recv(self.events) -> msg => msg.ok(),
            default(wait) => None,
        }
    }

    /// Relay the workers' events already waiting (at most a backlog's worth)
    /// before an exit the host saw itself: a process's last lines were sent
    /// before it died, so they come before its `exited`.
    pub(super) fn take_queued_events(&mut self) {
        for _ in 0..EVENT_BACKLOG {
            match self.events.try_recv() {
                Ok(msg) => self.handle(msg),
                Err(_) => return,
            }
        }
    }

    /// A process the host collected (main, an adopted orphan) may be dead
    /// before the host read its last events from its socket: they are all
    /// there (the kernel closed its end), so read on until its stream ends,
    /// for at most LAST_EVENTS, before telling its `exited`. Without this an
    /// orphan that exits at once (a crash, a kill, a worker's drain that
    /// timed out) was told `exited` and `reaped` ahead of its last lines.
    pub(super) fn await_last_events(&mut self, pid: i32) {
        let until = Instant::now() + LAST_EVENTS;
        while self.open_pids.contains(&pid) {
            let left = until.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(msg) => self.handle(msg),
                Err(_) => return,
            }
        }
    }

    /// Look at the clock on every turn of the loop, busy or not: a run that
    /// floods the host with events still ends on time.
    pub(super) fn hold_limits(&mut self) {
        let now = Instant::now();
        if self.aborting_since.is_some() {
            if now.duration_since(self.killed_at) >= KILL_EVERY {
                self.killed_at = now;
                self.kill_everything();
            }
        } else if self.paused_since.is_none()
            && self.turns.stepping_since.is_none()
            && now >= self.deadline
        {
            self.abort(Outcome::TimedOut);
        }
    }

    /// Count a worker's event against the budget; false when it is to be
    /// dropped (the run is being stopped: only births and deaths still matter).
    pub(super) fn admit(&mut self, e: &Event) -> bool {
        if self.aborting_since.is_some() {
            return matches!(
                e.kind,
                EventKind::Spawned { .. }
                    | EventKind::Exited { .. }
                    | EventKind::Reaped { .. }
                    | EventKind::RunEnded { .. }
            );
        }
        self.told += 1;
        if self.told > self.budget {
            let n = self.budget;
            let text = format!("the run told more than {n} events, conlab's limit for one run");
            self.stop_at_limit("events", n, text);
            return false;
        }
        if let EventKind::LimitReached { text, .. } = &e.kind {
            self.reason = Some(text.clone());
            self.abort(Outcome::Limit);
        }
        self.count_py_start(e);
        true
    }

    /// End the run for a limit the host itself saw, and tell it.
    pub(super) fn stop_at_limit(&mut self, limit: &str, max: u64, text: String) {
        let told = self.own(EventKind::LimitReached {
            limit: limit.into(),
            max,
            text: text.clone(),
        });
        self.write(&told);
        self.reason = Some(text);
        self.abort(Outcome::Limit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_can_be_lowered_but_not_raised() {
        assert_eq!(budget_from(None), EVENT_BUDGET);
        assert_eq!(budget_from(Some("20000")), 20_000);
        assert_eq!(budget_from(Some(" 5 ")), 5);
        assert_eq!(budget_from(Some("0")), 1);
        assert_eq!(budget_from(Some("99999999999")), EVENT_BUDGET);
        assert_eq!(budget_from(Some("lots")), EVENT_BUDGET);
        assert_eq!(budget_from(Some("-3")), EVENT_BUDGET);
    }
}

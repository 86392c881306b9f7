//! Per-actor lanes: the state of each actor over time, as segments.

use super::history::History;
use crate::event::{Activity, ActorKind};

/// What an actor is doing, as a timeline draws it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LaneState {
    /// Created but its code has not run yet (start() returned, the OS is still setting it up).
    Starting,
    Running,
    Working,
    Sleeping,
    /// Blocked on another actor (join).
    Waiting,
    /// Blocked on a lock, semaphore or event, or on a full or empty queue.
    Blocked,
    /// Stopped before its next step until it is granted a turn (step mode, schedules).
    Held,
    /// Blocked on a lock in a circle the host reported: it can never go on by itself.
    Deadlocked,
    /// Finished, exit status not yet collected. For a process: a zombie.
    Exited,
    /// /proc confirmed state Z.
    Zombie,
    /// Ended by a signal, or vanished with its process (daemon thread).
    Killed,
    /// Reaped: nothing left of it.
    Gone,
}

impl LaneState {
    pub fn from_activity(a: Activity) -> Self {
        match a {
            Activity::Running => LaneState::Running,
            Activity::Working => LaneState::Working,
            Activity::Sleeping => LaneState::Sleeping,
            Activity::Waiting => LaneState::Waiting,
            Activity::Blocked => LaneState::Blocked,
        }
    }

    /// Alive in the OS sense (its code may still run).
    pub fn is_live(self) -> bool {
        matches!(
            self,
            LaneState::Starting
                | LaneState::Running
                | LaneState::Working
                | LaneState::Sleeping
                | LaneState::Waiting
                | LaneState::Blocked
                | LaneState::Held
                | LaneState::Deadlocked
        )
    }
}

/// A state that holds from `start_us` until the next segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub start_us: u64,
    pub state: LaneState,
}

/// One actor's row on the timeline, with the facts the other panes show.
#[derive(Debug, Clone)]
pub struct Lane {
    pub actor: String,
    pub kind: ActorKind,
    pub pid: i32,
    pub tid: Option<i32>,
    pub daemon: bool,
    pub parent: Option<String>,
    pub spawned_us: u64,
    pub started_us: Option<u64>,
    pub exited_us: Option<u64>,
    pub reaped_us: Option<u64>,
    /// The step it is on now, in words (`sleep 1.0s`), and its verb.
    pub doing: String,
    pub doing_op: String,
    segments: History<Segment>,
    /// From when on it was at which line of the Python listing (None: at
    /// none, as in a step the runtime adds, like the wait at the end of code).
    lines: History<(u64, Option<u32>)>,
}

impl Lane {
    pub fn new(actor: &str, kind: ActorKind, pid: i32, t_us: u64) -> Self {
        Lane {
            actor: actor.to_string(),
            kind,
            pid,
            tid: None,
            daemon: false,
            parent: None,
            spawned_us: t_us,
            started_us: None,
            exited_us: None,
            reaped_us: None,
            doing: String::new(),
            doing_op: String::new(),
            lines: History::default(),
            segments: std::iter::once(Segment {
                start_us: t_us,
                state: LaneState::Starting,
            })
            .collect(),
        }
    }

    /// Enter `state` at `t_us`. Out-of-order times (events from different
    /// processes race a little) are clamped so segments stay sorted.
    pub fn set_state(&mut self, t_us: u64, state: LaneState) {
        let last = *self.segments.last().expect("a lane has a first segment");
        if last.state == state {
            return;
        }
        if last.state == LaneState::Gone {
            return;
        }
        // Never overwrite: a state entered at the same instant (or reported
        // late) goes 1 µs after the last one, so a brief Exited/Zombie stays visible.
        let start_us = t_us.max(last.start_us.saturating_add(1));
        self.segments.push(Segment { start_us, state });
    }

    pub fn current(&self) -> LaneState {
        self.segments.last().unwrap().state
    }

    /// The state at time `t_us`, or None before the actor existed.
    pub fn state_at(&self, t_us: u64) -> Option<LaneState> {
        let idx = self.segments.partition_point(|s| s.start_us <= t_us);
        if idx == 0 {
            None
        } else {
            Some(self.segments[idx - 1].state)
        }
    }

    /// From `t_us` on, its steps stand for line `line` of the listing.
    pub fn note_line(&mut self, t_us: u64, line: Option<u32>) {
        let same = match self.lines.last() {
            Some(&(_, l)) => l == line,
            None => line.is_none(),
        };
        if same {
            return;
        }
        let t = self.lines.last().map_or(t_us, |&(last, _)| t_us.max(last));
        self.lines.push((t, line));
    }

    /// The listing line it was at at `t_us`, and since when, while its code
    /// ran (none before its first marked step or once it has exited).
    pub fn line_at(&self, t_us: u64) -> Option<(u64, u32)> {
        if self.state_at(t_us).is_none_or(|s| !s.is_live()) {
            return None;
        }
        let idx = self.lines.partition_point(|&(t, _)| t <= t_us);
        let (since, line) = idx.checked_sub(1).map(|i| &self.lines[i])?;
        line.map(|l| (*since, l))
    }

    pub fn segments(&self) -> &History<Segment> {
        &self.segments
    }

    /// Time from start() returning to the actor's first own event.
    pub fn start_latency_us(&self) -> Option<u64> {
        self.started_us.map(|s| s.saturating_sub(self.spawned_us))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_at_follows_segments() {
        let mut l = Lane::new("a", ActorKind::Thread, 1, 100);
        l.set_state(150, LaneState::Running);
        l.set_state(300, LaneState::Sleeping);
        assert_eq!(l.state_at(50), None);
        assert_eq!(l.state_at(100), Some(LaneState::Starting));
        assert_eq!(l.state_at(200), Some(LaneState::Running));
        assert_eq!(l.state_at(10_000), Some(LaneState::Sleeping));
    }

    #[test]
    fn late_events_are_clamped_and_gone_is_final() {
        let mut l = Lane::new("a", ActorKind::Process, 1, 100);
        l.set_state(200, LaneState::Running);
        l.set_state(150, LaneState::Exited);
        assert_eq!(l.segments().last().unwrap().start_us, 201);
        l.set_state(300, LaneState::Gone);
        l.set_state(400, LaneState::Running);
        assert_eq!(l.current(), LaneState::Gone);
    }
}

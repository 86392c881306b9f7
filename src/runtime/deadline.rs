//! Deadlines of timed waits, in scenario time (see `Control::scenario_secs`):
//! like `sleep`, a timeout is shorter in real time at a higher `--speed` and
//! does not run out while the run is paused. A timed wait blocks in the OS
//! (a condition variable, sem_timedwait, poll) for slices of real time, each
//! at most what is left, and looks at the clock again after each.

use std::time::Duration;

use super::control::Control;

/// When a timed wait gives up, in scenario seconds.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    until: f64,
}

impl Deadline {
    /// `d` of scenario time from now.
    pub fn after(control: &Control, d: Duration) -> Deadline {
        Deadline {
            until: control.scenario_secs() + d.as_secs_f64(),
        }
    }

    /// A deadline that never passes: the untimed form of a timed wait.
    pub fn never() -> Deadline {
        Deadline {
            until: f64::INFINITY,
        }
    }

    /// The real time to block for next: what is left at the current speed,
    /// at most `max` (so that a pause or a change of speed is seen); None
    /// once the deadline passed.
    pub fn slice(&self, control: &Control, max: Duration) -> Option<Duration> {
        let left = self.until - control.scenario_secs();
        if left <= 0.0 {
            return None;
        }
        if left.is_infinite() {
            return Some(max);
        }
        let real = control.real_time(Duration::from_secs_f64(left));
        Some(real.min(max).max(Duration::from_micros(50)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::launch::ControlMsg;

    #[test]
    fn a_deadline_does_not_run_out_while_paused_and_shrinks_with_speed() {
        let c = Control::new(4.0, false);
        let d = Deadline::after(&c, Duration::from_secs(2));
        let s = d.slice(&c, Duration::from_secs(10)).unwrap();
        assert!(
            s <= Duration::from_millis(500),
            "2 s at speed 4 is 0.5 s, got {s:?}"
        );
        assert!(s > Duration::from_millis(400), "{s:?}");
        c.apply(ControlMsg::Pause);
        let frozen = d.slice(&c, Duration::from_secs(10)).unwrap();
        std::thread::sleep(Duration::from_millis(20));
        assert_eq!(d.slice(&c, Duration::from_secs(10)).unwrap(), frozen);
        let gone = Deadline::after(&c, Duration::ZERO);
        assert!(gone.slice(&c, Duration::from_secs(1)).is_none());
        let never = Deadline::never().slice(&c, Duration::from_millis(7));
        assert_eq!(never, Some(Duration::from_millis(7)));
    }
}

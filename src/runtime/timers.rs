//! threading.Timer, and knowing when a thread actor ended (for join(timeout)).
//! One table per OS process (a timer is a thread of the process that starts
//! it): each timer's state, and the thread actors whose script is over.

use std::collections::{HashMap, HashSet};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::Duration;

use super::control::Control;
use super::deadline::Deadline;

#[derive(Debug, Clone, Copy)]
enum State {
    /// Started, waiting for its delay (which runs from `start()`).
    Waiting(Duration, Deadline),
    Cancelled,
    Fired,
}

#[derive(Default)]
struct Table {
    timers: HashMap<String, State>,
    ended: HashSet<String>,
}

struct Timers {
    table: Mutex<Table>,
    changed: Condvar,
}

fn timers() -> &'static Timers {
    static T: OnceLock<Timers> = OnceLock::new();
    T.get_or_init(|| Timers {
        table: Mutex::new(Table::default()),
        changed: Condvar::new(),
    })
}

/// How long a waiter blocks before looking at the controls again.
const LOOK: Duration = Duration::from_millis(25);

/// `timer.start()`: `name` will wait `after`; false when it was cancelled
/// before it started (then, as in Python, it never runs).
pub fn arm(name: &str, after: Duration, control: &Control) -> bool {
    let mut t = timers().table.lock().unwrap();
    match t.timers.get(name) {
        Some(State::Cancelled) => false,
        _ => {
            let until = Deadline::after(control, after);
            t.timers
                .insert(name.to_string(), State::Waiting(after, until));
            true
        }
    }
}

/// The delay of `name` if it is a timer that has yet to fire (a cancelled
/// one: none, and its wait ends at once without firing).
pub fn delay_of(name: &str) -> Option<Duration> {
    match timers().table.lock().unwrap().timers.get(name) {
        Some(State::Waiting(d, _)) => Some(*d),
        Some(State::Cancelled) => Some(Duration::ZERO),
        _ => None,
    }
}

/// `timer.cancel()`; true when it came too late (the timer fired already).
pub fn cancel(name: &str) -> bool {
    let t = timers();
    let mut table = t.table.lock().unwrap();
    let fired = matches!(table.timers.get(name), Some(State::Fired));
    if !fired {
        table.timers.insert(name.to_string(), State::Cancelled);
    }
    t.changed.notify_all();
    fired
}

/// The timer thread's wait, until `after` from its start(): Some(true) when
/// it fires, Some(false) when it was cancelled, None when the run was aborted.
pub fn wait_to_fire(name: &str, after: Duration, control: &Control) -> Option<bool> {
    let t = timers();
    let mut table = t.table.lock().unwrap();
    let deadline = match table.timers.get(name) {
        Some(State::Waiting(_, until)) => *until,
        Some(State::Cancelled) => return Some(false),
        _ => Deadline::after(control, after),
    };
    loop {
        if matches!(table.timers.get(name), Some(State::Cancelled)) {
            return Some(false);
        }
        if control.is_aborted() {
            return None;
        }
        let Some(slice) = deadline.slice(control, LOOK) else {
            table.timers.insert(name.to_string(), State::Fired);
            return Some(true);
        };
        table = t.changed.wait_timeout(table, slice).unwrap().0;
    }
}

/// A thread actor's script is over (told just before its thread returns).
pub fn thread_ended(name: &str) {
    let t = timers();
    t.table.lock().unwrap().ended.insert(name.to_string());
    t.changed.notify_all();
}

/// Wait until thread actor `name` ended, at most until `deadline`; false
/// when it did not (or the run was aborted).
pub fn wait_thread_end(name: &str, deadline: &Deadline, control: &Control) -> bool {
    let t = timers();
    let mut table = t.table.lock().unwrap();
    loop {
        if table.ended.contains(name) {
            return true;
        }
        match deadline.slice(control, LOOK) {
            Some(slice) if !control.is_aborted() => {
                table = t.changed.wait_timeout(table, slice).unwrap().0;
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_timer_never_fires_and_a_late_cancel_says_so() {
        let c = Control::new(1.0, false);
        assert!(arm("t-cancel", Duration::from_secs(60), &c));
        assert!(!cancel("t-cancel"), "cancelled in time");
        assert_eq!(
            wait_to_fire("t-cancel", Duration::from_secs(60), &c),
            Some(false)
        );
        assert!(
            !arm("t-cancel", Duration::from_secs(1), &c),
            "a cancelled timer stays so"
        );
        assert!(arm("t-fire", Duration::ZERO, &c));
        assert_eq!(wait_to_fire("t-fire", Duration::ZERO, &c), Some(true));
        assert!(cancel("t-fire"), "cancel after firing is too late");
    }

    #[test]
    fn a_thread_end_wakes_its_timed_joiner() {
        let c = std::sync::Arc::new(Control::new(1.0, false));
        let d = Deadline::after(&c, Duration::ZERO);
        assert!(
            !wait_thread_end("t-end", &d, &c),
            "not ended yet: timed out"
        );
        let c2 = c.clone();
        let joiner = std::thread::spawn(move || {
            wait_thread_end("t-end", &Deadline::after(&c2, Duration::from_secs(30)), &c2)
        });
        thread_ended("t-end");
        assert!(joiner.join().unwrap());
    }
}

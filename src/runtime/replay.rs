//! A recorded run played back at its own pace, with no process: the events
//! come out on a channel as a live run's do, each when its time comes (scaled
//! by the speed, held while paused), so the same screen can show either.

use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};

use super::launch::ControlMsg;
use crate::event::Event;

/// A playback under way. Dropping it stops it.
pub struct ReplayHandle {
    events: Receiver<Event>,
    controls: Sender<ControlMsg>,
    thread: Option<JoinHandle<()>>,
}

impl ReplayHandle {
    /// Play `events` (shared, not copied: a replay holds up to
    /// `recording::REPLAY_EVENT_LIMIT` of them) at `speed`.
    pub fn start(events: Arc<Vec<Event>>, speed: f64) -> ReplayHandle {
        let (tx, rx) = crossbeam_channel::unbounded();
        let (ctl_tx, ctl_rx) = crossbeam_channel::unbounded();
        let thread = std::thread::Builder::new()
            .name("replay".into())
            .spawn(move || play(events, speed, &tx, &ctl_rx))
            .expect("spawn the replay thread");
        ReplayHandle {
            events: rx,
            controls: ctl_tx,
            thread: Some(thread),
        }
    }

    pub fn events(&self) -> &Receiver<Event> {
        &self.events
    }

    /// Pause, resume, speed and abort apply; the rest only mean something to a live run.
    pub fn send(&self, msg: ControlMsg) {
        let _ = self.controls.send(msg);
    }

    pub fn stop(&mut self) {
        let _ = self.controls.send(ControlMsg::Abort);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for ReplayHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The playback clock: recorded microseconds reached so far, advancing with
/// real time times the speed unless paused.
struct Pace {
    at_us: f64,
    since: Instant,
    speed: f64,
    paused: bool,
}

impl Pace {
    fn now_us(&self) -> f64 {
        if self.paused {
            self.at_us
        } else {
            self.at_us + self.since.elapsed().as_secs_f64() * 1e6 * self.speed
        }
    }

    /// Fold the time passed so far in before the speed or pause changes.
    fn settle(&mut self) {
        self.at_us = self.now_us();
        self.since = Instant::now();
    }
}

/// A speed the clock can run at: 0.01 to a million, NaN taken as 1.
fn sane(speed: f64) -> f64 {
    if speed.is_nan() {
        1.0
    } else {
        speed.clamp(0.01, 1e6)
    }
}

fn play(events: Arc<Vec<Event>>, speed: f64, tx: &Sender<Event>, controls: &Receiver<ControlMsg>) {
    let first = events.first().map_or(0, |e| e.t_us) as f64;
    let mut pace = Pace {
        at_us: first,
        since: Instant::now(),
        speed: sane(speed),
        paused: false,
    };
    for e in events.iter() {
        loop {
            let due = e.t_us as f64 - pace.now_us();
            if !pace.paused && due <= 0.0 {
                break;
            }
            // At most an hour at a time: a gap of days in a recording is
            // waited for in steps, and never overflows a Duration.
            let wait = if pace.paused {
                Duration::from_secs(3600)
            } else {
                Duration::from_secs_f64((due / 1e6 / pace.speed).min(3600.0))
            };
            match controls.recv_timeout(wait) {
                Ok(msg) => {
                    pace.settle();
                    match msg {
                        ControlMsg::Pause => pace.paused = true,
                        ControlMsg::Resume => pace.paused = false,
                        ControlMsg::Speed(x) => pace.speed = sane(x),
                        ControlMsg::Abort => return,
                        _ => {}
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if tx.send(e.clone()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::EventKind;

    fn print(t: u64, text: &str) -> Event {
        Event::new(t, "main", 1, EventKind::Print { text: text.into() })
    }

    #[test]
    fn events_come_out_in_order_and_on_time() {
        let events = vec![print(0, "a"), print(40_000, "b"), print(80_000, "c")];
        let began = Instant::now();
        let h = ReplayHandle::start(Arc::new(events.clone()), 2.0);
        let got: Vec<Event> = h.events().iter().take(3).collect();
        assert_eq!(got, events);
        let took = began.elapsed();
        assert!(
            took >= Duration::from_millis(38),
            "80 ms at 2x takes 40 ms: {took:?}"
        );
    }

    #[test]
    fn a_paused_playback_holds_its_events() {
        let h = ReplayHandle::start(Arc::new(vec![print(0, "a"), print(150_000, "b")]), 1.0);
        assert_eq!(h.events().recv().unwrap(), print(0, "a"));
        h.send(ControlMsg::Pause);
        // "b" is due 150 ms in; paused, it must not come even at 400 ms.
        let held = h.events().recv_timeout(Duration::from_millis(400));
        assert!(held.is_err(), "an event came out while paused");
        h.send(ControlMsg::Resume);
        let b = h.events().recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(b, print(150_000, "b"));
    }

    #[test]
    fn a_gap_of_days_or_a_wild_speed_neither_panics_nor_blocks_a_stop() {
        let far = crate::recording::MAX_T_US;
        for speed in [f64::NAN, 0.0, -1.0, 1e-300, f64::INFINITY] {
            let events = Arc::new(vec![print(0, "a"), print(far, "b"), print(3, "back")]);
            let mut h = ReplayHandle::start(events, speed);
            let first = h.events().recv_timeout(Duration::from_secs(5));
            assert_eq!(first.unwrap(), print(0, "a"), "speed {speed}");
            let began = Instant::now();
            h.stop();
            assert!(began.elapsed() < Duration::from_secs(5), "stop is prompt");
        }
    }
}

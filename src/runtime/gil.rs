//! A modelled GIL, made of real parts: one lock per process that a thread must
//! hold to `work` (burn CPU), handed over as CPython 3.2+ hands its GIL over.
//!
//! - A thread that wants the GIL while another holds it waits up to the
//!   switch interval (`sys.getswitchinterval()`, 5 ms); if no switch happened
//!   meanwhile, it asks the holder to drop it (CPython's `gil_drop_request`).
//! - The holder looks at the request between slices of its work; when asked,
//!   it lets go and waits until another thread has taken the GIL before it
//!   asks again (CPython's FORCE_SWITCHING), so the waiter really gets a turn.
//! - A thread lets go whenever it stops computing (here: at the end of each
//!   `work` step; sleeping, locks, queues and IO never hold it).
//!
//! CPython's GIL is internal to the interpreter and cannot be watched from
//! outside; this one is the lab's own lock, which is why it can be drawn.

use std::sync::{Condvar, Mutex};
use std::time::Duration;

use super::control::{Aborted, Control};
use crate::event::ActorKind;
use crate::scenario::plan::{Plan, Step};

/// CPython's default switch interval.
pub const DEFAULT_SWITCH_INTERVAL: Duration = Duration::from_millis(5);

#[derive(Debug, Default)]
struct State {
    holder: Option<String>,
    /// Bumped each time the GIL changes hands to another thread.
    switches: u64,
    last_holder: Option<String>,
    drop_request: bool,
    /// Threads waiting in `take`.
    waiting: u32,
}

#[derive(Debug)]
pub struct Gil {
    state: Mutex<State>,
    changed: Condvar,
    interval: Duration,
}

/// How a take went: whether the taker had to wait for another holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Took {
    AtOnce,
    AfterWaiting,
}

impl Gil {
    pub fn new(interval: Duration) -> Gil {
        Gil {
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            interval: interval.max(Duration::from_micros(100)),
        }
    }

    /// Whether the GIL is held by someone other than `me`: the caller then
    /// tells that it waits before calling `take`.
    pub fn held_by_other(&self, me: &str) -> bool {
        let s = self.state.lock().unwrap();
        s.holder.as_deref().is_some_and(|h| h != me)
    }

    /// Take the GIL for `me`; asks the holder to drop it after each switch
    /// interval spent waiting. Paused runs simply wait longer.
    pub fn take(&self, me: &str, control: &Control) -> Result<Took, Aborted> {
        let mut s = self.state.lock().unwrap();
        let mut took = Took::AtOnce;
        while s.holder.is_some() {
            if took == Took::AtOnce {
                took = Took::AfterWaiting;
                s.waiting += 1;
            }
            if control.is_aborted() {
                s.waiting -= 1;
                return Err(Aborted);
            }
            let seen = s.switches;
            let (g, timeout) = self.changed.wait_timeout(s, self.interval).unwrap();
            s = g;
            if timeout.timed_out() && s.switches == seen && s.holder.is_some() {
                s.drop_request = true;
            }
        }
        if took == Took::AfterWaiting {
            s.waiting -= 1;
        }
        s.holder = Some(me.to_string());
        s.drop_request = false;
        if s.last_holder.as_deref() != Some(me) {
            s.switches += 1;
            s.last_holder = Some(me.to_string());
        }
        self.changed.notify_all();
        Ok(took)
    }

    /// Whether a waiter has asked the holder to let go.
    pub fn drop_requested(&self) -> bool {
        self.state.lock().unwrap().drop_request
    }

    /// Let go of the GIL.
    pub fn give(&self) {
        let mut s = self.state.lock().unwrap();
        s.holder = None;
        self.changed.notify_all();
    }

    /// After a forced drop: wait until another thread has taken the GIL, so
    /// the one that asked gets its turn before `me` asks again.
    pub fn wait_for_switch(&self, me: &str, control: &Control) -> Result<(), Aborted> {
        let mut s = self.state.lock().unwrap();
        while s.last_holder.as_deref() == Some(me) && s.holder.is_none() && s.waiting > 0 {
            if control.is_aborted() {
                return Err(Aborted);
            }
            s = self.changed.wait_timeout(s, self.interval).unwrap().0;
        }
        Ok(())
    }

    /// How many times the GIL has changed hands.
    pub fn switches(&self) -> u64 {
        self.state.lock().unwrap().switches
    }
}

/// Whether a run shows its GILs: when some thread computes (a thread actor's
/// script, or a thread pool's task, has `work`), so threads can contend.
/// Processes that compute in one thread never wait for their GIL, and their
/// lessons are not about it.
pub fn shown(plan: &Plan) -> bool {
    let threads = plan
        .actors
        .iter()
        .filter(|a| a.kind == ActorKind::Thread)
        .any(|a| has_work(&a.script));
    let pools = plan
        .pools
        .iter()
        .filter(|p| p.kind == ActorKind::Thread)
        .any(|p| has_work(&p.task));
    threads || pools
}

/// The GIL's name in the event log: `GIL` in main's process, `GIL:NAME` in
/// the process of actor NAME (each process has its own).
pub fn lock_name(process: &str) -> String {
    if process == "main" {
        "GIL".to_string()
    } else {
        format!("GIL:{process}")
    }
}

fn has_work(steps: &[Step]) -> bool {
    steps.iter().any(|s| match s {
        Step::Work(_) | Step::Spin(_) => true,
        Step::If {
            then, otherwise, ..
        } => has_work(then) || has_work(otherwise),
        Step::Loop(body) => has_work(body),
        Step::Submit { callback, .. } => has_work(callback),
        _ => false,
    })
}

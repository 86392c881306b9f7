//! Pause, speed and abort for code running on real threads: every wait in the
//! runtime goes through here, so it can be held, stretched or cut short.

use std::collections::{HashMap, HashSet};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use super::launch::{ControlMsg, GateRule};

/// The run was aborted while this thread waited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Aborted;

#[derive(Debug)]
struct State {
    paused: bool,
    speed: f64,
    aborted: bool,
    /// Who stops before each step, and the turns granted but not yet taken.
    gate: GateRule,
    grants: HashMap<String, u32>,
    /// Retries the host let parked waiters make, not yet made (see `park`).
    retries: HashMap<String, u32>,
    /// Thread actors told to give up their lock wait (deadlock victims).
    unwind: HashSet<String>,
    /// Scenario time: what had passed at `since`, in scenario seconds.
    scenario_at_since: f64,
    since: Instant,
}

impl State {
    /// Scenario seconds since the process began: real time stretched by the
    /// speed, stopped while paused.
    fn scenario_secs(&self) -> f64 {
        let running = if self.paused {
            0.0
        } else {
            self.since.elapsed().as_secs_f64() * self.speed
        };
        self.scenario_at_since + running
    }
}

/// Shared by every thread of one process.
#[derive(Debug)]
pub struct Control {
    state: Mutex<State>,
    changed: Condvar,
}

/// What a busy step measures: CPU time the thread got (`work`: a loop of so
/// many operations), or wall time (`spin`: `while time.time() < end`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Burn {
    CpuTime,
    WallTime,
}

/// The longest stretch of busy work between two looks at the controls.
const WORK_SLICE: Duration = Duration::from_millis(2);

impl Control {
    pub fn new(speed: f64, paused: bool) -> Control {
        Control {
            state: Mutex::new(State {
                paused,
                speed: clamp_speed(speed),
                aborted: false,
                gate: GateRule::Free,
                grants: HashMap::new(),
                retries: HashMap::new(),
                unwind: HashSet::new(),
                scenario_at_since: 0.0,
                since: Instant::now(),
            }),
            changed: Condvar::new(),
        }
    }

    /// The speed, pause and gate as the host last told them, for a child
    /// forked now to start from.
    pub fn settings(&self) -> (f64, bool, GateRule) {
        let s = self.state.lock().unwrap();
        (s.speed, s.paused, s.gate.clone())
    }

    pub fn apply(&self, msg: ControlMsg) {
        let mut s = self.state.lock().unwrap();
        if matches!(
            msg,
            ControlMsg::Pause | ControlMsg::Resume | ControlMsg::Speed(_)
        ) {
            s.scenario_at_since = s.scenario_secs();
            s.since = Instant::now();
        }
        match msg {
            ControlMsg::Pause => s.paused = true,
            ControlMsg::Resume => s.paused = false,
            ControlMsg::Speed(x) => s.speed = clamp_speed(x),
            ControlMsg::Abort => s.aborted = true,
            ControlMsg::Gate(rule) => s.gate = rule,
            ControlMsg::Grant(actor) => *s.grants.entry(actor).or_insert(0) += 1,
            ControlMsg::Retry(actor) => *s.retries.entry(actor).or_insert(0) += 1,
            ControlMsg::Unwind(actor) => {
                s.unwind.insert(actor);
            }
            // Messages for the host only.
            ControlMsg::StepMode(_)
            | ControlMsg::GrantAll
            | ControlMsg::Break(_)
            | ControlMsg::AutoBreak(_) => {}
        }
        self.changed.notify_all();
    }

    /// Before each step: when `actor` is held, tell it (`on_hold`) and wait
    /// for a granted turn (step mode, schedules).
    pub fn pass_gate(&self, actor: &str, on_hold: impl FnOnce()) -> Result<(), Aborted> {
        let mut s = self.state.lock().unwrap();
        if !s.gate.holds(actor) {
            return Ok(());
        }
        if !take_grant(&mut s, actor) {
            drop(s);
            on_hold();
            s = self.state.lock().unwrap();
            while !s.aborted && s.gate.holds(actor) && !take_grant(&mut s, actor) {
                s = self.changed.wait(s).unwrap();
            }
        }
        if s.aborted {
            Err(Aborted)
        } else {
            Ok(())
        }
    }

    /// Whether `actor` was chosen to give up its wait (a deadlock's victim).
    pub fn must_unwind(&self, actor: &str) -> bool {
        self.state.lock().unwrap().unwind.contains(actor)
    }

    /// Wake every waiter of this process to look at the controls again.
    pub fn nudge(&self) {
        self.changed.notify_all();
    }

    /// Scenario seconds since this process began (what `time.time()`
    /// differences in the listing measure, at any speed).
    pub fn scenario_secs(&self) -> f64 {
        self.state.lock().unwrap().scenario_secs()
    }

    pub fn is_aborted(&self) -> bool {
        self.state.lock().unwrap().aborted
    }

    /// How long `d` of scenario time lasts in real time at the current speed.
    pub fn real_time(&self, d: Duration) -> Duration {
        d.div_f64(self.state.lock().unwrap().speed)
    }

    /// Block while paused; return the current speed.
    fn gate(&self) -> Result<f64, Aborted> {
        let mut s = self.state.lock().unwrap();
        while s.paused && !s.aborted {
            s = self.changed.wait(s).unwrap();
        }
        if s.aborted {
            Err(Aborted)
        } else {
            Ok(s.speed)
        }
    }

    /// Sleep `d` of scenario time: shorter at higher speed, frozen while paused.
    pub fn sleep(&self, d: Duration) -> Result<(), Aborted> {
        let mut left = d.as_secs_f64();
        let mut s = self.state.lock().unwrap();
        while left > 1e-6 {
            if s.aborted {
                return Err(Aborted);
            }
            if s.paused {
                s = self.changed.wait(s).unwrap();
                continue;
            }
            let speed = s.speed;
            let began = Instant::now();
            let real = Duration::from_secs_f64(left / speed);
            s = self.changed.wait_timeout(s, real).unwrap().0;
            left -= began.elapsed().as_secs_f64() * speed;
        }
        if s.aborted {
            Err(Aborted)
        } else {
            Ok(())
        }
    }

    /// Burn `d` of CPU time (scenario time: `--speed 2` halves it) on the
    /// calling thread, measured by the kernel's per-thread CPU clock: a step
    /// meant as "1 s of computing" takes longer in wall time when the CPUs are
    /// shared, as Python's does (three such processes on two cores take 1.5 s).
    pub fn work(&self, d: Duration) -> Result<(), Aborted> {
        self.work_with(d, Burn::CpuTime, || Ok(()))
    }

    /// `work`, calling `between` after each slice of at most 2 ms of CPU
    /// (where a GIL holder looks whether it was asked to let go).
    pub fn work_with(
        &self,
        d: Duration,
        burn: Burn,
        mut between: impl FnMut() -> Result<(), Aborted>,
    ) -> Result<(), Aborted> {
        let mut left = d.as_secs_f64();
        let mut acc = 0x9E37_79B9_7F4A_7C15u64;
        while left > 1e-6 {
            let speed = self.gate()?;
            let slice = (left / speed).min(WORK_SLICE.as_secs_f64());
            let wall = Instant::now();
            // Wall time stands in only if the kernel has no thread CPU clock.
            let cpu = || match burn {
                Burn::CpuTime => thread_cpu_secs().unwrap_or_else(|| wall.elapsed().as_secs_f64()),
                Burn::WallTime => wall.elapsed().as_secs_f64(),
            };
            let began = cpu();
            let mut spent = 0.0;
            while spent < slice {
                for _ in 0..256 {
                    acc ^= acc << 13;
                    acc ^= acc >> 7;
                    acc ^= acc << 17;
                }
                spent = cpu() - began;
            }
            left -= spent * speed;
            let waited = Instant::now();
            between()?;
            if burn == Burn::WallTime {
                // The clock runs on while a spinning thread waits for the GIL.
                left -= waited.elapsed().as_secs_f64() * speed;
            }
        }
        std::hint::black_box(acc);
        Ok(())
    }
}

/// CPU time the calling thread has used, in seconds (CLOCK_THREAD_CPUTIME_ID).
fn thread_cpu_secs() -> Option<f64> {
    use nix::time::{clock_gettime, ClockId};
    clock_gettime(ClockId::CLOCK_THREAD_CPUTIME_ID)
        .ok()
        .map(|t| t.tv_sec() as f64 + t.tv_nsec() as f64 * 1e-9)
}

fn take_grant(s: &mut State, actor: &str) -> bool {
    take_one(&mut s.grants, actor)
}

fn take_one(counts: &mut HashMap<String, u32>, actor: &str) -> bool {
    match counts.get_mut(actor) {
        Some(n) if *n > 0 => {
            *n -= 1;
            true
        }
        _ => false,
    }
}

fn clamp_speed(x: f64) -> f64 {
    if x.is_finite() {
        x.clamp(0.05, 20.0)
    } else {
        1.0
    }
}

#[path = "control_park.rs"]
mod park;
pub use park::Park;

#[cfg(test)]
#[path = "control_tests.rs"]
mod tests;

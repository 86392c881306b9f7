//! The scheduling lesson for real: main is a user-space CPU scheduler, and
//! each job is a real OS thread that computes (burns CPU) only while main has
//! granted it the CPU, and parks otherwise.
//!
//! Main follows the pure policy of `model::schedule` one time unit at a time:
//! at each unit boundary it starts the threads of the jobs that arrive, takes
//! the CPU from a job that finished or is preempted (and waits until that
//! thread has really stopped computing), and grants it to the next. Each
//! decision is told as a `sched` event; each job thread tells `step` events
//! when it starts computing (`run_slice`) and when it parks (`ready`), so the
//! lanes show who runs when and the log gives the grant latency.

use std::collections::BTreeSet;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use super::actor::{Actor, Flow};
use super::control::{Aborted, Burn};
use crate::event::{Activity, EventKind};
use crate::model::schedule::{averages, Change, Row, Scheduler};
use crate::scenario::jobs::{averages_line, HEADING};
use crate::scenario::plan::Step;
use crate::scenario::text::Lang;

/// How much CPU a job burns between two looks at whether it still holds the CPU.
const BURN_CHUNK: Duration = Duration::from_micros(200);
/// How often a parked thread looks whether the run was aborted.
const PARK_LOOK: Duration = Duration::from_millis(20);
/// How long the scheduler waits for a preempted thread to stop before it
/// reports an error and goes on.
const STOP_WAIT: Duration = Duration::from_secs(2);

#[derive(Debug, Default)]
struct CpuState {
    /// The job granted the CPU.
    holder: Option<String>,
    /// The job whose thread is computing right now.
    computing: Option<String>,
    finished: BTreeSet<String>,
}

/// One CPU, lent to one job thread at a time by the scheduler.
#[derive(Debug, Default)]
pub struct Cpu {
    state: Mutex<CpuState>,
    changed: Condvar,
}

impl Cpu {
    fn grant(&self, job: &str) {
        self.state.lock().unwrap().holder = Some(job.to_string());
        self.changed.notify_all();
    }

    /// Take the CPU back from `job` and wait until its thread stopped.
    fn revoke(&self, job: &str, finished: bool) -> Result<(), String> {
        let mut s = self.state.lock().unwrap();
        s.holder = None;
        if finished {
            s.finished.insert(job.to_string());
        }
        self.changed.notify_all();
        let (s, wait) = self
            .changed
            .wait_timeout_while(s, STOP_WAIT, |s| s.computing.as_deref() == Some(job))
            .unwrap();
        drop(s);
        match wait.timed_out() {
            true => Err(format!("job {job} did not stop computing within 2 s")),
            false => Ok(()),
        }
    }

    fn holds(&self, job: &str) -> bool {
        self.state.lock().unwrap().holder.as_deref() == Some(job)
    }

    /// Park until granted (true) or finished (false); Err when aborted.
    fn park(&self, job: &str, aborted: impl Fn() -> bool) -> Result<bool, Aborted> {
        let mut s = self.state.lock().unwrap();
        loop {
            if aborted() {
                return Err(Aborted);
            }
            if s.finished.contains(job) {
                return Ok(false);
            }
            if s.holder.as_deref() == Some(job) {
                s.computing = Some(job.to_string());
                return Ok(true);
            }
            s = self.changed.wait_timeout(s, PARK_LOOK).unwrap().0;
        }
    }

    fn finished(&self, job: &str) -> bool {
        self.state.lock().unwrap().finished.contains(job)
    }

    fn stopped(&self) {
        self.state.lock().unwrap().computing = None;
        self.changed.notify_all();
    }
}

impl Actor {
    /// Take a scheduling step; None when the step is of another kind.
    pub(super) fn exec_jobs(&mut self, step: &Step) -> Option<Flow> {
        let done = match step {
            Step::Schedule => self.schedule(),
            Step::RunJob(job) => self.run_job(job),
            _ => return None,
        };
        Some(match done {
            Ok(()) => Flow::Next,
            Err(a) => Flow::Stop(a),
        })
    }

    /// A job thread: park, compute while granted, park again, until finished.
    /// Its parking is told before the scheduler may grant the CPU to another.
    fn run_job(&mut self, job: &str) -> Result<(), Aborted> {
        let proc = self.proc.clone();
        let (control, cpu) = (&proc.control, &proc.cpu);
        while cpu.park(job, || control.is_aborted())? {
            self.tell_step(
                "run_slice",
                Activity::Working,
                format!("job {job}: computing"),
            );
            let burnt = loop {
                let r = control.work_with(BURN_CHUNK, Burn::WallTime, || Ok(()));
                if r.is_err() || !cpu.holds(job) {
                    break r;
                }
            };
            if burnt.is_ok() {
                let (op, activity, text) = if cpu.finished(job) {
                    ("done", Activity::Running, format!("job {job}: finished"))
                } else {
                    let text = format!("job {job}: ready, waiting for the CPU");
                    ("ready", Activity::Waiting, text)
                };
                self.tell_step(op, activity, text);
            }
            cpu.stopped();
            burnt?;
        }
        Ok(())
    }

    /// A `step` event for a step the runtime takes inside `run_job`.
    fn tell_step(&mut self, op: &str, activity: Activity, text: String) {
        self.say(EventKind::Step {
            index: self.steps_taken,
            op: op.into(),
            text,
            activity,
            line: self.line,
            targets: None,
        });
        self.steps_taken += 1;
    }

    /// Main as the scheduler: one decision per time unit, until every job finished.
    fn schedule(&mut self) -> Result<(), Aborted> {
        let plan = self.proc.plan.clone();
        let Some(spec) = &plan.schedule else {
            self.error("schedule: the scenario has no [[jobs]]".into());
            return Ok(());
        };
        let mut s = Scheduler::new(spec.policy(), &spec.quanta, spec.job_list());
        let unit = spec.unit.as_secs_f64();
        let t0 = self.proc.control.scenario_secs();
        let mut finish = vec![0; s.jobs().len()];
        while !s.done() {
            let (changes, _) = s.tick();
            let now = s.now() - 1;
            for c in changes {
                if let Change::Finished(j) = c {
                    finish[j] = now;
                }
                self.carry_out(&s, now, c);
            }
            if s.done() {
                break;
            }
            let left = t0 + f64::from(now + 1) * unit - self.proc.control.scenario_secs();
            self.proc
                .control
                .sleep(Duration::from_secs_f64(left.max(0.0)))?;
        }
        for job in s.jobs() {
            if let Err(e) = self.proc.join(&self.name, &job.name) {
                self.error(e);
            }
        }
        let rows = crate::model::schedule::rows(s.jobs(), finish);
        for text in table_lines(&rows, plan.lang) {
            self.say(EventKind::Print { text });
        }
        Ok(())
    }

    /// Tell one decision and carry it out on the job threads.
    fn carry_out(&mut self, s: &Scheduler, now: u32, c: Change) {
        let name = |j: usize| s.jobs()[j].name.clone();
        let tell = |what: &str, job: usize, level: Option<usize>, quantum| EventKind::Sched {
            what: what.into(),
            job: name(job),
            at: now,
            burst: (what == "arrived").then(|| s.jobs()[job].burst),
            level: level.map(|l| l as u32),
            quantum,
            left: matches!(what, "granted" | "preempted").then(|| s.left(job)),
        };
        match c {
            Change::Arrived(j) => {
                self.say(tell("arrived", j, None, None));
                self.start(&name(j));
            }
            Change::Finished(j) => {
                self.say(tell("finished", j, None, None));
                self.take_back(&name(j), true);
            }
            Change::Preempted { job, level } => {
                self.say(tell("preempted", job, Some(level), None));
                self.take_back(&name(job), false);
            }
            Change::Granted {
                job,
                level,
                quantum,
            } => {
                self.say(tell("granted", job, Some(level), quantum));
                self.proc.cpu.grant(&name(job));
            }
        }
    }

    fn take_back(&self, job: &str, finished: bool) {
        if let Err(e) = self.proc.cpu.revoke(job, finished) {
            self.error(e);
        }
    }
}

/// The table as main prints it, in the run's language (the Python listing
/// prints the same lines): a heading, a row per job, the averages.
pub fn table_lines(rows: &[Row], lang: Lang) -> Vec<String> {
    let zh = lang == Lang::Zh;
    let head = if zh { HEADING.1 } else { HEADING.0 };
    let mut out = vec![head.to_string()];
    for r in rows {
        let (a, b, f) = (r.arrive, r.burst, r.finish);
        let (t, w) = (r.turnaround(), r.waiting());
        out.push(format!("{:<4}{a:>7}{b:>7}{f:>8}{t:>12}{w:>9}", r.name));
    }
    let (t, w) = averages(rows);
    let (en, zh_line) = averages_line(t, w);
    out.push(if zh { zh_line } else { en });
    out
}

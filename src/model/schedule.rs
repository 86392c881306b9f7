//! The CPU scheduler of the `scheduling` lesson, as pure decision logic: time
//! in whole units, one decision per unit. The runtime asks it, unit after
//! unit, which job thread may compute; the table of the textbook follows.
//!
//! The rules (they decide ties, so the table equals the textbook's; those of
//! Stallings, *Operating Systems*, ch. 9):
//! - Jobs arriving at time t join the ready queue in the order declared, and
//!   before a job preempted at the same t.
//! - FCFS: the head of the ready queue runs to the end.
//! - SJF (non-preemptive, SPN): the shortest burst runs to the end; ties go to
//!   the earlier arrival, then to the job declared first.
//! - SRTF (preemptive SJF): the shortest remaining time runs; a job arriving
//!   with a strictly shorter remaining time takes the CPU at once.
//! - RR: the head of the queue runs one quantum, then goes to the back.
//! - MLFQ: levels with their own quanta (1, 2, 4 by default); new jobs enter
//!   the top level; the head of the highest non-empty level runs; a job that
//!   used its whole quantum goes down one level (never below the last) to the
//!   back of that level. A new arrival never cuts a quantum short.
//! - RR and MLFQ: a job whose quantum ends while no other job is ready keeps
//!   the CPU (and, in MLFQ, its level) for another quantum.

use std::collections::VecDeque;

/// A scheduling policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    Fcfs,
    Sjf,
    Srtf,
    Rr,
    Mlfq,
}

impl Policy {
    /// Every policy by its name in a scenario file.
    pub const ALL: [(&'static str, Policy); 5] = [
        ("fcfs", Policy::Fcfs),
        ("sjf", Policy::Sjf),
        ("srtf", Policy::Srtf),
        ("rr", Policy::Rr),
        ("mlfq", Policy::Mlfq),
    ];

    pub fn parse(name: &str) -> Option<Policy> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, p)| *p == self)
            .map_or("?", |(n, _)| n)
    }
}

/// One job: when it arrives and how many units of CPU it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub name: String,
    pub arrive: u32,
    pub burst: u32,
}

/// What happened at a unit boundary, in the order it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Arrived(usize),
    Finished(usize),
    /// The job lost the CPU with units left; `level` is where it now queues.
    Preempted {
        job: usize,
        level: usize,
    },
    /// The job got the CPU for at most `quantum` units (None: to the end).
    Granted {
        job: usize,
        level: usize,
        quantum: Option<u32>,
    },
}

/// The scheduler's state between two unit boundaries.
#[derive(Debug, Clone)]
pub struct Scheduler {
    policy: Policy,
    /// RR: one quantum; MLFQ: one per level.
    quanta: Vec<u32>,
    jobs: Vec<Job>,
    left: Vec<u32>,
    level: Vec<usize>,
    queues: Vec<VecDeque<usize>>,
    running: Option<usize>,
    used: u32,
    now: u32,
    finish: Vec<Option<u32>>,
}

impl Scheduler {
    /// `quanta`: RR uses the first; MLFQ one per level (others ignore them).
    pub fn new(policy: Policy, quanta: &[u32], jobs: Vec<Job>) -> Scheduler {
        let levels = if policy == Policy::Mlfq {
            quanta.len().max(1)
        } else {
            1
        };
        Scheduler {
            policy,
            quanta: quanta.to_vec(),
            left: jobs.iter().map(|j| j.burst).collect(),
            level: vec![0; jobs.len()],
            queues: vec![VecDeque::new(); levels],
            finish: vec![None; jobs.len()],
            jobs,
            running: None,
            used: 0,
            now: 0,
        }
    }

    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    /// The time of the next boundary `tick` decides.
    pub fn now(&self) -> u32 {
        self.now
    }

    /// Units job `j` still needs.
    pub fn left(&self, j: usize) -> u32 {
        self.left[j]
    }

    /// Every job has finished.
    pub fn done(&self) -> bool {
        self.finish.iter().all(Option::is_some)
    }

    /// The boundary at `now`: account the unit just run, take arrivals,
    /// finish or preempt, pick. Returns what changed and who runs next.
    pub fn tick(&mut self) -> (Vec<Change>, Option<usize>) {
        let mut changes = Vec::new();
        if let Some(r) = self.running {
            self.left[r] -= 1;
            self.used += 1;
        }
        for (j, job) in self.jobs.iter().enumerate() {
            if job.arrive == self.now {
                self.queues[0].push_back(j);
                changes.push(Change::Arrived(j));
            }
        }
        if let Some(r) = self.running {
            self.end_or_keep(r, &mut changes);
        }
        if self.running.is_none() {
            self.pick(&mut changes);
        }
        self.now += 1;
        (changes, self.running)
    }

    /// The running job finishes, is preempted, or goes on.
    fn end_or_keep(&mut self, r: usize, changes: &mut Vec<Change>) {
        let others = self.queues.iter().any(|q| !q.is_empty());
        if self.left[r] == 0 {
            self.finish[r] = Some(self.now);
            self.running = None;
            changes.push(Change::Finished(r));
        } else if self.quantum_of(r).is_some_and(|q| self.used >= q) {
            if !others {
                self.used = 0;
                return;
            }
            if self.policy == Policy::Mlfq {
                self.level[r] = (self.level[r] + 1).min(self.queues.len() - 1);
            }
            self.requeue(r, changes);
        } else if self.policy == Policy::Srtf
            && self.queues[0].iter().any(|&j| self.left[j] < self.left[r])
        {
            self.requeue(r, changes);
        }
    }

    fn requeue(&mut self, r: usize, changes: &mut Vec<Change>) {
        let level = self.level[r];
        self.queues[level].push_back(r);
        self.running = None;
        changes.push(Change::Preempted { job: r, level });
    }

    fn pick(&mut self, changes: &mut Vec<Change>) {
        let Some(level) = self.queues.iter().position(|q| !q.is_empty()) else {
            return;
        };
        let q = &self.queues[level];
        let at = match self.policy {
            Policy::Sjf => best(q, |j| (self.jobs[j].burst, self.jobs[j].arrive, j)),
            Policy::Srtf => best(q, |j| (self.left[j], self.jobs[j].arrive, j)),
            Policy::Fcfs | Policy::Rr | Policy::Mlfq => 0,
        };
        let job = self.queues[level]
            .remove(at)
            .expect("a position in the queue");
        self.running = Some(job);
        self.used = 0;
        changes.push(Change::Granted {
            job,
            level,
            quantum: self.quantum_of(job),
        });
    }

    fn quantum_of(&self, j: usize) -> Option<u32> {
        match self.policy {
            Policy::Rr => self.quanta.first().copied(),
            Policy::Mlfq => self.quanta.get(self.level[j]).copied(),
            Policy::Fcfs | Policy::Sjf | Policy::Srtf => None,
        }
    }
}

/// The position in `q` of the job with the smallest key.
fn best(q: &VecDeque<usize>, key: impl Fn(usize) -> (u32, u32, usize)) -> usize {
    (0..q.len()).min_by_key(|&i| key(q[i])).unwrap_or(0)
}

/// One row of the table: times in units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub arrive: u32,
    pub burst: u32,
    pub finish: u32,
}

impl Row {
    pub fn turnaround(&self) -> u32 {
        self.finish.saturating_sub(self.arrive)
    }

    pub fn waiting(&self) -> u32 {
        self.turnaround().saturating_sub(self.burst)
    }
}

/// Run the policy to the end without any thread: the rows, and who ran in
/// each unit (`.` for none), as the textbook's Gantt chart.
pub fn simulate(policy: Policy, quanta: &[u32], jobs: Vec<Job>) -> (Vec<Row>, String) {
    let mut s = Scheduler::new(policy, quanta, jobs);
    let mut gantt = String::new();
    let mut finish = vec![0; s.jobs.len()];
    loop {
        let (changes, running) = s.tick();
        for c in changes {
            if let Change::Finished(j) = c {
                finish[j] = s.now - 1;
            }
        }
        if s.done() {
            break;
        }
        gantt.push_str(running.map_or(".", |j| &s.jobs[j].name));
    }
    (rows(&s.jobs, finish), gantt)
}

/// The table's rows: each job with the unit it finished at.
pub fn rows(jobs: &[Job], finish: Vec<u32>) -> Vec<Row> {
    jobs.iter()
        .zip(finish)
        .map(|(j, finish)| Row {
            name: j.name.clone(),
            arrive: j.arrive,
            burst: j.burst,
            finish,
        })
        .collect()
}

/// Average turnaround and waiting time, in units.
pub fn averages(rows: &[Row]) -> (f64, f64) {
    let n = rows.len().max(1) as f64;
    let sum = |f: fn(&Row) -> u32| rows.iter().map(|r| f64::from(f(r))).sum::<f64>() / n;
    (sum(Row::turnaround), sum(Row::waiting))
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;

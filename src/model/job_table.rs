//! The scheduling lesson's table, computed from the log alone: each job's
//! arrival and burst (`sched` arrived), its finish (`sched` finished), and
//! the slices it was granted, in time units.

use super::schedule::Row;

/// One job as the log told it so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRow {
    pub name: String,
    pub arrive: u32,
    pub burst: u32,
    pub finish: Option<u32>,
}

/// A stretch of units one job held the CPU (`to` None: it holds it now).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slice {
    pub job: usize,
    pub from: u32,
    pub to: Option<u32>,
}

#[derive(Debug, Clone, Default)]
pub struct JobTable {
    pub jobs: Vec<JobRow>,
    pub slices: Vec<Slice>,
    /// The latest time unit told.
    pub now: u32,
}

impl JobTable {
    /// The job set as the scenario declares it, before the first event.
    pub fn declare(&mut self, jobs: &[(String, u32, u32)]) {
        for (name, arrive, burst) in jobs {
            self.apply("arrived", name, *arrive, Some(*burst));
        }
        self.now = 0;
    }

    /// Fold one `sched` event in.
    pub fn apply(&mut self, what: &str, job: &str, at: u32, burst: Option<u32>) {
        self.now = self.now.max(at);
        if what == "arrived" {
            let row = JobRow {
                name: job.to_string(),
                arrive: at,
                burst: burst.unwrap_or(0),
                finish: None,
            };
            match self.jobs.iter_mut().find(|r| r.name == job) {
                Some(r) => *r = row,
                None => self.jobs.push(row),
            }
            return;
        }
        let Some(j) = self.jobs.iter().position(|r| r.name == job) else {
            return;
        };
        match what {
            "granted" => self.slices.push(Slice {
                job: j,
                from: at,
                to: None,
            }),
            "preempted" | "finished" => {
                if let Some(s) = self.slices.iter_mut().rev().find(|s| s.job == j) {
                    s.to.get_or_insert(at);
                }
                if what == "finished" {
                    self.jobs[j].finish = Some(at);
                }
            }
            _ => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// The rows of the jobs that finished, in the order they arrived.
    pub fn finished(&self) -> Vec<Row> {
        let row = |r: &JobRow| {
            r.finish.map(|finish| Row {
                name: r.name.clone(),
                arrive: r.arrive,
                burst: r.burst,
                finish,
            })
        };
        self.jobs.iter().filter_map(row).collect()
    }

    /// Every job finished.
    pub fn complete(&self) -> bool {
        !self.jobs.is_empty() && self.jobs.iter().all(|r| r.finish.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_slices_follow_the_events() {
        let mut t = JobTable::default();
        t.apply("arrived", "A", 0, Some(3));
        t.apply("granted", "A", 0, None);
        t.apply("arrived", "B", 2, Some(6));
        t.apply("finished", "A", 3, None);
        t.apply("granted", "B", 3, None);
        assert_eq!(t.finished().len(), 1);
        assert_eq!(t.finished()[0].turnaround(), 3);
        assert!(!t.complete());
        assert_eq!(
            t.slices,
            [
                Slice {
                    job: 0,
                    from: 0,
                    to: Some(3)
                },
                Slice {
                    job: 1,
                    from: 3,
                    to: None
                }
            ]
        );
        t.apply("finished", "B", 9, None);
        assert!(t.complete());
        assert_eq!(t.finished()[1].waiting(), 1);
    }
}

//! The real runner: schedule prefixes run as real lessons, `workers` at a
//! time, counting runs, honouring the stop flag and `--max`, telling progress.

use std::sync::atomic::{AtomicBool, Ordering};

use super::one::{run_one, Base, RunError, Trace};
use super::tree::Runner;
use super::Progress;

pub struct RealRunner<'a> {
    pub base: Base,
    pub workers: usize,
    pub max: Option<u64>,
    pub stop: &'a AtomicBool,
    pub runs: u64,
    pub estimate: Option<u64>,
    pub progress: &'a mut dyn FnMut(&Progress),
    /// The first failure of a run (not a stop): the exploration ends with it.
    pub failure: Option<anyhow::Error>,
}

impl RealRunner<'_> {
    fn refused(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
            || self.failure.is_some()
            || self.max.is_some_and(|m| self.runs >= m)
    }

    /// One run, outside the walk (the first, which sizes the tree).
    pub fn first(&mut self) -> anyhow::Result<Option<Trace>> {
        match run_one(&self.base, &[], self.stop) {
            Ok(t) => {
                self.runs += 1;
                Ok(Some(t))
            }
            Err(RunError::Stopped) => Ok(None),
            Err(RunError::Failed(e)) => Err(e),
            Err(RunError::Garbled(why)) => Err(anyhow::anyhow!(why)),
        }
    }

    /// The estimate grows with the longest runs seen (a branch may take more steps).
    pub fn sized(&mut self, t: &Trace) {
        let turns: Vec<String> = t.choices.iter().map(|c| c.actor.clone()).collect();
        let n = super::multinomial(&turns);
        self.estimate = Some(self.estimate.map_or(n, |e| e.max(n)));
    }

    pub fn tell(&mut self, explored: u64) {
        let p = Progress {
            runs: self.runs,
            explored,
            estimate: self.estimate,
        };
        (self.progress)(&p);
    }
}

impl Runner for RealRunner<'_> {
    fn run(&mut self, prefixes: &[Vec<String>], explored: u64) -> Vec<Option<Trace>> {
        let mut out = Vec::with_capacity(prefixes.len());
        for chunk in prefixes.chunks(self.workers.max(1)) {
            let allowed = match self.max {
                Some(m) => usize::try_from(m.saturating_sub(self.runs)).unwrap_or(usize::MAX),
                None => usize::MAX,
            };
            if self.refused() {
                out.extend(chunk.iter().map(|_| None));
                continue;
            }
            let take = chunk.len().min(allowed);
            let base = &self.base;
            let stop = self.stop;
            let results: Vec<Result<Trace, RunError>> = std::thread::scope(|s| {
                let handles: Vec<_> = chunk[..take]
                    .iter()
                    .map(|p| s.spawn(move || run_one(base, p, stop)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or(Err(RunError::Stopped)))
                    .collect()
            });
            for r in results {
                match r {
                    Ok(t) => {
                        self.runs += 1;
                        self.sized(&t);
                        out.push(Some(t));
                    }
                    Err(RunError::Stopped) => out.push(None),
                    Err(RunError::Failed(e)) => {
                        self.failure.get_or_insert(e);
                        out.push(None);
                    }
                    Err(RunError::Garbled(why)) => {
                        self.failure.get_or_insert(anyhow::anyhow!(why));
                        out.push(None);
                    }
                }
            }
            out.extend(chunk[take..].iter().map(|_| None));
            self.tell(explored);
        }
        out
    }
}

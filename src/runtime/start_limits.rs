//! The run's safety limits on what it really starts, counted at run time
//! across all its processes, whatever the script's shape.
//!
//! `check` bounds what a file declares; this counts what runs. Each process
//! or thread start takes one permit from a POSIX named semaphore the host
//! made with the limit as its value (every process of the run opens the
//! same one), and never gives it back: the limit is on starts per run, so a
//! start/join churn cannot run for ever either. A start that finds no permit
//! is refused before anything is created: the step fails with an error (as
//! Python's `start()` raises when the OS refuses a fork) and the host ends
//! the run with outcome `limit`.

use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::shared_os::{sem_name, PosixSem};
use crate::event::ActorKind;
use crate::scenario::{MAX_PROCESSES, MAX_THREADS};

/// Semaphore names no scenario name can take ('~' is not allowed in names).
const PROCESSES: &str = "~processes";
const THREADS: &str = "~threads";

/// The limit on starts of one kind in one run. `CONLAB_MAX_PROCESSES=N` and
/// `CONLAB_MAX_THREADS=N` lower it (tests; a cautious teacher), never raise it;
/// every process of a run inherits the same environment.
pub fn limit(kind: ActorKind) -> usize {
    let (max, var) = match kind {
        ActorKind::Process => (MAX_PROCESSES, "CONLAB_MAX_PROCESSES"),
        ActorKind::Thread | ActorKind::Coroutine => (MAX_THREADS, "CONLAB_MAX_THREADS"),
    };
    lowered(max, std::env::var(var).ok().as_deref())
}

fn lowered(max: usize, setting: Option<&str>) -> usize {
    setting
        .and_then(|v| v.trim().parse::<usize>().ok())
        .map_or(max, |n| n.min(max))
}

/// Make the run's counters (the host, before the main actor starts); returns
/// their names, to unlink at the end.
pub fn create(run_dir: &Path) -> Result<Vec<CString>, String> {
    let mut names = Vec::new();
    for (kind, which) in [
        (ActorKind::Process, PROCESSES),
        (ActorKind::Thread, THREADS),
    ] {
        let name = sem_name(run_dir, which);
        PosixSem::create(&name, limit(kind) as u32)?;
        names.push(name);
    }
    Ok(names)
}

/// One process's handle on the run's counters, opened at its first start.
pub struct StartBudget {
    run_dir: PathBuf,
    sems: OnceLock<Result<(PosixSem, PosixSem), String>>,
}

impl StartBudget {
    pub fn new(run_dir: &Path) -> StartBudget {
        StartBudget {
            run_dir: run_dir.to_path_buf(),
            sems: OnceLock::new(),
        }
    }

    /// Take a permit for one start of `kind`: Ok(false) when the run has
    /// used them all, Err when the counters cannot be reached.
    pub fn take(&self, kind: ActorKind) -> Result<bool, String> {
        let sems = self.sems.get_or_init(|| {
            let open = |which| PosixSem::open(&sem_name(&self.run_dir, which));
            Ok((open(PROCESSES)?, open(THREADS)?))
        });
        let (processes, threads) = sems.as_ref().map_err(|e| format!("start limits: {e}"))?;
        match kind {
            ActorKind::Process => processes.try_wait(),
            ActorKind::Thread | ActorKind::Coroutine => threads.try_wait(),
        }
    }
}

/// What a refused start says, in the words of the limit it hit.
pub fn refusal(kind: ActorKind) -> String {
    let what = match kind {
        ActorKind::Process => "processes",
        ActorKind::Thread | ActorKind::Coroutine => "threads",
    };
    let n = limit(kind);
    format!(
        "this run has already started {n} {what}, conlab's limit for one run: the start is refused"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_past_the_limit_are_refused_in_every_process_of_the_run() {
        let dir = std::env::temp_dir().join(format!("conlab-startlimits-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let names = create(&dir).unwrap();
        // Two handles stand for two processes sharing the run's counters.
        let (a, b) = (StartBudget::new(&dir), StartBudget::new(&dir));
        for i in 0..MAX_PROCESSES {
            let who = if i % 2 == 0 { &a } else { &b };
            assert_eq!(who.take(ActorKind::Process), Ok(true));
        }
        assert_eq!(b.take(ActorKind::Process), Ok(false));
        assert_eq!(a.take(ActorKind::Process), Ok(false));
        // Threads have their own count.
        for _ in 0..MAX_THREADS {
            assert_eq!(a.take(ActorKind::Thread), Ok(true));
        }
        assert_eq!(b.take(ActorKind::Thread), Ok(false));
        assert!(refusal(ActorKind::Thread).contains("1024 threads"));
        assert!(refusal(ActorKind::Process).contains("64 processes"));
        names.iter().for_each(PosixSem::unlink);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_limits_can_be_lowered_but_not_raised() {
        assert_eq!(lowered(64, None), 64);
        assert_eq!(lowered(64, Some("3")), 3);
        assert_eq!(lowered(64, Some("0")), 0);
        assert_eq!(lowered(64, Some("1000")), 64);
        assert_eq!(lowered(64, Some("many")), 64);
    }

    #[test]
    fn without_the_hosts_counters_nothing_starts() {
        let dir = std::env::temp_dir().join(format!("conlab-nolimits-{}", std::process::id()));
        let err = StartBudget::new(&dir).take(ActorKind::Thread).unwrap_err();
        assert!(err.starts_with("start limits: sem_open"), "{err}");
    }
}

//! A learner's Python program (`conlab py`) under the host. Its starts are
//! counted here against the run's limits, from the `spawned` events it tells
//! (its processes cannot take the permits scenario workers take); past a
//! limit the run ends (`limit_reached`, then everything is killed). Its
//! deadlocks are found, drawn and broken on the learner's word (a thread's
//! lock wait raises `DeadlockBroken`, a process is killed; never by itself,
//! headless included). Step mode holds its operations through each
//! connection's control messages; a pause stops its processes (SIGSTOP).

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

use super::Host;
use crate::event::{ActorKind, Event, EventKind};
use crate::runtime::observer::descendants;
use crate::runtime::start_limits;

/// The program's starts so far (the root, started by the host, not counted).
#[derive(Debug, Default)]
pub(super) struct PyStarts {
    processes: usize,
    threads: usize,
}

impl PyStarts {
    /// Count one start; Some(limit name, max) when it is one too many.
    fn count(&mut self, kind: ActorKind) -> Option<(&'static str, usize)> {
        let (n, what) = match kind {
            ActorKind::Process => (&mut self.processes, "processes"),
            ActorKind::Thread | ActorKind::Coroutine => (&mut self.threads, "threads"),
        };
        *n += 1;
        let max = start_limits::limit(kind);
        (*n > max).then_some((what, max))
    }
}

impl Host {
    /// Pause (SIGSTOP) or resume (SIGCONT) every process of a learner's
    /// program: the module cannot hold its operations, so the kernel holds
    /// the processes (the /proc observer shows them `T`). Two passes, for a
    /// child forked while the first ran. A kill still ends a stopped process.
    pub(super) fn hold_py(&self, stop: bool) {
        if self.python.is_none() {
            return;
        }
        let signal = if stop {
            Signal::SIGSTOP
        } else {
            Signal::SIGCONT
        };
        for _ in 0..2 {
            for pid in descendants(self.pid) {
                let _ = kill(Pid::from_raw(pid), signal);
            }
        }
    }

    /// Count a start the program told (a Python run only).
    pub(super) fn count_py_start(&mut self, e: &Event) {
        let Some(starts) = self.python.as_mut() else {
            return;
        };
        let EventKind::Spawned {
            kind,
            parent: Some(_),
            ..
        } = &e.kind
        else {
            return;
        };
        if let Some((what, max)) = starts.count(*kind) {
            let text = format!(
                "the program started more than {max} {what}, conlab's limit for one run: \
                 it was stopped"
            );
            self.stop_at_limit(what, max as u64, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_start_past_the_limit_is_told_with_its_kind() {
        let mut s = PyStarts::default();
        for _ in 0..start_limits::limit(ActorKind::Process) {
            assert_eq!(s.count(ActorKind::Process), None);
        }
        let max = start_limits::limit(ActorKind::Process);
        assert_eq!(s.count(ActorKind::Process), Some(("processes", max)));
        assert_eq!(s.count(ActorKind::Thread), None, "threads count apart");
    }
}

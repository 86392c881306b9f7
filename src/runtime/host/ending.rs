//! How processes and the run end: the host collects its own children (main,
//! adopted orphans), ends an orphaned manager when it is alone, and on abort kills
//! every process of the run.

use std::time::Instant;

use nix::sys::signal::{kill, Signal};
use nix::sys::wait::WaitStatus;
use nix::unistd::Pid;

use super::Host;
use crate::event::{Event, EventKind, Outcome};
use crate::runtime::process::exit_fields;
use crate::runtime::{manager_proc, observer};

impl Host {
    /// The host collected one of its children: the main actor or an adopted orphan.
    pub(super) fn collected(&mut self, pid: Pid, status: WaitStatus) {
        let raw = pid.as_raw();
        let actor = self.watch.actor(raw).unwrap_or_else(|| format!("pid{raw}"));
        if !self.exit_told.contains(&raw) {
            if let Some(kind) = exit_fields(status) {
                let e = Event {
                    t_us: self.clock.t_us(),
                    actor: actor.clone(),
                    pid: raw,
                    tid: None,
                    kind,
                };
                self.relay(e);
            }
        }
        let e = Event {
            t_us: self.clock.t_us(),
            actor,
            pid: raw,
            tid: None,
            kind: EventKind::Reaped { by: "host".into() },
        };
        self.relay(e);
        self.end_manager_when_alone();
    }

    /// main starts the manager and shuts it down when its code ends. If main
    /// died first (killed), the manager is left serving nobody: once it is
    /// the only process of the run left, end it.
    fn end_manager_when_alone(&self) {
        let left = observer::descendants(self.pid);
        let alone = !left.is_empty()
            && left
                .iter()
                .all(|&p| self.watch.actor(p).as_deref() == Some(manager_proc::ACTOR));
        if alone {
            for pid in left {
                let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
            }
        }
    }

    pub(super) fn abort(&mut self, outcome: Outcome) {
        if self.aborting_since.is_some() {
            return;
        }
        self.outcome = Some(outcome);
        self.aborting_since = Some(Instant::now());
        self.broadcast.lock().unwrap().close();
        self.kill_everything();
    }

    pub(super) fn kill_everything(&self) {
        let mut pids = observer::descendants(self.pid);
        pids.extend(self.watch.pids());
        for pid in pids {
            let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
        }
    }
}

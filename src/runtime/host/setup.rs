//! The OS objects a run's processes share, made by the host before any actor
//! runs and removed at the end: named semaphores, event gates, and the named
//! pipes of process queues and process pools.

use super::Host;
use crate::event::ActorKind;
use crate::runtime::fifo::Fifo;
use crate::runtime::pools::pool_paths;
use crate::runtime::queues::{queue_paths, slots_of};
use crate::runtime::shared_os::{close_gate, gate_path, sem_name, PosixSem};
use crate::scenario::plan::{LockKind, Plan, Scope};

impl Host {
    pub(super) fn make_process_objects(&mut self, plan: &Plan) -> anyhow::Result<()> {
        self.make_process_locks(plan)?;
        let dir = self.run_dir.path().to_path_buf();
        for q in plan.queues.iter().filter(|q| q.scope == Scope::Processes) {
            let (fifo, slots, unfinished) = queue_paths(&dir, &q.name);
            Fifo::create(&fifo).map_err(anyhow::Error::msg)?;
            PosixSem::create(&slots, slots_of(q)).map_err(anyhow::Error::msg)?;
            self.sem_names.push(slots);
            if q.joinable {
                PosixSem::create(&unfinished, 0).map_err(anyhow::Error::msg)?;
                self.sem_names.push(unfinished);
            }
        }
        for p in plan.pools.iter().filter(|p| p.kind == ActorKind::Process) {
            let (tasks, results) = pool_paths(&dir, &p.name);
            Fifo::create(&tasks).map_err(anyhow::Error::msg)?;
            Fifo::create(&results).map_err(anyhow::Error::msg)?;
        }
        Ok(())
    }

    /// Semaphores and events shared by processes.
    fn make_process_locks(&mut self, plan: &Plan) -> anyhow::Result<()> {
        let dir = self.run_dir.path().to_path_buf();
        for l in plan.locks.iter().filter(|l| l.scope == Scope::Processes) {
            match l.kind {
                LockKind::Semaphore => {
                    let name = sem_name(&dir, &l.name);
                    PosixSem::create(&name, l.permits).map_err(anyhow::Error::msg)?;
                    self.sem_names.push(name);
                }
                LockKind::Event => {
                    let gate = close_gate(&gate_path(&dir, &l.name)).map_err(anyhow::Error::msg)?;
                    self.gates.insert(l.name.clone(), Some(gate));
                }
                LockKind::Mutex | LockKind::Rlock => {}
            }
        }
        Ok(())
    }
}

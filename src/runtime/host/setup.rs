//! Starting a run: the host's state, the first events, the manager, the
//! pipes and the root actor; and the OS objects the run's processes share,
//! made before any actor runs and removed at the end: named semaphores, event
//! gates, and the named pipes of process queues and process pools.

use std::collections::{HashMap, HashSet};
use std::io::{BufReader, BufWriter};
use std::os::fd::AsRawFd;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use nix::sys::signal::SigSet;
use nix::unistd::getpid;

use super::{deadlock, gates, limits, Host};
use crate::event::ActorKind;
use crate::event::EventKind;
use crate::runtime::clock::Clock;
use crate::runtime::fifo::Fifo;
use crate::runtime::hub_io::{self, Broadcast, Hub};
use crate::runtime::launch::RunRequest;
use crate::runtime::net_table;
use crate::runtime::observer::{self, Watchlist};
use crate::runtime::pipes;
use crate::runtime::pools::pool_paths;
use crate::runtime::queues::{queue_paths, slots_of};
use crate::runtime::rundir::RunDir;
use crate::runtime::shared;
use crate::runtime::shared_os::{close_gate, gate_path, sem_name, PosixSem};
use crate::runtime::spawn::{spawn_main, spawned_event};
use crate::runtime::start_limits;
use crate::scenario::plan::ValueKind;
use crate::scenario::plan::{LockKind, Plan, Scope};

impl Host {
    pub(super) fn start(
        request: RunRequest,
        stdin: BufReader<std::io::Stdin>,
        signals: SigSet,
    ) -> anyhow::Result<Host> {
        let clock = Clock::start();
        let python = request.plan.python.clone();
        let run_dir = RunDir::create().map_err(anyhow::Error::msg)?;
        let socket = run_dir.path().join("control.sock");
        let listener = std::os::unix::net::UnixListener::bind(&socket)?;
        let (tx, rx) = crossbeam_channel::unbounded();
        let (events_tx, events) = crossbeam_channel::bounded(limits::EVENT_BACKLOG);
        let broadcast = Arc::new(Mutex::new(Broadcast::new(request.speed)));
        let watch = Watchlist::default();
        let (stop_observer, stop_rx) = crossbeam_channel::bounded(1);
        let mut host = Host {
            clock,
            pid: getpid().as_raw(),
            out: BufWriter::with_capacity(crate::runtime::emit::WIRE_BUFFER, std::io::stdout()),
            frames: crate::runtime::frame::FrameEncoder::new(),
            rx,
            events,
            told: 0,
            budget: limits::event_budget(),
            reason: None,
            killed_at: Instant::now(),
            watch: watch.clone(),
            broadcast: broadcast.clone(),
            known: HashMap::new(),
            pending: HashMap::new(),
            exit_told: HashSet::new(),
            outcome: None,
            aborting_since: None,
            deadline: Instant::now() + request.plan.max_duration.div_f64(request.speed),
            speed: request.speed,
            paused_since: None,
            gates: HashMap::new(),
            sem_names: Vec::new(),
            open_conns: 0,
            open_pids: Default::default(),
            children_gone_at: None,
            _stop_observer: stop_observer,
            run_dir,
            turns: gates::Turns::new(&request),
            detector: deadlock::Detector::new(
                &request.plan.locks,
                request.auto_break && python.is_none(),
            ),
            looked_at: Instant::now(),
            python: python.as_ref().map(|_| Default::default()),
        };
        broadcast.lock().unwrap().gate = host.turns.rule().clone();
        host.relay(host.own(EventKind::RunStarted {
            scenario: request.plan.scenario.clone(),
            variant: request.plan.variant.clone(),
            seed: request.seed,
            speed: request.speed,
        }));
        host.relay(host.own(EventKind::Recipe {
            source: request.plan.source.clone(),
            params: request.plan.params.clone(),
            scenario_text: None, // the recorder adds it (recording::Recorder)
        }));
        for v in &request.plan.values {
            if v.kind == ValueKind::File {
                let path = shared::file_path(host.run_dir.path(), &v.name);
                shared::write_file(&path, &v.name, v.initial).map_err(anyhow::Error::msg)?;
            }
            let initial = EventKind::Value {
                name: v.name.clone(),
                value: v.initial.into(),
            };
            host.relay(host.own(initial));
        }
        host.make_process_objects(&request.plan)?;
        let main = match &python {
            Some(_) => crate::py::ROOT.to_string(),
            None => request.plan.root().name.clone(),
        };
        let py_events = events_tx.clone();
        let py_broadcast = broadcast.clone();
        let request_pipes = request.plan.pipes.clone();
        let request_sockets = request.plan.sockets.clone();
        hub_io::spawn_listeners(
            listener,
            events_tx,
            broadcast,
            Arc::new(request),
            clock.base_ns,
        );
        hub_io::spawn_ui_reader(stdin, tx.clone());
        hub_io::spawn_signal_waiter(signals, tx.clone());
        let began_us = clock.t_us();
        // Pipes exist before the root starts, which inherits both ends of each.
        let ends = pipes::make(&request_pipes).map_err(anyhow::Error::msg)?;
        let listed = pipes::describe(
            ends.iter()
                .map(|(p, e, fd)| (p.as_str(), e.as_str(), fd.as_raw_fd())),
        );
        // So are the declared sockets, bound to (host, 0): every actor knows the port.
        let socks = net_table::make(&request_sockets).map_err(anyhow::Error::msg)?;
        let socks_listed =
            net_table::describe(socks.iter().map(|(n, port, fd)| {
                (n.as_str(), *port, fd.as_ref().map_or(-1, |f| f.as_raw_fd()))
            }));
        let main_pid = match &python {
            Some(py) => {
                let dir = host.run_dir.path();
                crate::py::start::launch(py, dir, clock, py_events, tx.clone(), py_broadcast)?
            }
            None => spawn_main(&socket, &main, &listed, &socks_listed)?,
        };
        drop(ends);
        drop(socks);
        host.relay(spawned_event(began_us, &main, main_pid));
        hub_io::spawn_reaper(tx.clone());
        let sink = tx.clone();
        std::thread::Builder::new()
            .name("proc-observer".into())
            .spawn(move || {
                observer::run(watch, |o| sink.send(Hub::Observed(o)).is_ok(), stop_rx)
            })?;
        Ok(host)
    }

    pub(super) fn make_process_objects(&mut self, plan: &Plan) -> anyhow::Result<()> {
        self.make_process_locks(plan)?;
        let dir = self.run_dir.path().to_path_buf();
        let limits = start_limits::create(&dir).map_err(anyhow::Error::msg)?;
        self.sem_names.extend(limits);
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

    /// Semaphores (also behind a mutex or rlock) and events shared by processes.
    fn make_process_locks(&mut self, plan: &Plan) -> anyhow::Result<()> {
        let dir = self.run_dir.path().to_path_buf();
        for l in plan.locks.iter().filter(|l| l.scope == Scope::Processes) {
            match l.kind {
                // multiprocessing's Lock and RLock are semaphores too (SemLock).
                LockKind::Semaphore | LockKind::Mutex | LockKind::Rlock => {
                    let name = sem_name(&dir, &l.name);
                    PosixSem::create(&name, l.permits).map_err(anyhow::Error::msg)?;
                    self.sem_names.push(name);
                }
                LockKind::Event => {
                    let gate = close_gate(&gate_path(&dir, &l.name)).map_err(anyhow::Error::msg)?;
                    self.gates.insert(l.name.clone(), Some(gate));
                }
                // Refused between processes when the scenario is checked.
                LockKind::FileLock | LockKind::Condition | LockKind::Barrier => {}
            }
        }
        Ok(())
    }
}

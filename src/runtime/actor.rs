//! The interpreter: one actor follows its script, step by step, on a real
//! thread, telling every step as an event.

use std::collections::BTreeMap;
use std::sync::Arc;

use nix::unistd::{getpid, getppid, gettid};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::control::{Aborted, Burn};
use super::process::Proc;
use crate::event::{Activity, ActorKind, EventKind};
use crate::scenario::plan::{Span, Step};

/// Whether the actor is the main thread of its process or a thread in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    ProcessMain,
    Thread,
    /// A task run by its parent's event loop, on the parent's thread.
    Coroutine,
}

/// What a step asks of the interpreter next.
pub(super) enum Flow {
    Next,
    Exit(i32),
    Stop(Aborted),
    /// Leave the innermost loop.
    Break,
}

/// Why a list of steps ended before its last step.
pub(super) enum Ended {
    Exit(i32),
    Break,
}

pub(super) struct Actor {
    pub(super) proc: Arc<Proc>,
    pub(super) name: String,
    pub(super) role: Role,
    rng: StdRng,
    /// Local variables (read into, let).
    pub(super) locals: BTreeMap<String, i64>,
    /// Steps begun so far, numbering the `step` events.
    pub(super) steps_taken: u32,
    /// The Python line the steps now stand for (the latest `Step::Line`).
    pub(super) line: Option<u32>,
    /// Submitted pool tasks by handle name: (pool, task).
    pub(super) handles: BTreeMap<String, (String, u32)>,
    /// Scenario time when the actor began, for `{elapsed}`.
    began: f64,
    /// Its `measure` blocks.
    pub(super) watch: super::actor_measure::Stopwatch,
    /// The coroutines this actor started and has not yet run to their end.
    pub(super) tasks: super::coroutines::Tasks,
    /// Received texts and a coroutine's socket wait (net.rs).
    pub(super) net: super::net::NetState,
}

/// Run `name`'s script in this process. For the process's main actor this
/// cleans up as the process's end does and returns its exit code (the
/// worker exits with it once the host has its last events); a thread gives 0.
/// `on_started` is called once the actor has told that its code began (a
/// thread's `start()` waits for it).
pub fn run(proc: Arc<Proc>, name: String, role: Role, on_started: impl FnOnce()) -> i32 {
    let mut actor = Actor::new(proc, name, role);
    actor.say(EventKind::Started {});
    on_started();
    if role == Role::ProcessMain {
        // Python's `Manager()` in main: the server starts as main's own child.
        let p = &actor.proc;
        let run_dir = p.socket.parent().unwrap_or(std::path::Path::new("/tmp"));
        super::manager_proc::start_if_mine(&p.plan, &actor.name, run_dir, &p.emit);
    }
    let code = actor.follow_script();
    match role {
        Role::Thread => {
            actor.say(EventKind::Exited {
                code: Some(code.unwrap_or(0)),
                signal: None,
                cause: None,
            });
            super::timers::thread_ended(&actor.name);
            0
        }
        Role::ProcessMain => actor.end_process(code),
        Role::Coroutine => unreachable!("a coroutine runs on its parent's loop, not here"),
    }
}

impl Actor {
    /// An actor that has not begun yet (its clock for `{elapsed}` starts now).
    pub(super) fn new(proc: Arc<Proc>, name: String, role: Role) -> Actor {
        let seed = proc.seed ^ fnv1a(&name);
        let began = proc.control.scenario_secs();
        Actor {
            proc,
            name,
            role,
            rng: StdRng::seed_from_u64(seed),
            locals: BTreeMap::new(),
            steps_taken: 0,
            line: None,
            handles: BTreeMap::new(),
            began,
            tasks: Default::default(),
            watch: Default::default(),
            net: Default::default(),
        }
    }

    pub(super) fn say(&self, kind: EventKind) {
        match self.role {
            Role::Thread | Role::Coroutine => self.proc.emit.emit_thread(&self.name, kind),
            Role::ProcessMain => self.proc.emit.emit(&self.name, kind),
        }
    }

    pub(super) fn error(&self, text: String) {
        self.say(EventKind::Error { text });
    }

    /// Returns Some(code) when the script asked to exit early.
    fn follow_script(&mut self) -> Option<i32> {
        let plan = self.proc.plan.clone();
        let spec = plan
            .actor(&self.name)
            .expect("a worker only plays actors of its plan");
        if self.role == Role::ProcessMain {
            let root = spec.parent.is_none();
            let module = || match self.run_steps(&plan.module) {
                Some(Ended::Exit(code)) => Some(code),
                _ => None,
            };
            if let Some(code) = super::start_child::bootstrap(spec, module, root) {
                return Some(code);
            }
        }
        // A threading.Timer's thread first waits for its delay (or a cancel).
        if let Some(after) = super::timers::delay_of(&self.name) {
            let fire = [Step::Timed(crate::scenario::timed::Timed::Fire { after })];
            if let Some(Ended::Exit(code)) = self.run_steps(&fire) {
                return Some(code);
            }
        }

        let code = match self.run_steps(&spec.script) {
            Some(Ended::Exit(code)) => Some(code),
            Some(Ended::Break) | None => None,
        };
        self.cancel_tasks();
        code
    }

    /// Tell that the actor begins `step`.
    pub(super) fn announce(&mut self, step: &Step) {
        self.say(EventKind::Step {
            index: self.steps_taken,
            op: step.op().into(),
            text: step.describe(),
            activity: step.activity(),
            line: self.line,
            targets: match step {
                Step::Join(names) => Some(names.clone()),
                _ => None,
            },
        });
        self.steps_taken += 1;
    }

    /// In step mode or a schedule: stop before `step` until granted a turn.
    fn wait_for_turn(&self, step: &Step) -> Result<(), Aborted> {
        let held = EventKind::Held {
            index: self.steps_taken,
            text: self.fill(&step.describe()),
        };
        self.proc.control.pass_gate(&self.name, || self.say(held))
    }

    /// Follow `steps` (a script, a branch, a loop's body); Some when they
    /// ended early: the actor exits, or a loop is left.
    pub(super) fn run_steps(&mut self, steps: &[Step]) -> Option<Ended> {
        for step in steps {
            if let Step::Line(n) = step {
                self.line = Some(*n);
                continue;
            }
            if let Step::Measure(m) = step {
                self.measure(m);
                continue;
            }
            if self.wait_for_turn(step).is_err() {
                return Some(Ended::Exit(1));
            }
            self.announce(step);
            match self.exec(step) {
                Flow::Next => {}
                Flow::Exit(code) => return Some(Ended::Exit(code)),
                Flow::Stop(Aborted) => return Some(Ended::Exit(1)),
                Flow::Break => return Some(Ended::Break),
            }
        }
        None
    }

    pub(super) fn exec(&mut self, step: &Step) -> Flow {
        if let Step::Sync(s) = step {
            return self.exec_sync(s);
        }
        if let Step::Mux(m) = step {
            return self.exec_mux(m);
        }
        if let Step::Net(n) = step {
            return self.exec_net(n);
        }
        if let Some(flow) = self.exec_shared(step) {
            return flow;
        }
        if let Some(flow) = self.exec_flow(step) {
            return flow;
        }
        if let Some(flow) = self.exec_jobs(step) {
            return flow;
        }
        if let Some(flow) = self.exec_timed(step) {
            return flow;
        }
        let result = match step {
            Step::Start(_) if super::start_child::bootstrapping() => {
                self.error(super::start_child::BOOTSTRAP_ERROR.into());
                return Flow::Exit(1);
            }
            Step::Start(names) => {
                names.iter().for_each(|n| self.start(n));
                Ok(())
            }
            Step::Join(names) => {
                let names = match self.await_tasks(names) {
                    Ok(rest) => rest,
                    Err(a) => return Flow::Stop(a),
                };
                for n in &names {
                    if let Err(e) = self.proc.join(&self.name, n) {
                        self.error(e);
                    }
                }
                Ok(())
            }
            Step::Print(text) => {
                self.say(EventKind::Print {
                    text: self.fill(text.get(self.proc.plan.lang)),
                });
                Ok(())
            }
            Step::Sleep(span) | Step::BlockingSleep(span) => {
                let d = self.draw(span);
                self.proc.control.sleep(d)
            }
            Step::Work(span) => {
                let d = self.draw(span);
                self.work_under_gil(d, Burn::CpuTime)
            }
            Step::Spin(span) => {
                let d = self.draw(span);
                self.work_under_gil(d, Burn::WallTime)
            }
            Step::Exit(code) => return Flow::Exit(*code),
            Step::Terminate(names) => {
                for n in names {
                    if let Err(e) = self.proc.terminate(&self.name, n, None) {
                        self.error(e);
                    }
                }
                Ok(())
            }
            Step::IsAlive(names, into) => {
                for n in names {
                    match self.proc.is_alive(&self.name, n) {
                        Ok(alive) => {
                            self.say(EventKind::Alive {
                                target: n.clone(),
                                alive,
                            });
                            self.keep(into, Some(i64::from(alive)));
                        }
                        Err(e) => self.error(e),
                    }
                }
                Ok(())
            }
            // Shared-state steps were taken by exec_shared above.
            _ => Ok(()),
        };
        match result {
            Ok(()) => Flow::Next,
            Err(a) => Flow::Stop(a),
        }
    }

    pub(super) fn start(&self, name: &str) {
        let plan = self.proc.plan.clone();
        let Some(spec) = plan.actor(name) else {
            return self.error(format!("no actor named {name}"));
        };
        let started = match spec.kind {
            ActorKind::Process => self.proc.spawn_process(&self.name, spec),
            ActorKind::Thread => self.start_thread(spec),
            ActorKind::Coroutine => self.create_task(spec),
        };
        if let Err(e) = started {
            self.error(e);
        }
    }

    /// Python's `Thread.start()` returns only once the new thread runs (it
    /// waits for the thread's `_started` event): so does this.
    fn start_thread(&self, spec: &crate::scenario::plan::ActorSpec) -> Result<(), String> {
        let proc = self.proc.clone();
        let child = spec.name.clone();
        let (began, running) = crossbeam_channel::bounded::<()>(1);
        self.proc.spawn_thread(&self.name, spec, move || {
            run(proc, child, Role::Thread, move || {
                let _ = began.send(());
            });
        })?;
        // A thread that dies before it begins drops the sender: no hang.
        let _ = running.recv();
        Ok(())
    }

    /// Fill the runtime placeholders of a print, and local variables.
    pub(super) fn fill(&self, text: &str) -> String {
        let mut out = text
            .replace("{pid}", &getpid().to_string())
            .replace("{ppid}", &getppid().to_string())
            .replace("{tid}", &gettid().to_string())
            .replace("{name}", &self.name);
        if out.contains("{start_ms}") {
            let now = self.proc.emit.clock().t_us();
            let ms = super::start_child::since_start_ms(now).unwrap_or(0.0);
            out = out.replace("{start_ms}", &format!("{ms:.1}"));
        }
        if out.contains("{elapsed}") {
            let secs = self.proc.control.scenario_secs() - self.began;
            out = out.replace("{elapsed}", &format!("{secs:.1}"));
        }
        out = self.fill_measure(out);
        out = self.fill_net(out);
        for (var, &value) in &self.locals {
            let shown = super::actor_flow::to_item(value).map_or("None".into(), |v| v.to_string());
            out = out.replace(&format!("{{{var}}}"), &shown);
        }
        out
    }

    pub(super) fn draw(&mut self, span: &Span) -> std::time::Duration {
        match *span {
            Span::Fixed(d) => d,
            Span::Between(a, b) if a < b => self.rng.gen_range(a..=b),
            Span::Between(a, _) => a,
        }
    }

    /// The main code of the process is over: clean up as Python does (unless
    /// the script exited early, like os._exit) and write out every event;
    /// returns the exit code. The caller exits only after the host has read
    /// those events (`worker::drain`): exiting at once let the host reap an
    /// adopted orphan, and tell its `exited`, before its last lines.
    fn end_process(&self, early: Option<i32>) -> i32 {
        if early.is_none() {
            self.say(EventKind::Step {
                index: self.steps_taken,
                op: "exit_join".into(),
                text: "end of code: wait for children".into(),
                activity: Activity::Waiting,
                line: None,
                targets: None,
            });
            self.proc.shut_down(&self.name);
        }
        self.proc.emit.seal();
        self.proc.emit.flush();
        early.unwrap_or(0)
    }
}

/// A stable hash, so each actor's random draws depend only on the seed and its name.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

//! Coroutines, for real on one OS thread: a small cooperative event loop in
//! the style of asyncio's. The parent's `start` creates tasks (create_task,
//! gevent.spawn) that do not run yet; its `join` runs the loop on its own
//! thread until those tasks are done (gather, joinall). A task runs its steps
//! until it awaits a `sleep`, its IO point; the loop then runs the next ready
//! task, and a timer makes a sleeping task ready again. Nothing preempts a
//! task: a blocking sleep or a `work` holds the thread, and every other task of
//! the loop waits. Each task tells its own events (its name, the loop
//! thread's pid and tid), so its lane shows when it had the thread.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::time::Duration;

use super::actor::{Actor, Flow, Role};
use super::control::Aborted;
use crate::event::{ActorKind, EventKind};
use crate::scenario::plan::{ActorSpec, Step};

/// Where a task is: its steps as a stack of frames (the script, the branch
/// of an `if`, a loop's body), so it can stop at an await and go on later.
struct Frame {
    steps: Vec<Step>,
    at: usize,
    looping: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    /// Created, never run: its first turn tells `started`.
    New,
    Ready,
    /// Awaiting a sleep that ends at this scenario time (seconds).
    Sleeping(f64),
    Finished,
    /// Finished and collected by its parent's join.
    Reaped,
}

struct Task {
    actor: Actor,
    frames: Vec<Frame>,
    state: State,
    /// The step it stopped at is tried again (a socket call that would
    /// block): it is not told a second time.
    again: bool,
}

/// Why a task gave the thread back.
enum Yield {
    Await(Duration),
    Done(i32),
    Aborted,
}

/// An actor's own tasks and its loop's ready queue.
#[derive(Default)]
pub(super) struct Tasks(RefCell<Loop>);

#[derive(Default)]
struct Loop {
    tasks: Vec<Task>,
    /// Indices of tasks ready to run, in the order the loop will run them.
    ready: VecDeque<usize>,
}

impl Loop {
    fn find(&self, name: &str) -> Option<usize> {
        self.tasks.iter().position(|t| t.actor.name == name)
    }

    /// Sleeping tasks whose time has come join the ready queue, earliest first
    /// (asyncio moves due timers to its ready queue in deadline order).
    fn wake_due(&mut self, now: f64) {
        let mut due: Vec<(f64, usize)> = (self.tasks.iter().enumerate())
            .filter_map(|(i, t)| match t.state {
                State::Sleeping(at) if at <= now => Some((at, i)),
                _ => None,
            })
            .collect();
        due.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (_, i) in due {
            self.tasks[i].state = State::Ready;
            self.ready.push_back(i);
        }
    }

    /// Tasks whose socket became ready join the ready queue.
    fn wake(&mut self, names: Vec<String>) {
        for name in names {
            if let Some(i) = self.find(&name) {
                if matches!(self.tasks[i].state, State::Sleeping(_)) {
                    self.tasks[i].state = State::Ready;
                    self.ready.push_back(i);
                }
            }
        }
    }

    fn next_deadline(&self) -> Option<f64> {
        (self.tasks.iter())
            .filter_map(|t| match t.state {
                State::Sleeping(at) => Some(at),
                _ => None,
            })
            .min_by(f64::total_cmp)
    }
}

impl Actor {
    /// `start` of a coroutine: create the task (it runs once its parent joins).
    pub(super) fn create_task(&self, spec: &ActorSpec) -> Result<(), String> {
        let mut lp = self.tasks.0.borrow_mut();
        if lp.find(&spec.name).is_some() {
            return Err(format!(
                "{}: cannot reuse already awaited coroutine (RuntimeError) · 一个协程只能运行一次",
                spec.name
            ));
        }
        let spawned = EventKind::Spawned {
            kind: ActorKind::Coroutine,
            parent: Some(self.name.clone()),
            daemon: false,
        };
        // Told from this thread, with its tid: the task will run on it.
        self.proc.emit.emit_thread(&spec.name, spawned);
        let actor = Actor::new(self.proc.clone(), spec.name.clone(), Role::Coroutine);
        let frames = vec![Frame {
            steps: spec.script.clone(),
            at: 0,
            looping: false,
        }];
        let at = lp.tasks.len();
        lp.tasks.push(Task {
            actor,
            frames,
            state: State::New,
            again: false,
        });
        lp.ready.push_back(at);
        Ok(())
    }

    /// `join` of coroutines: run the loop on this thread until every named
    /// task is done, then collect them. Returns the names that are not tasks
    /// of this actor (threads and processes, joined as usual).
    pub(super) fn await_tasks(&self, names: &[String]) -> Result<Vec<String>, Aborted> {
        let mut lp = self.tasks.0.borrow_mut();
        let (mine, rest): (Vec<&String>, Vec<&String>) =
            names.iter().partition(|n| lp.find(n).is_some());
        let mine: Vec<usize> = mine.iter().filter_map(|n| lp.find(n)).collect();
        self.run_loop(&mut lp, &mine)?;
        for i in mine {
            self.reap(&mut lp.tasks[i]);
        }
        Ok(rest.into_iter().cloned().collect())
    }

    /// The end of the parent's code: tasks never awaited are cancelled, as
    /// `asyncio.run` cancels what is left when its main coroutine returns.
    pub(super) fn cancel_tasks(&self) {
        let mut lp = self.tasks.0.borrow_mut();
        for t in lp.tasks.iter_mut() {
            if !matches!(t.state, State::Finished | State::Reaped) {
                t.actor.say(EventKind::Exited {
                    code: None,
                    signal: None,
                    cause: Some("cancelled: its parent's code ended before it was awaited".into()),
                });
                t.state = State::Finished;
            }
            self.reap(t);
        }
    }

    fn reap(&self, t: &mut Task) {
        if t.state == State::Finished {
            t.state = State::Reaped;
            let by = EventKind::Reaped {
                by: self.name.clone(),
            };
            self.proc.emit.emit_thread(&t.actor.name, by);
        }
    }

    /// One thread, many tasks: run ready tasks one at a time until `targets`
    /// are all done; when none is ready, sleep until the earliest timer.
    fn run_loop(&self, lp: &mut Loop, targets: &[usize]) -> Result<(), Aborted> {
        let control = &self.proc.control;
        let done = |lp: &Loop| {
            (targets.iter()).all(|&i| matches!(lp.tasks[i].state, State::Finished | State::Reaped))
        };
        while !done(lp) {
            if control.is_aborted() {
                return Err(Aborted);
            }
            let now = control.scenario_secs();
            lp.wake_due(now);
            lp.wake(super::net_coro::ready_tasks(control, None)?);
            if lp.ready.is_empty() {
                match lp.next_deadline() {
                    // Sleep until the next timer, or a socket a task waits on is ready.
                    Some(at) => {
                        let d = Duration::from_secs_f64((at - now).max(0.0));
                        lp.wake(super::net_coro::ready_tasks(control, Some(d))?);
                    }
                    None => break,
                }
                continue;
            }
            // Run the tasks ready now; those made ready meanwhile wait for the
            // next round, as asyncio's `_run_once` does.
            for _ in 0..lp.ready.len() {
                let Some(i) = lp.ready.pop_front() else { break };
                turn(&mut lp.tasks[i])?;
            }
        }
        Ok(())
    }
}

/// Give the thread to one task until it awaits or ends.
fn turn(task: &mut Task) -> Result<(), Aborted> {
    if task.state == State::New {
        task.actor.say(EventKind::Started {});
    }
    match task.resume() {
        Yield::Await(d) => {
            let now = task.actor.proc.control.scenario_secs();
            task.state = State::Sleeping(now + d.as_secs_f64());
        }
        Yield::Done(code) => {
            task.actor.say(EventKind::Exited {
                code: Some(code),
                signal: None,
                cause: None,
            });
            task.state = State::Finished;
        }
        Yield::Aborted => return Err(Aborted),
    }
    Ok(())
}

impl Task {
    /// Follow the steps from where the task stopped until its next await.
    fn resume(&mut self) -> Yield {
        loop {
            let Some(frame) = self.frames.last_mut() else {
                return Yield::Done(0);
            };
            if frame.at == frame.steps.len() {
                if !frame.looping {
                    self.frames.pop();
                } else if self.actor.proc.control.is_aborted() {
                    return Yield::Aborted;
                } else {
                    frame.at = 0;
                }
                continue;
            }
            let step = frame.steps[frame.at].clone();
            frame.at += 1;
            if let Step::Line(n) = step {
                self.actor.line = Some(n);
                continue;
            }
            if !std::mem::take(&mut self.again) {
                self.actor.announce(&step);
            }
            if let Some(y) = self.take(step) {
                return y;
            }
        }
    }

    /// Take one step: the loop's own (await, if, loop, break) or any other.
    fn take(&mut self, step: Step) -> Option<Yield> {
        if let Step::Net(n) = &step {
            if let Some(d) = self.actor.net_would_block(n) {
                // Give the loop back; this same step is tried after the await.
                if let Some(f) = self.frames.last_mut() {
                    f.at -= 1;
                }
                self.again = true;
                return Some(Yield::Await(d));
            }
        }
        let push = |frames: &mut Vec<Frame>, steps, looping| {
            frames.push(Frame {
                steps,
                at: 0,
                looping,
            })
        };
        match step {
            Step::Sleep(span) => return Some(Yield::Await(self.actor.draw(&span))),
            Step::If {
                cond,
                then,
                otherwise,
            } => match cond.eval(&self.actor.locals) {
                Ok(0) => push(&mut self.frames, otherwise, false),
                Ok(_) => push(&mut self.frames, then, false),
                Err(e) => self.actor.error(e),
            },
            Step::Loop(body) => push(&mut self.frames, body, true),
            Step::Break => self.leave_loop(),
            other => match self.actor.exec(&other) {
                Flow::Next => {}
                Flow::Break => self.leave_loop(),
                Flow::Exit(code) => return Some(Yield::Done(code)),
                Flow::Stop(Aborted) => return Some(Yield::Aborted),
            },
        }
        None
    }

    /// `break`: drop frames up to and including the innermost loop's.
    fn leave_loop(&mut self) {
        while let Some(f) = self.frames.pop() {
            if f.looping {
                break;
            }
        }
    }
}

//! The live side of a run: the handle to the scenario host, its event channel,
//! and a clock that lets bars grow between events. Only the app loop uses it.

use std::time::{Duration, Instant};

use crossbeam_channel::Receiver;

use super::explorer_job::{ExploreJob, JobMsg};
use super::state::RunState;
use crate::event::Event;
use crate::explore::ExploreSpec;
use crate::model::lesson::LessonProgress;
use crate::model::reorder::Reorder;
use crate::model::{Declared, Model};
use crate::runtime::launch::{ControlMsg, RunHandle, RunRequest};
use crate::runtime::replay::ReplayHandle;

/// Where the events come from: a live scenario host, or a recording.
enum Source {
    Host(RunHandle),
    Replay(ReplayHandle),
}

impl Source {
    fn events(&self) -> Receiver<Event> {
        match self {
            Source::Host(h) => h.events().clone(),
            Source::Replay(r) => r.events().clone(),
        }
    }

    fn send(&self, msg: ControlMsg) {
        match self {
            Source::Host(h) => h.send(msg),
            Source::Replay(r) => r.send(msg),
        }
    }

    fn stop(&mut self) {
        match self {
            Source::Host(h) => h.stop(),
            Source::Replay(r) => r.stop(),
        }
    }
}

/// Longest the loop spends folding queued events before it draws again.
const DRAIN_BUDGET: Duration = Duration::from_millis(25);

/// The host's clock as seen from here: the last event's time plus what has passed since.
#[derive(Debug, Default)]
struct Clock {
    anchor: Option<(Instant, u64)>,
    frozen: Option<u64>,
}

impl Clock {
    fn now_us(&self) -> u64 {
        if let Some(t) = self.frozen {
            return t;
        }
        self.anchor.map_or(0, |(at, t)| {
            t.saturating_add(u64::try_from(at.elapsed().as_micros()).unwrap_or(u64::MAX))
        })
    }
}

/// The run being shown, if one is running; stopping is also done on drop.
#[derive(Default)]
pub(crate) struct Live {
    handle: Option<Source>,
    events: Option<Receiver<Event>>,
    clock: Clock,
    /// Play these recorded events instead of starting a host (`conlab replay`).
    replay: Option<std::sync::Arc<Vec<Event>>>,
    /// Write each run's event log here too (`--record`).
    record: Option<std::path::PathBuf>,
    /// Events held a moment so they reach the model in time order.
    order: Reorder,
    /// The explorer panel's exploration, while one is under way.
    explore: Option<ExploreJob>,
}

impl Live {
    /// A Live that plays a recording back on every launch.
    pub fn replaying(events: Vec<Event>) -> Live {
        let mut live = Live::default();
        live.replay = Some(std::sync::Arc::new(events));
        live
    }

    /// A Live that records every run it starts to `path`.
    pub fn recording(path: Option<std::path::PathBuf>) -> Live {
        let mut live = Live::default();
        live.record = path;
        live
    }

    /// Plan and start `run` with a fresh model; a failure is put on screen, not returned.
    pub fn launch(&mut self, run: &mut RunState, lang: crate::scenario::text::Lang) {
        self.stop();
        self.clock = Clock::default();
        self.order = Reorder::default();
        run.error = None;
        run.paused = false;
        run.now_us = 0;
        run.chosen = 0;
        run.model = Model::default();
        run.steps = Default::default();
        if let Some(c) = run.challenge.as_mut() {
            c.play = crate::model::challenge::Play::new(&c.spec);
        }
        let mut plan = match run.scenario.plan(run.variant.as_deref(), &run.sets) {
            // Actors print in the screen's language as the run starts.
            Ok(plan) => crate::scenario::plan::Plan { lang, ..plan },
            Err(e) => {
                run.error = Some(e.to_string());
                return;
            }
        };
        if self.replay.is_none() {
            if let Err(e) = crate::py::lesson::refresh(&mut plan) {
                run.error = Some(e);
                return;
            }
        }
        run.variant.clone_from(&plan.variant);
        run.model = Model::new(&plan.checks);
        run.past = Default::default();
        run.model.declare(&Declared::of(&plan));
        run.lesson =
            LessonProgress::new(&run.scenario.pages, run.variant.as_deref(), Instant::now());
        run.replay = self.replay.is_some();
        if let Some(events) = &self.replay {
            let handle = ReplayHandle::start(std::sync::Arc::clone(events), run.speed);
            self.events = Some(handle.events().clone());
            self.handle = Some(Source::Replay(handle));
            return;
        }
        let seed = run.seed.unwrap_or_else(rand::random);
        // An undo replays its steps at full speed (the run's own speed comes
        // back once they are replayed: RunState::after_event).
        let replaying = run.then_step && !run.schedule.is_empty();
        let speed = if replaying {
            crate::scenario::SPEED_MAX
        } else {
            run.speed
        };
        let gate = match &run.challenge {
            Some(c) => Some(c.spec.actors.clone()),
            // Undo in a stepped run: replay with every actor held, as step mode holds them.
            None if run.then_step => Some(plan.actors.iter().map(|a| a.name.clone()).collect()),
            None => None,
        };
        let mut request = RunRequest::new(plan, seed, speed);
        request.step_mode = run.step_mode && !replaying;
        request.auto_break = run.auto_break;
        request.schedule.clone_from(&run.schedule);
        request.gate = gate;
        request.then_step = run.then_step;
        request.record.clone_from(&self.record);
        match RunHandle::start(request) {
            Ok(handle) => {
                let source = Source::Host(handle);
                self.events = Some(source.events());
                self.handle = Some(source);
            }
            Err(e) => run.error = Some(format!("{e:#}")),
        }
    }

    /// Stop the run (bounded wait for its clean-up); events still queued are dropped.
    pub fn stop(&mut self) {
        self.events = None;
        self.clock.frozen = Some(self.clock.now_us());
        if let Some(mut handle) = self.handle.take() {
            handle.stop();
        }
    }

    /// Pass a control message on, and freeze or thaw the clock to match.
    pub fn control(&mut self, msg: ControlMsg) {
        match msg {
            ControlMsg::Pause => self.clock.frozen = Some(self.clock.now_us()),
            ControlMsg::Resume => self.clock.frozen = None,
            _ => {}
        }
        if let Some(handle) = &self.handle {
            handle.send(msg);
        }
    }

    /// The run's event channel while it is connected.
    pub fn events(&self) -> Option<Receiver<Event>> {
        self.events.clone()
    }

    /// The host closed the channel: the run is over (its last event was
    /// `run_ended`, sent by the UI side for a host that died). The host was
    /// reaped already when its output ended; let go of its handle.
    pub fn disconnected(&mut self, run: Option<&mut RunState>) {
        if let Some(run) = run {
            for e in self.order.flush() {
                run.apply(&e);
            }
        }
        self.order = Reorder::default();
        self.events = None;
        if let Some(mut handle) = self.handle.take() {
            handle.stop();
        }
    }

    /// True while bars move on their own and the screen must be redrawn each frame.
    pub fn animating(&self, run: Option<&RunState>) -> bool {
        let Some(run) = run else { return false };
        let moving = self.events.is_some() && !run.paused && run.model.run.outcome.is_none();
        moving || !self.order.is_empty()
    }

    /// Take `first` and whatever else is queued (within a time budget), and
    /// fold into the model those that have waited their turn (`settle`).
    pub fn absorb(&mut self, first: Event, run: &mut RunState) {
        let now = Instant::now();
        self.order.push(first, now);
        if let Some(rx) = &self.events {
            let deadline = now + DRAIN_BUDGET;
            for (i, e) in rx.try_iter().enumerate() {
                self.order.push(e, now);
                if i % 1024 == 1023 && Instant::now() > deadline {
                    break;
                }
            }
        }
        self.clock.anchor = Some((now, self.order.newest_us()));
        self.settle(run);
    }

    /// Fold into the model the held events whose turn has come, in time order.
    pub fn settle(&mut self, run: &mut RunState) {
        for e in self.order.release(Instant::now()) {
            run.apply(&e);
            if let Some(msg) = run.after_event(&e) {
                self.control(msg);
            }
        }
    }

    /// The estimated host time for the next frame.
    pub fn now_us(&self) -> u64 {
        self.clock.now_us()
    }
}

impl Live {
    /// Explore `spec` on a thread of its own (the one before is stopped).
    pub fn explore(&mut self, spec: ExploreSpec) {
        self.stop_explore();
        self.explore = Some(ExploreJob::start(spec));
    }

    /// Stop the exploration, if any, and wait (bounded) until its runs are gone.
    pub fn stop_explore(&mut self) {
        if let Some(mut job) = self.explore.take() {
            job.stop();
        }
    }

    /// The exploration's messages while one is under way.
    pub fn explore_events(&self) -> Option<Receiver<JobMsg>> {
        self.explore.as_ref().map(ExploreJob::events)
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.stop();
        self.stop_explore();
    }
}

//! A challenge on the run screen, and undo: the run is started again on real
//! threads and processes with the schedule played so far less its last
//! steps, replayed at full speed, and then the learner steps on.

use std::time::{Duration, Instant};

use super::app::Effect;
use super::state::RunState;
use crate::model::challenge::Play;
use crate::runtime::launch::ControlMsg;
use crate::scenario::challenge::Challenge;
use crate::scenario::Scenario;

/// The challenge being played and what its screen shows.
#[derive(Debug, Clone)]
pub struct ChallengeRun {
    pub spec: Challenge,
    pub play: Play,
    /// The debrief page is open (`d`).
    pub debrief: bool,
}

/// An undo under way or done: how many steps are replayed, since when, and
/// (once the replay is over) how long it took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Undo {
    pub steps: usize,
    pub started: Instant,
    pub took: Option<Duration>,
}

impl RunState {
    /// A run of `challenge`: its variant and settings, step mode on its actors.
    pub fn for_challenge(scenario: Scenario, challenge: &Challenge) -> RunState {
        let mut run = RunState::new(scenario, challenge.variant.clone(), 1.0);
        run.sets.clone_from(&challenge.sets);
        run.step_mode = true;
        run.challenge = Some(ChallengeRun {
            spec: challenge.clone(),
            play: Play::new(challenge),
            debrief: false,
        });
        run
    }

    /// The turns granted so far: the challenge's, or any stepped run's.
    pub fn played(&self) -> &[String] {
        match &self.challenge {
            Some(c) => c.play.schedule(),
            None => &self.steps.schedule,
        }
    }

    /// `u`: start again with one step less (one more each press while a
    /// replay is under way), replaying the rest, then stepping on.
    pub(crate) fn undo(&mut self) -> Vec<Effect> {
        if !self.step_mode || self.replay {
            return Vec::new();
        }
        let mut schedule = match self.undo {
            Some(u) if u.took.is_none() => self.schedule.clone(),
            _ => self.played().to_vec(),
        };
        if schedule.pop().is_none() {
            return Vec::new();
        }
        self.undo = Some(Undo {
            steps: schedule.len(),
            started: Instant::now(),
            took: None,
        });
        self.schedule = schedule;
        self.then_step = true;
        self.view.follow_live();
        vec![Effect::Stop, Effect::Launch]
    }

    /// After each event: when the replay of an undo is over, note its time
    /// and give the run back its own speed.
    pub(crate) fn after_event(&mut self, e: &crate::event::Event) -> Option<ControlMsg> {
        use crate::event::EventKind;
        let wanted = self.schedule.len();
        // The replay is over once as many turns were taken as it replays (or
        // the host says so), or, with nothing to replay, at the first hold.
        let done = match &e.kind {
            EventKind::Control { what } => what.starts_with("replayed"),
            EventKind::Held { .. } => wanted == 0,
            EventKind::Step { .. } => wanted > 0 && self.played().len() >= wanted,
            _ => false,
        };
        let u = self.undo.as_mut().filter(|u| u.took.is_none())?;
        if !done {
            return None;
        }
        u.took = Some(u.started.elapsed());
        Some(ControlMsg::Speed(self.speed))
    }

    /// Whether the learner may grant a turn now: step mode, and in a
    /// challenge, one still played with steps left.
    pub(crate) fn may_step(&self) -> bool {
        let open = |c: &ChallengeRun| !c.play.is_over() && c.play.steps() < c.play.budget;
        self.step_mode && self.challenge.as_ref().is_none_or(open)
    }

    /// `r`: a fresh start forgets what an undo left to replay.
    pub(crate) fn forget_undo(&mut self) {
        if self.undo.take().is_some() {
            self.schedule.clear();
            self.then_step = false;
        }
    }

    /// The command line that replays the turns played so far, if any:
    /// `conlab run ID --variant V --set k=v --schedule a,b,...`.
    pub fn replay_command(&self) -> Option<String> {
        let played = self.played();
        if played.is_empty() {
            return None;
        }
        // The picker's lessons know their file's name: say the built-in id.
        let s = &self.scenario;
        let builtin =
            s.origin.starts_with("scenarios/") && crate::scenario::load_builtin(&s.id).is_some();
        let target = if builtin { &s.id } else { &s.origin };
        let mut cmd = format!("conlab run {target}");
        if let Some(v) = &self.variant {
            cmd.push_str(&format!(" --variant {v}"));
        }
        for (k, v) in &self.sets {
            cmd.push_str(&format!(" --set {k}={v}"));
        }
        cmd.push_str(&format!(" --schedule {}", played.join(",")));
        Some(cmd)
    }
}

//! What the screens show, as plain data: the run as the UI knows it and the
//! user's screen choices. Views read these; only the app loop changes them.

use super::lane_pick::LaneScroll;
pub use super::pane::Pane;
use super::panes::lane_plan::{FoldChoice, LaneRows};
use super::past::Past;
use super::theme::Paint;
use crate::event::Outcome;
use crate::model::lesson::LessonProgress;
use crate::model::Model;
use crate::scenario::text::Lang;
use crate::scenario::{Scenario, SPEED_MAX, SPEED_MIN};

use super::view_window::ViewWindow;

/// The speeds `+` and `-` step through, from `SPEED_MIN` (a race of 0.1 s
/// then lasts 2 s) to `SPEED_MAX`.
pub const SPEEDS: [f64; 7] = [SPEED_MIN, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0];

/// The next speed up from `s`, never above 4x.
pub fn faster(s: f64) -> f64 {
    SPEEDS
        .iter()
        .copied()
        .find(|&x| x > s + 1e-9)
        .unwrap_or(SPEEDS[SPEEDS.len() - 1])
}

/// The next speed down from `s`, never below 0.05x.
pub fn slower(s: f64) -> f64 {
    SPEEDS
        .iter()
        .rev()
        .copied()
        .find(|&x| x < s - 1e-9)
        .unwrap_or(SPEEDS[0])
}

/// The user's choices about the screen, kept across runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UiState {
    pub lang: Lang,
    pub pane: Pane,
    pub help: bool,
    /// `c` turned round whether the wide layout shows the code, on a page
    /// whose wish for the code was this; a page with the other wish undoes it.
    pub code_flip: Option<bool>,
    /// The theme and NO_COLOR, fixed at start-up.
    pub paint: Paint,
    /// The timeline's lanes scrolled by the user (`J` `K`); None: the lesson
    /// chooses which lanes to show when they do not all fit.
    pub lanes: LaneScroll,
    /// Groups of similar actors folded into one lane (`g`); None: folded
    /// when the lanes outnumber the rows.
    pub fold: FoldChoice,
}

/// Where a run stands, as the header says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Asked to start; no event yet.
    Starting,
    Running,
    Paused,
    Ended(Outcome),
    /// It could not start (the message is in `RunState::error`).
    Failed,
}

/// One run of one scenario as the screen knows it; rebuilt from scratch on rerun.
#[derive(Debug, Clone)]
pub struct RunState {
    pub scenario: Scenario,
    /// The variant asked for; after a start, the one the plan resolved to.
    pub variant: Option<String>,
    pub sets: Vec<(String, String)>,
    /// A fixed seed (`--seed`), or None for a fresh one each run.
    pub seed: Option<u64>,
    pub speed: f64,
    /// Pause as the user asked for it (the host confirms later through events).
    pub paused: bool,
    pub model: Model,
    pub error: Option<String>,
    /// The host clock's estimated "now", set by the loop before each frame, so
    /// bars grow between events; 0 means "the last event's time".
    pub now_us: u64,
    /// Step mode as the user asked for it (`--step`, the `s` key): kept on rerun.
    pub step_mode: bool,
    /// A recorded run played back (`conlab replay`): no process is running.
    pub replay: bool,
    /// Actors that take one step each in this order (`--schedule`), on every start.
    pub schedule: Vec<String>,
    /// Break every deadlock without asking (the `a` key): kept on rerun.
    pub auto_break: bool,
    /// The victim or turn ↑/↓ have moved to (an index into the choices on screen).
    pub chosen: usize,
    /// Follow live, or a time cursor and a zoom (scrub keys); fresh each run.
    pub view: ViewWindow,
    /// The lesson's pages and the page on screen; fresh each run.
    pub lesson: LessonProgress,
    /// `--autoplay` (and `conlab rec`): pages turn by themselves.
    pub autoplay: bool,
    /// The events so far, to show the run as it stood at the time cursor.
    pub past: Past,
    /// Rows the timeline had for lanes on the last frame (set while drawing).
    pub lane_rows: std::cell::Cell<usize>,
    /// The page (and its coming on screen) on which Tab or `c` chose the
    /// tab: until another page comes, the choice beats the page's panel.
    pub tab_chosen: Option<(usize, Option<std::time::Instant>)>,
    /// And how many rows it offered, so `J` stops where the last is on
    /// screen, and whether it folded groups, so `g` turns that round.
    pub lanes_drawn: std::cell::Cell<LaneRows>,
    /// The challenge played in this run, if any (`--challenge`, the picker).
    pub challenge: Option<super::challenge_state::ChallengeRun>,
    /// The turns granted so far in step mode (what undo cuts, what the
    /// replay command prints); fresh each run.
    pub steps: crate::model::step_log::StepLog,
    /// Once `schedule` is replayed, stay in step mode (undo).
    pub then_step: bool,
    /// The last undo: under way, or how long its replay took.
    pub undo: Option<super::challenge_state::Undo>,
    /// The explorer panel (`x`), while it is open over the run.
    pub explorer: Option<super::explorer_state::ExplorerState>,
}

impl RunState {
    /// A run not started yet, with an empty model.
    pub fn new(scenario: Scenario, variant: Option<String>, speed: f64) -> RunState {
        RunState {
            scenario,
            variant,
            sets: Vec::new(),
            seed: None,
            speed: speed.clamp(SPEED_MIN, SPEED_MAX),
            paused: false,
            model: Model::default(),
            error: None,
            now_us: 0,
            step_mode: false,
            replay: false,
            schedule: Vec::new(),
            auto_break: false,
            chosen: 0,
            view: ViewWindow::default(),
            lesson: LessonProgress::default(),
            autoplay: false,
            past: Past::default(),
            lane_rows: std::cell::Cell::new(0),
            tab_chosen: None,
            lanes_drawn: std::cell::Cell::default(),
            challenge: None,
            steps: Default::default(),
            then_step: false,
            undo: None,
            explorer: None,
        }
    }

    /// Where the time cursor stands; None while following live.
    pub fn cursor_us(&self) -> Option<u64> {
        self.view.cursor(self.view_us())
    }

    /// The moment the panes show: the cursor's, else the right edge.
    pub fn shown_us(&self) -> u64 {
        self.cursor_us().unwrap_or_else(|| self.view_us())
    }

    /// Build the run as it stood at the time cursor, after the cursor moved.
    pub fn seek_past(&mut self) {
        self.past.seek(self.cursor_us());
    }

    /// The model the state panes show: as it stood at the time cursor while
    /// it is out (once `seek_past` built it), else the present.
    pub fn shown_model(&self) -> &Model {
        self.past.model_at(self.cursor_us()).unwrap_or(&self.model)
    }

    /// The lesson's page on screen points at the code pane.
    pub fn page_wants_code(&self) -> bool {
        self.lesson.current().and_then(|p| p.panel.as_deref()) == Some("code")
    }

    /// The pane the narrow layout's tab shows when the user chose `chosen`:
    /// the panel the page on screen points at, if it is a tab, comes up with
    /// the page (the page turn is the one key that brings it), unless Tab or
    /// `c` chose another while this page is on screen.
    pub fn tab_pane(&self, chosen: Pane) -> Pane {
        let page = self.lesson.current().and_then(|p| p.panel.as_deref());
        let mut wanted = page.and_then(Pane::of_panel);
        // The learner's own program ended: its findings come up (Tab, `c` go on).
        if self.own_program() && self.model.run.outcome.is_some() {
            wanted = Some(Pane::Checks);
        }
        match wanted {
            Some(p) if p.available(&self.model) && self.tab_chosen != Some(self.page_mark()) => p,
            _ => chosen.shown(&self.model),
        }
    }

    /// Tab or `c` chose the tab on the page now on screen.
    pub fn choose_tab(&mut self) {
        self.tab_chosen = Some(self.page_mark());
    }

    fn page_mark(&self) -> (usize, Option<std::time::Instant>) {
        (self.lesson.page, self.lesson.shown_at())
    }

    /// Fold a run event into the model and the lesson's pages.
    pub fn apply(&mut self, e: &crate::event::Event) {
        self.past.record(&self.model, e);
        self.model.apply(e);
        self.lesson.observe(e);
        self.steps.apply(e);
        if let Some(c) = self.challenge.as_mut() {
            c.play.apply(e);
        }
    }

    /// Autoplay's turn of the page at `now`; true when it moved.
    pub fn autoplay_tick(&mut self, now: std::time::Instant) -> bool {
        self.autoplay && self.lesson.autoplay(now)
    }

    /// The right edge of the timeline: the end of the run, or now.
    pub fn view_us(&self) -> u64 {
        let run = &self.model.run;
        match run.ended_us {
            Some(end) => end,
            None => run.last_us.max(self.now_us),
        }
    }

    /// Where the run stands.
    pub fn phase(&self) -> Phase {
        if self.error.is_some() {
            Phase::Failed
        } else if let Some(o) = self.model.run.outcome {
            Phase::Ended(o)
        } else if self.model.events_seen == 0 {
            Phase::Starting
        } else if self.paused || self.model.run.paused {
            Phase::Paused
        } else {
            Phase::Running
        }
    }

    /// The variant after the current one, wrapping around; None without variants.
    pub fn next_variant(&self) -> Option<String> {
        self.scenario.next_variant(self.variant.as_deref())
    }

    /// The current variant's label in `lang`, or its bare name.
    pub fn variant_label(&self, lang: Lang) -> Option<&str> {
        let name = self.variant.as_deref()?;
        let label = self.scenario.variants.iter().find(|v| v.name == name);
        Some(label.map_or(name, |v| v.label.get(lang)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speeds_step_and_stop_at_the_ends() {
        assert_eq!(faster(1.0), 2.0);
        assert_eq!(faster(4.0), 4.0);
        assert_eq!(faster(3.0), 4.0);
        assert_eq!(slower(1.0), 0.5);
        assert_eq!(slower(0.25), 0.1);
        assert_eq!(slower(0.3), 0.25);
        assert_eq!(slower(0.05), 0.05);
        assert_eq!(slower(0.01), 0.05);
        assert_eq!(faster(8.0), 4.0, "the range is 0.05x to 4x");
        assert_eq!(faster(0.05), 0.1);
        assert_eq!(
            (SPEEDS[0], SPEEDS[SPEEDS.len() - 1]),
            (SPEED_MIN, SPEED_MAX)
        );
        assert!(SPEEDS.windows(2).all(|w| w[0] < w[1]));
        let mut s = 1.0;
        let up: Vec<f64> = (0..5)
            .map(|_| {
                s = faster(s);
                s
            })
            .collect();
        assert_eq!(up, [2.0, 4.0, 4.0, 4.0, 4.0]);
        let down: Vec<f64> = (0..5)
            .map(|_| {
                s = slower(s);
                s
            })
            .collect();
        assert_eq!(down, [2.0, 1.0, 0.5, 0.25, 0.1]);
    }
}

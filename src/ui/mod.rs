//! The terminal UI (ratatui): a scenario picker and a live run screen.
//!
//! Views are pure `impl Widget for &…` functions of plain state (`RunState`,
//! `UiState`, `PickerState`); `event_loop` is the only code that touches the
//! terminal and the channels, and `keymap` is the one table of keys.

// The screen's parts, by role; the app core (state, keys, loop) stays here.
mod frame;
mod panes;
mod text;
mod time;

mod app;
mod app_challenge;
mod app_explore;
mod app_picker;
mod app_run;
mod cast;
mod challenge_state;
mod event_loop;
mod explorer_job;
pub mod keymap;
mod live;
mod markers;
mod state;
mod terminal;
mod theme;
mod theme_detect;
mod theme_paint;
mod theme_table;

// Every module stays reachable as `ui::name`, as code in any group names it.
use frame::{choices, header, help, outcome_line, pane, picker, popup, screen, status_bar};
use panes::{
    caption, checks_pane, code_pane, connections, explorer, explorer_state, findings_pane,
    jobs_pane, lane_pick, lesson, locks_pane, log_pane, pool_pane, proc_tree, queue_pane, share,
    table_pane, timeline, turns_pane, values_pane, waitfor_pane,
};
use text::{para, width, words};
use time::{axis, past, time_cursor, view_window, window};

#[cfg(test)]
mod tests;

pub use checks_pane::ChecksPane;
pub use header::Header;
pub use help::HelpOverlay;
pub use lesson::LessonPane;
pub use locks_pane::LocksPane;
pub use log_pane::LogPane;
pub use outcome_line::OutcomeLine;
pub use picker::{PickerScreen, PickerState};
pub use pool_pane::PoolPane;
pub use proc_tree::ProcTreePane;
pub use queue_pane::QueuePane;
pub use screen::RunScreen;
pub use state::{Pane, Phase, RunState, UiState, SPEEDS};
pub use status_bar::StatusBar;
pub use theme::{Paint, Theme};
pub use theme_detect::detect as detect_theme;
pub use timeline::Timeline;
pub use values_pane::ValuesPane;

use app::{App, Effect};
use live::Live;
use terminal::TerminalGuard;

use crate::scenario::text::Lang;
use crate::scenario::{self, Scenario};

/// Where the TUI opens: `conlab` opens the picker, `conlab run ID` a run.
// Built once at start-up and moved in: its size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Start {
    Picker,
    Run {
        scenario: Scenario,
        variant: Option<String>,
        sets: Vec<(String, String)>,
        seed: Option<u64>,
        speed: f64,
        /// Open in step mode (`--step`).
        step: bool,
        /// `--autoplay` (always for `conlab rec`): the lesson's pages turn by themselves.
        autoplay: bool,
        /// `--schedule a,b,...`: these actors take one step each, in order.
        schedule: Vec<String>,
        /// `--record FILE`: also write each run's event log there.
        record: Option<std::path::PathBuf>,
        /// `conlab replay`: play these recorded events instead of running.
        replay: Option<Vec<crate::event::Event>>,
    },
    /// `conlab run ID --challenge C`: step mode on the challenge's actors.
    Challenge {
        scenario: Scenario,
        challenge: crate::scenario::challenge::Challenge,
        seed: Option<u64>,
        speed: f64,
        /// `--schedule`: replayed first, then the learner steps on.
        schedule: Vec<String>,
        record: Option<std::path::PathBuf>,
    },
}

/// Where the events will come from, decided before the terminal is taken.
struct Feed {
    replay: Option<Vec<crate::event::Event>>,
    record: Option<std::path::PathBuf>,
}

impl Feed {
    fn live(self) -> Live {
        match self.replay {
            Some(events) => Live::replaying(events),
            None => Live::recording(self.record),
        }
    }
}

/// The app, what it does first, and its feed, for a start.
fn prepare(start: Start, lang: Lang, paint: Paint) -> (App, Vec<Effect>, Feed) {
    let mut feed = Feed {
        replay: None,
        record: None,
    };
    let (mut app, first) = match start {
        Start::Picker => {
            let picker = PickerState::new(scenario::builtin());
            (App::with_picker(picker, lang), Vec::new())
        }
        Start::Run {
            scenario,
            variant,
            sets,
            seed,
            speed,
            step,
            autoplay,
            schedule,
            record,
            replay,
        } => {
            let mut run = RunState::new(scenario, variant, speed);
            run.sets = sets;
            run.seed = seed;
            run.step_mode = step;
            run.autoplay = autoplay;
            run.schedule = schedule;
            feed = Feed { replay, record };
            (App::with_run(run, lang), vec![Effect::Launch])
        }
        Start::Challenge {
            scenario,
            challenge,
            seed,
            speed,
            schedule,
            record,
        } => {
            let mut run = RunState::for_challenge(scenario, &challenge);
            run.seed = seed;
            run.speed = speed;
            run.then_step = !schedule.is_empty();
            run.schedule = schedule;
            feed = Feed {
                replay: None,
                record,
            };
            (App::with_run(run, lang), vec![Effect::Launch])
        }
    };
    app.ui.paint = paint;
    (app, first, feed)
}

/// `conlab rec`: run the lesson for real, drawn off screen into an asciicast v2
/// file of `size` (columns, rows); nothing is shown and no terminal is needed.
pub fn record_cast(
    start: Start,
    lang: Lang,
    paint: Paint,
    out: &std::path::Path,
    size: (u16, u16),
) -> anyhow::Result<()> {
    let limit = match &start {
        Start::Run {
            scenario,
            variant,
            sets,
            ..
        } => scenario
            .plan(variant.as_deref(), sets)
            .map(|p| p.max_duration + std::time::Duration::from_secs(10))
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        Start::Picker | Start::Challenge { .. } => {
            anyhow::bail!("conlab rec needs a scenario (and no challenge)")
        }
    };
    let (mut app, first, _) = prepare(start, lang, paint);
    // Nobody is at the keyboard: deadlocks break themselves, as headless.
    if let Some(run) = app.run.as_mut() {
        run.auto_break = true;
    }
    cast::record(app, first, out, size, limit)
}

/// Take over the terminal until the user quits; the terminal is restored and any
/// live run stopped on every way out (return, error, panic, SIGTERM).
pub fn run_tui(start: Start, lang: Lang, paint: Paint) -> anyhow::Result<()> {
    let (mut app, first, feed) = prepare(start, lang, paint);
    let mut guard = TerminalGuard::enter()?;
    // Declared after the guard, so dropped first: the run stops before the
    // terminal is handed back.
    let mut live = feed.live();
    let result = event_loop::run(&mut guard.terminal, &mut app, &mut live, first);
    drop(live);
    drop(guard);
    app.note_leaving();
    for line in &app.farewell {
        eprintln!("{line}");
    }
    result
}

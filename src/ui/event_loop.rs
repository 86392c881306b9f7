//! The app loop: the only code that touches channels and the terminal. It waits
//! on keys, run events and a frame tick, and redraws only when something changed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{never, select, tick, unbounded, Receiver};
use crossterm::event::{self as term, Event as TermEvent, KeyEventKind};
use ratatui::backend::Backend;
use ratatui::Terminal;

use super::app::{App, Effect};
use super::explorer_job::JobMsg;
use super::live::Live;
use super::terminal::signalled;
use crate::event::Event;

/// About 30 frames a second while a run is live.
const FRAME: Duration = Duration::from_millis(33);
/// How often the input thread looks up from waiting, to notice that it should end.
const INPUT_POLL: Duration = Duration::from_millis(200);
/// How often the loop looks for a termination signal. Not the input thread's job:
/// when the terminal is gone, crossterm's reader can spin and never come back.
const SIGNAL_POLL: Duration = Duration::from_millis(250);
/// How often autoplay looks whether the lesson's next page is due.
const PAGE_POLL: Duration = Duration::from_millis(250);

/// Reads terminal input on its own thread. Dropping it asks the thread to end but
/// does not wait: a reader stuck on a dead terminal must not hold up the exit.
struct InputThread {
    rx: Receiver<TermEvent>,
    stop: Arc<AtomicBool>,
}

impl InputThread {
    fn spawn() -> InputThread {
        let (tx, rx) = unbounded();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                let msg = match term::poll(INPUT_POLL) {
                    Ok(false) => continue,
                    Ok(true) => term::read(),
                    Err(e) => Err(e),
                };
                // A closed terminal or a gone loop: end the thread; the loop quits.
                let Ok(msg) = msg else { break };
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        InputThread { rx, stop }
    }
}

impl Drop for InputThread {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Carry out what the app asked for.
pub(crate) fn perform(effects: Vec<Effect>, app: &mut App, live: &mut Live) {
    for effect in effects {
        match effect {
            Effect::Stop => live.stop(),
            Effect::Launch => {
                let lang = app.ui.lang;
                if let Some(run) = app.run.as_mut() {
                    live.launch(run, lang);
                }
            }
            Effect::Control(msg) => live.control(msg),
            Effect::Explore(spec) => live.explore(spec),
            Effect::StopExplore => live.stop_explore(),
        }
    }
}

/// One terminal event; true when the screen must be redrawn.
fn on_input(input: TermEvent, app: &mut App, live: &mut Live) -> bool {
    match input {
        TermEvent::Key(key) if key.kind != KeyEventKind::Release => {
            let effects = app.on_key(&key);
            perform(effects, app, live);
            true
        }
        TermEvent::Resize(..) => true,
        _ => false,
    }
}

/// A message of the exploration (None: its thread is gone without a word).
fn on_explore(msg: Option<JobMsg>, app: &mut App, live: &mut Live) {
    let msg =
        msg.unwrap_or_else(|| JobMsg::Done(Err("the exploration ended without a result".into())));
    let done = matches!(msg, JobMsg::Done(_));
    app.on_explore_msg(msg);
    if done {
        live.stop_explore();
    }
}

/// Run until the user quits; `first` are effects to perform before the first
/// frame. The live run is stopped however this ends, errors included.
pub(crate) fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    live: &mut Live,
    first: Vec<Effect>,
) -> anyhow::Result<()> {
    let input = InputThread::spawn();
    perform(first, app, live);
    let result = drive(terminal, app, live, &input);
    live.stop();
    live.stop_explore();
    result
}

fn drive<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    live: &mut Live,
    input: &InputThread,
) -> anyhow::Result<()> {
    let ticker = tick(FRAME);
    let no_tick = never::<Instant>();
    let signal_check = tick(SIGNAL_POLL);
    let page_check = tick(PAGE_POLL);
    let mut dirty = true;
    while !app.quit {
        let (turned, effects) = app.autoplay_tick(Instant::now());
        perform(effects, app, live);
        dirty |= turned;
        if dirty {
            if let Some(run) = app.run.as_mut() {
                live.settle(run);
                run.now_us = live.now_us();
            }
            terminal.draw(|f| f.render_widget(&*app, f.area()))?;
            dirty = false;
        }
        let events = live.events().unwrap_or_else(never::<Event>);
        let explored = live.explore_events().unwrap_or_else(never::<JobMsg>);
        let animating = live.animating(app.run.as_ref());
        let frame = if animating { &ticker } else { &no_tick };
        let turning = app.run.as_ref().is_some_and(|r| {
            r.autoplay && (r.lesson.holding() || r.lesson.reachable(r.lesson.page + 1))
        });
        let pages = if turning { &page_check } else { &no_tick };
        select! {
            recv(input.rx) -> msg => match msg {
                Ok(msg) => dirty |= on_input(msg, app, live),
                Err(_) => app.quit = true,
            },
            recv(events) -> msg => {
                match (msg, app.run.as_mut()) {
                    (Ok(event), Some(run)) => live.absorb(event, run),
                    (Ok(_), None) => {}
                    (Err(_), run) => live.disconnected(run),
                }
                // While animating, the next tick draws; otherwise (and when this
                // ended the animation: a pause confirmed, the run over) draw now.
                dirty |= !live.animating(app.run.as_ref());
            },
            recv(explored) -> msg => {
                on_explore(msg.ok(), app, live);
                dirty = true;
            },
            recv(frame) -> _ => dirty = true,
            recv(pages) -> _ => {}
            recv(signal_check) -> _ => app.quit |= signalled(),
        }
    }
    Ok(())
}

//! The app loop: the only code that touches channels and the terminal. It waits
//! on keys, run events and a frame tick, and redraws only when something changed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crossbeam_channel::{never, select, tick, unbounded, Receiver};
use crossterm::event::{self as term, Event as TermEvent, KeyEventKind};
use ratatui::backend::Backend;
use ratatui::Terminal;

use super::app::{App, Effect};
use super::live::Live;
use super::terminal::signalled;
use crate::event::Event;

/// About 30 frames a second while a run is live.
const FRAME: Duration = Duration::from_millis(33);
/// How often the input thread looks up from waiting, to notice a quit or a signal.
const INPUT_POLL: Duration = Duration::from_millis(200);

/// What the input thread hands the loop.
enum Input {
    Term(TermEvent),
    /// SIGTERM, SIGHUP or SIGINT: quit cleanly.
    Signal,
}

/// Reads terminal input on its own thread; stopped and joined on drop.
struct InputThread {
    rx: Receiver<Input>,
    stop: Arc<AtomicBool>,
    join: Option<JoinHandle<()>>,
}

impl InputThread {
    fn spawn() -> InputThread {
        let (tx, rx) = unbounded();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let join = thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                if signalled() {
                    let _ = tx.send(Input::Signal);
                    break;
                }
                let msg = match term::poll(INPUT_POLL) {
                    Ok(false) => continue,
                    Ok(true) => term::read().map(Input::Term),
                    Err(e) => Err(e),
                };
                // A closed terminal or a gone loop: end the thread; the loop quits.
                let Ok(msg) = msg else { break };
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        InputThread {
            rx,
            stop,
            join: Some(join),
        }
    }
}

impl Drop for InputThread {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(join) = self.join.take() {
            let _ = join.join();
        }
    }
}

/// Carry out what the app asked for.
fn perform(effects: Vec<Effect>, app: &mut App, live: &mut Live) {
    for effect in effects {
        match effect {
            Effect::Stop => live.stop(),
            Effect::Launch => {
                if let Some(run) = app.run.as_mut() {
                    live.launch(run);
                }
            }
            Effect::Control(msg) => live.control(msg),
        }
    }
}

/// One input; true when the screen must be redrawn.
fn on_input(input: Input, app: &mut App, live: &mut Live) -> bool {
    match input {
        Input::Signal => {
            app.quit = true;
            false
        }
        Input::Term(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => {
            let effects = app.on_key(&key);
            perform(effects, app, live);
            true
        }
        Input::Term(TermEvent::Resize(..)) => true,
        Input::Term(_) => false,
    }
}

/// Run until the user quits; `first` are effects to perform before the first frame.
pub(crate) fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    live: &mut Live,
    first: Vec<Effect>,
) -> anyhow::Result<()> {
    let input = InputThread::spawn();
    let ticker = tick(FRAME);
    let no_tick = never::<Instant>();
    perform(first, app, live);
    let mut dirty = true;
    while !app.quit {
        if dirty {
            if let Some(run) = app.run.as_mut() {
                run.now_us = live.now_us();
            }
            terminal.draw(|f| f.render_widget(&*app, f.area()))?;
            dirty = false;
        }
        let events = live.events().unwrap_or_else(never::<Event>);
        let animating = live.animating(app.run.as_ref());
        let frame = if animating { &ticker } else { &no_tick };
        select! {
            recv(input.rx) -> msg => match msg {
                Ok(msg) => dirty |= on_input(msg, app, live),
                Err(_) => app.quit = true,
            },
            recv(events) -> msg => {
                match (msg, app.run.as_mut()) {
                    (Ok(event), Some(run)) => live.absorb(event, run),
                    (Ok(_), None) => {}
                    (Err(_), _) => live.disconnected(),
                }
                // While animating, the next tick draws; otherwise draw now.
                dirty |= !animating;
            },
            recv(frame) -> _ => dirty = true,
        }
    }
    live.stop();
    Ok(())
}

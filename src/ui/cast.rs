//! `conlab rec ID -o out.cast`: the lesson run for real and drawn off screen
//! into an asciicast v2 file (https://docs.asciinema.org/manual/asciicast/v2/),
//! without asciinema installed. The same App draws into a ratatui terminal
//! whose backend writes its escape sequences into memory; each frame's bytes
//! become one output event of the cast. Each page turned to and each key
//! moment of the lesson becomes a marker (`"m"`) event: the player's chapters.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use serde_json::json;

use super::app::App;
use super::event_loop::perform;
use super::live::Live;
use super::markers::Markers;

/// Where the off-screen terminal writes; the recorder takes each frame's bytes.
#[derive(Clone, Default)]
struct Screen(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Write for Screen {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Frames a second in the cast.
const FRAME: Duration = Duration::from_millis(100);
/// How long the last screen stays once the run has ended.
const HOLD_END: Duration = Duration::from_millis(2500);

/// Run `app`'s lesson (started by `first`) and write the cast to `out`.
pub(crate) fn record(
    mut app: App,
    first: Vec<super::app::Effect>,
    out: &Path,
    (width, height): (u16, u16),
    limit: Duration,
) -> anyhow::Result<()> {
    let screen = Screen::default();
    let backend = CrosstermBackend::new(screen.clone());
    let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
    let mut terminal = Terminal::with_options(backend, TerminalOptions { viewport })?;
    let mut live = Live::default();
    let mut cast = std::io::BufWriter::new(std::fs::File::create(out)?);
    let header = json!({
        "version": 2, "width": width, "height": height,
        "timestamp": std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()),
        "title": app.run.as_ref().map(|r| r.scenario.title.en.clone()).unwrap_or_default(),
        "env": {"TERM": "xterm-256color", "SHELL": "/bin/sh"},
    });
    writeln!(cast, "{header}")?;
    let began = Instant::now();
    let event = |code: &str, text: &str, cast: &mut dyn Write| -> std::io::Result<()> {
        let t = began.elapsed().as_secs_f64();
        let line = json!([(t * 1e6).round() / 1e6, code, text]);
        writeln!(cast, "{line}")
    };
    let emit =
        |bytes: &[u8], cast: &mut dyn Write| event("o", &String::from_utf8_lossy(bytes), cast);
    let mut markers = Markers::default();
    // Start as a terminal UI does: clear the screen, hide the cursor.
    emit(b"\x1b[?25l\x1b[2J\x1b[H", &mut cast)?;
    perform(first, &mut app, &mut live);
    let mut ended_at: Option<Instant> = None;
    loop {
        if let (Some(rx), Some(run)) = (live.events(), app.run.as_mut()) {
            while let Ok(e) = rx.try_recv() {
                live.absorb(e, run);
            }
        }
        if let Some(run) = app.run.as_mut() {
            live.settle(run);
            run.now_us = live.now_us();
            if run.model.run.outcome.is_some() {
                ended_at.get_or_insert_with(Instant::now);
            }
        }
        // Pages keep pace with the run: autoplay may hold it while one is read.
        let (turned, effects) = app.autoplay_tick(Instant::now());
        perform(effects, &mut app, &mut live);
        terminal.draw(|f| f.render_widget(&app, f.area()))?;
        let bytes = std::mem::take(&mut *screen.0.borrow_mut());
        if !bytes.is_empty() {
            emit(&bytes, &mut cast)?;
        }
        if let Some(run) = app.run.as_ref() {
            for label in markers.new_labels(run, app.ui.lang) {
                event("m", &label, &mut cast)?;
            }
        }
        // Autoplay may still have pages to turn once the run is over; the
        // last page turned is held as long as the end is.
        let turning = app.run.as_ref().is_some_and(|run| {
            run.autoplay && (run.lesson.reachable(run.lesson.page + 1) || run.lesson.holding())
        });
        if turned && ended_at.is_some() {
            ended_at = Some(Instant::now());
        }
        let held = ended_at.is_some_and(|t| t.elapsed() >= HOLD_END) && !turning;
        let done = held || began.elapsed() > limit;
        if done {
            break;
        }
        std::thread::sleep(FRAME);
    }
    live.stop();
    // Leave the terminal as it was found: attributes reset, cursor shown, below the picture.
    let park = format!("\x1b[0m\x1b[{};1H\x1b[?25h\r\n", height);
    emit(park.as_bytes(), &mut cast)?;
    cast.flush()?;
    Ok(())
}

//! The terminal's side of the pty: a thread reads everything the app writes,
//! feeds it to the emulator, answers the queries a terminal answers, and wakes
//! whoever waits for the screen to change.
//!
//! The app writes a frame in several chunks (stdout flushes every 1 KiB), so
//! the screen mid-frame is half old, half new. Tests read the screen as it
//! stood at the end of the last frame (ratatui ends each with "hide the
//! cursor", flushed), or when output last paused for [`QUIET`] (the
//! terminal's restore at exit): whole frames, as a person sees them.

use std::fs::File;
use std::io::{ErrorKind, Read, Write};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// The emulated terminal, shared by the reader thread and the test.
pub struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    /// The emulator, fed as output comes.
    parser: vt100::Parser,
    /// The screen when output last paused: what tests read.
    settled: vt100::Screen,
    /// Times the screen settled so far: a waiter's way to see that something came.
    chunks: u64,
    /// The app and everything it started have closed the terminal.
    ended: bool,
}

/// Start reading `master` into a `rows` x `cols` emulator.
pub fn start(master: &File, rows: u16, cols: u16) -> Arc<Shared> {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            settled: vt100::Parser::new(rows, cols, 0).screen().clone(),
            parser: vt100::Parser::new(rows, cols, 0),
            chunks: 0,
            ended: false,
        }),
        changed: Condvar::new(),
    });
    let input = master.try_clone().expect("dup the pty's master");
    let answers = master.try_clone().expect("dup the pty's master");
    let theirs = Arc::clone(&shared);
    std::thread::spawn(move || read_all(input, answers, &theirs));
    shared
}

/// What ends every frame ratatui draws (when no cursor is to be shown).
const FRAME_END: &[u8] = b"\x1b[?25l";
/// Output that pauses this long outside a frame counts as drawn too.
const QUIET: Duration = Duration::from_millis(50);
/// Output that never pauses still settles this often.
const AT_LEAST: Duration = Duration::from_millis(200);

fn read_all(mut input: File, mut answers: File, shared: &Shared) {
    let mut buf = [0u8; 8192];
    let mut since = Instant::now();
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            // EIO: every holder of the slave side has closed it.
            Err(_) => break,
        };
        let settle = buf[..n].ends_with(FRAME_END)
            || since.elapsed() > AT_LEAST
            || !more_within(&input, QUIET);
        let reply = {
            let mut st = shared.state.lock().unwrap();
            st.parser.process(&buf[..n]);
            if settle {
                st.settled = st.parser.screen().clone();
                st.chunks += 1;
            }
            replies(&buf[..n], st.parser.screen())
        };
        if settle {
            since = Instant::now();
            shared.changed.notify_all();
        }
        if !reply.is_empty() {
            let _ = answers.write_all(&reply);
        }
    }
    let mut st = shared.state.lock().unwrap();
    st.settled = st.parser.screen().clone();
    st.ended = true;
    drop(st);
    shared.changed.notify_all();
}

/// Whether `input` has more to read within `wait`.
fn more_within(input: &File, wait: Duration) -> bool {
    use std::os::fd::AsRawFd;
    let mut fd = libc::pollfd {
        fd: input.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = libc::c_int::try_from(wait.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: one valid pollfd, for the length given.
    let ready = unsafe { libc::poll(&mut fd, 1, ms) };
    ready > 0 && fd.revents & libc::POLLIN != 0
}

/// What a dark xterm would answer to the queries in `out`: the cursor
/// position, the device attributes, the foreground and background colours.
/// Without answers an app that asks would wait for its timeout.
fn replies(out: &[u8], screen: &vt100::Screen) -> Vec<u8> {
    let has = |q: &[u8]| out.windows(q.len()).any(|w| w == q);
    let mut reply = Vec::new();
    if has(b"\x1b[6n") {
        let (row, col) = screen.cursor_position();
        reply.extend(format!("\x1b[{};{}R", row + 1, col + 1).bytes());
    }
    if has(b"\x1b[c") || has(b"\x1b[0c") {
        reply.extend(b"\x1b[?62;22c");
    }
    if has(b"\x1b]10;?") {
        reply.extend(b"\x1b]10;rgb:ffff/ffff/ffff\x1b\\");
    }
    if has(b"\x1b]11;?") {
        reply.extend(b"\x1b]11;rgb:0000/0000/0000\x1b\\");
    }
    reply
}

/// The screen's text, one line a row.
pub fn text_of(screen: &vt100::Screen) -> String {
    let (_, cols) = screen.size();
    screen.rows(0, cols).collect::<Vec<_>>().join("\n")
}

/// The rows of `screen` that show something highlighted (a background colour
/// or reverse video), as text: how a list shows its selection.
pub fn highlighted(screen: &vt100::Screen) -> Vec<String> {
    let (rows, cols) = screen.size();
    let lines: Vec<String> = screen.rows(0, cols).collect();
    // A theme paints the whole screen's background: a highlight is a
    // background other than the one most cells have.
    let ground = background(screen);
    let marked = |r: u16, c: u16| {
        screen.cell(r, c).is_some_and(|cell| {
            !cell.contents().trim().is_empty() && (cell.inverse() || cell.bgcolor() != ground)
        })
    };
    (0..rows)
        .filter(|&r| (0..cols).any(|c| marked(r, c)))
        .map(|r| lines[usize::from(r)].clone())
        .collect()
}

impl Shared {
    pub fn text(&self) -> String {
        self.with_screen(text_of)
    }

    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(&self.state.lock().unwrap().settled)
    }

    /// Check `ready` on the screen now and after each new output, until it
    /// gives a value or `limit` passes (or output has ended: nothing will change).
    pub fn wait<T>(
        &self,
        limit: Duration,
        ready: impl Fn(&vt100::Screen) -> Option<T>,
    ) -> Option<T> {
        let deadline = Instant::now() + limit;
        let mut st = self.state.lock().unwrap();
        loop {
            if let Some(v) = ready(&st.settled) {
                return Some(v);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if st.ended || left.is_zero() {
                return None;
            }
            st = self.changed.wait_timeout(st, left).unwrap().0;
        }
    }

    /// Wait (bounded) until every holder of the terminal has closed it and
    /// all it wrote is read; whether that happened.
    pub fn wait_ended(&self, limit: Duration) -> bool {
        let st = self.state.lock().unwrap();
        let (st, _) = self
            .changed
            .wait_timeout_while(st, limit, |s| !s.ended)
            .unwrap();
        st.ended
    }

    /// Return when new output arrives, or after `at_most`.
    pub fn wait_output(&self, at_most: Duration) {
        let st = self.state.lock().unwrap();
        let seen = st.chunks;
        let _ = self
            .changed
            .wait_timeout_while(st, at_most, |s| s.chunks == seen && !s.ended)
            .unwrap();
    }
}

/// The background colour most cells of the screen have.
fn background(screen: &vt100::Screen) -> vt100::Color {
    let (rows, cols) = screen.size();
    let mut counts: Vec<(vt100::Color, usize)> = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            let Some(bg) = screen.cell(r, c).map(|cell| cell.bgcolor()) else {
                continue;
            };
            match counts.iter_mut().find(|(k, _)| *k == bg) {
                Some((_, n)) => *n += 1,
                None => counts.push((bg, 1)),
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or(vt100::Color::Default, |(k, _)| k)
}

//! The user's window on time: follow the run live, or hold a cursor at one
//! moment and look around it, at a zoom of their choosing.

use super::axis::STEPS_US;
use super::window::Window;

/// The spans a zoomed view may show, narrowest first: the axis's tick steps
/// from 50 ms up, so a zoomed view always lands on round ticks.
pub const SPANS_US: &[u64] = STEPS_US.split_at(2).1;

/// How many fine steps of the cursor cross the view; a far step is ten.
const STEPS_PER_VIEW: u64 = 40;
pub const FAR: i64 = 10;
/// The fitted view of a long run scrolls; steps are sized as if it showed this much.
const FIT_CAP_US: u64 = 20_000_000;

/// Follow the run, or stand at `cursor_us`; `span_us` None fits the whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewWindow {
    /// The right edge is now (the default).
    pub follow: bool,
    /// The time the cursor stands at while not following.
    pub cursor_us: u64,
    /// The stretch of time shown, one of `SPANS_US`; None: the whole run.
    pub span_us: Option<u64>,
}

impl Default for ViewWindow {
    fn default() -> Self {
        ViewWindow {
            follow: true,
            cursor_us: 0,
            span_us: None,
        }
    }
}

impl ViewWindow {
    /// Where the cursor stands in a run known up to `end_us`; None while following.
    pub fn cursor(&self, end_us: u64) -> Option<u64> {
        (!self.follow).then_some(self.cursor_us.min(end_us))
    }

    /// About how much of the run the view shows (exact when zoomed): a
    /// short run's steps and zoom are sized by the run, not by its empty axis.
    fn shown_span(&self, end_us: u64) -> u64 {
        self.span_us
            .unwrap_or_else(|| end_us.clamp(SPANS_US[0], FIT_CAP_US))
    }

    /// Move the cursor by `steps` (negative: back in time), stopping at the
    /// start and at `end_us`; the view stops following.
    pub fn scrub(&mut self, steps: i64, end_us: u64) {
        let from = self.cursor(end_us).unwrap_or(end_us);
        let step = (self.shown_span(end_us) / STEPS_PER_VIEW).max(1);
        let delta = step.saturating_mul(steps.unsigned_abs());
        self.cursor_us = if steps < 0 {
            from.saturating_sub(delta)
        } else {
            from.saturating_add(delta).min(end_us)
        };
        self.follow = false;
    }

    /// The cursor to the first instant of the run.
    pub fn jump_start(&mut self) {
        self.follow = false;
        self.cursor_us = 0;
    }

    /// Back to live: the right edge is now again (the zoom is kept).
    pub fn follow_live(&mut self) {
        self.follow = true;
    }

    /// Show half as much or so around the cursor, down to the narrowest span.
    pub fn zoom_in(&mut self, end_us: u64) {
        let now = self.shown_span(end_us);
        let narrower = SPANS_US.iter().rev().copied().find(|&s| s < now);
        self.span_us = Some(narrower.unwrap_or(SPANS_US[0]));
    }

    /// Show more; once the next span would hold the whole run, fit it again.
    pub fn zoom_out(&mut self, end_us: u64) {
        let Some(now) = self.span_us else {
            return;
        };
        let fit = end_us.max(SPANS_US[0]);
        self.span_us = SPANS_US
            .iter()
            .copied()
            .find(|&s| s > now)
            .filter(|&s| s < fit);
    }

    /// The cells the timeline draws over `cells` columns for a live run known
    /// up to `end_us` (see `window_for`).
    #[cfg(test)]
    pub(crate) fn window(&self, end_us: u64, cells: u16) -> Window {
        self.window_for(end_us, cells, false)
    }

    /// The cells the timeline draws over `cells` columns for a run known up to
    /// `end_us`: the fitted run (a run that `ended` fitted to its own length,
    /// however short), the last `span` while following, else the span around
    /// the cursor (kept inside the run). Starts fall on whole cells so the
    /// picture does not shimmer while it moves.
    pub(crate) fn window_for(&self, end_us: u64, cells: u16, ended: bool) -> Window {
        let fit = if ended {
            Window::ended(end_us, cells)
        } else {
            Window::new(end_us, cells)
        };
        let n = u64::from(cells.max(1));
        let cell_us = match self.span_us {
            Some(s) => s.div_ceil(n).max(1),
            None => fit.cell_us,
        };
        let visible = cell_us.saturating_mul(n);
        let start_us = match self.cursor(end_us) {
            None if self.span_us.is_none() => return fit,
            None => end_us.saturating_sub(visible).div_ceil(cell_us) * cell_us,
            Some(c) => {
                let left = c
                    .saturating_sub(visible / 2)
                    .min(end_us.saturating_sub(visible));
                let start = left / cell_us * cell_us;
                if c >= start + visible {
                    start + cell_us
                } else {
                    start
                }
            }
        };
        Window {
            start_us,
            cell_us,
            cells,
            now_us: end_us,
        }
    }
}

/// The column of `t_us` in `win`, if it is on screen.
pub(crate) fn column_of(win: &Window, t_us: u64) -> Option<u16> {
    let c = t_us.checked_sub(win.start_us)? / win.cell_us.max(1);
    u16::try_from(c).ok().filter(|&c| c < win.cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    const END: u64 = 4_000_000;

    #[test]
    fn follows_by_default_and_fits_the_run() {
        let v = ViewWindow::default();
        assert!(v.follow);
        assert_eq!(v.cursor(END), None);
        assert_eq!(v.window(END, 80), Window::new(END, 80));
    }

    #[test]
    fn scrubbing_stops_following_and_stays_inside_the_run() {
        let mut v = ViewWindow::default();
        v.scrub(-1, END);
        assert!(!v.follow);
        assert_eq!(v.cursor(END), Some(END - 100_000), "a 40th of 4 s");
        v.scrub(-FAR * 100, END);
        assert_eq!(v.cursor(END), Some(0));
        v.scrub(FAR * 100, END);
        assert_eq!(v.cursor(END), Some(END));
        v.jump_start();
        assert_eq!(v.cursor(END), Some(0));
        v.follow_live();
        assert_eq!(v.cursor(END), None);
    }

    #[test]
    fn a_cursor_beyond_what_is_known_is_read_at_the_end() {
        let v = ViewWindow {
            follow: false,
            cursor_us: 9_000_000,
            span_us: None,
        };
        assert_eq!(v.cursor(END), Some(END));
    }

    #[test]
    fn zoom_steps_through_spans_and_clamps() {
        let mut v = ViewWindow::default();
        v.zoom_in(END);
        assert_eq!(v.span_us, Some(2_000_000));
        for _ in 0..30 {
            v.zoom_in(END);
        }
        assert_eq!(v.span_us, Some(SPANS_US[0]), "no narrower than 50 ms");
        for _ in 0..4 {
            v.zoom_out(END);
        }
        assert_eq!(v.span_us, Some(1_000_000));
        v.zoom_out(END);
        assert_eq!(v.span_us, Some(2_000_000));
        v.zoom_out(END);
        assert_eq!(v.span_us, None, "5 s would hold the whole 4 s run: fit");
        v.zoom_out(END);
        assert_eq!(v.span_us, None);
    }

    #[test]
    fn a_zoomed_window_centres_the_cursor_and_keeps_inside_the_run() {
        let mut v = ViewWindow {
            follow: false,
            cursor_us: 2_000_000,
            span_us: Some(1_000_000),
        };
        let w = v.window(END, 100);
        assert_eq!((w.start_us, w.cell_us), (1_500_000, 10_000));
        assert_eq!(column_of(&w, 2_000_000), Some(50));
        v.cursor_us = 0;
        assert_eq!(v.window(END, 100).start_us, 0);
        v.cursor_us = END;
        let w = v.window(END, 100);
        assert_eq!(
            w.start_us, 3_010_000,
            "one cell on, so the cursor is on screen"
        );
        assert_eq!(column_of(&w, END), Some(99));
    }

    #[test]
    fn after_a_short_run_the_view_fits_it_and_zooms_within_it() {
        let end = 100_000;
        let mut v = ViewWindow::default();
        let w = v.window_for(end, 80, true);
        assert!(w.end_us() < 2 * end, "the 0.1 s run fills the width: {w:?}");
        assert!(
            v.window_for(end, 80, false).end_us() >= 1_000_000,
            "live: 1 s"
        );
        v.zoom_in(end);
        assert_eq!(v.span_us, Some(50_000), "in: narrower than the run");
        v.zoom_out(end);
        assert_eq!(v.span_us, None, "out: the fitted run again");
        v.scrub(-1, end);
        assert_eq!(v.cursor(end), Some(end - 2_500), "a 40th of the run");
    }

    #[test]
    fn following_at_a_zoom_shows_the_last_span() {
        let mut v = ViewWindow::default();
        v.zoom_in(END);
        v.zoom_in(END);
        let w = v.window(END, 100);
        assert_eq!(w.cell_us, 10_000);
        assert!(w.start_us <= 3_000_000 && w.end_us() >= END);
        assert_eq!(v.window(0, 0).cells, 0);
    }
}

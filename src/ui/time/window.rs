//! Which slice of time the timeline shows, and what each cell of it means.

use super::theme::salience;
use crate::model::history::History;
use crate::model::lanes::{Lane, LaneState, Segment};

/// A run shorter than this is drawn as if it were this long, so the first
/// milliseconds do not fill the whole width.
const MIN_SPAN_US: u64 = 1_000_000;
/// A finished run is fitted to its own length, but to no less than this (a
/// run of a few microseconds would stretch one event across the width).
const MIN_ENDED_SPAN_US: u64 = 20_000;
/// The coarsest a cell may get before the view scrolls instead of shrinking.
const MAX_CELL_US: u64 = 200_000;
/// How many segments one cell looks at, at most: drawing cost follows the
/// screen, not how many events were stored.
const SCAN_LIMIT: usize = 8;
/// A zombie spell shorter than this that ended in a reap is drawn as the exit
/// it followed: the host (or a parent in join) reaped it at once, and a cell
/// showing `Z` for those few milliseconds would tell a zombie that no one saw.
/// The zombie lesson's zombie lasts seconds and keeps its `Z`.
const BRIEF_ZOMBIE_US: u64 = 50_000;

/// The visible time range: `cells` cells of `cell_us` each from `start_us`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    pub start_us: u64,
    pub cell_us: u64,
    pub cells: u16,
    /// Nothing is known after this time (cells beyond it stay blank).
    pub now_us: u64,
}

impl Window {
    /// The whole run scaled to the width while it fits, else the latest stretch.
    pub fn new(now_us: u64, cells: u16) -> Window {
        Window::fit(now_us, cells, MIN_SPAN_US)
    }

    /// A run that ended at `end_us`, fitted to its length: a race over in
    /// 0.1 s fills the width instead of a tenth of a one-second axis.
    pub fn ended(end_us: u64, cells: u16) -> Window {
        Window::fit(end_us, cells, MIN_ENDED_SPAN_US)
    }

    fn fit(now_us: u64, cells: u16, min_span_us: u64) -> Window {
        let n = u64::from(cells.max(1));
        let span = now_us.max(min_span_us);
        if span <= n * MAX_CELL_US {
            let cell_us = span.div_ceil(n).max(1);
            return Window {
                start_us: 0,
                cell_us,
                cells,
                now_us,
            };
        }
        // Aligned to whole cells so that scrolling does not make cells shimmer.
        let end = (now_us / MAX_CELL_US + 1) * MAX_CELL_US;
        Window {
            start_us: end.saturating_sub(n * MAX_CELL_US),
            cell_us: MAX_CELL_US,
            cells,
            now_us,
        }
    }

    /// The same stretch of time spread over `cells` cells: a sparkline in another
    /// pane shows exactly what the timeline shows, at its own width.
    pub fn resampled(&self, cells: u16) -> Window {
        let span = self.end_us() - self.start_us;
        Window {
            start_us: self.start_us,
            cell_us: span.div_ceil(u64::from(cells.max(1))).max(1),
            cells,
            now_us: self.now_us,
        }
    }

    /// The time at the left edge of cell `c`.
    pub fn cell_start(&self, c: u16) -> u64 {
        self.start_us + u64::from(c) * self.cell_us
    }

    /// The visible end time (right edge of the last cell).
    pub fn end_us(&self) -> u64 {
        self.cell_start(self.cells)
    }

    /// What cell `c` of `lane` shows: the most telling state the lane was in during
    /// the cell (a zombie spell of 50 ms or more wins its cells, however short
    /// it is beside them; a briefer one ended by a reap reads as the exit), or
    /// None before the lane existed and after "now".
    #[cfg(test)]
    pub fn cell_state(&self, lane: &Lane, c: u16) -> Option<LaneState> {
        let mut cursor = Cursor::default();
        self.cell_state_from(lane.segments(), c, &mut cursor)
    }

    /// Every cell of `lane`, left to right (None: blank). Each cell costs
    /// O(log gap) from the previous one, in memory the previous one just read.
    pub fn lane_cells<'a>(
        &'a self,
        lane: &'a Lane,
    ) -> impl Iterator<Item = Option<LaneState>> + 'a {
        let segs = lane.segments();
        let mut cursor = Cursor::default();
        (0..self.cells).map(move |c| self.cell_state_from(segs, c, &mut cursor))
    }

    fn cell_state_from(
        &self,
        segs: &History<Segment>,
        c: u16,
        cursor: &mut Cursor,
    ) -> Option<LaneState> {
        let t0 = self.cell_start(c);
        if t0 > self.now_us {
            return None;
        }
        let t1 = (t0 + self.cell_us).min(self.now_us + 1);
        let i = cursor.seek(segs, t0);
        // The segment before the cell, then those starting within it.
        let mut segs_on = segs.iter_from(i.saturating_sub(1)).peekable();
        let mut best = None;
        if i > 0 {
            let before = segs_on.next().expect("segment i - 1 exists");
            best = Some(shown(before, segs_on.peek().copied()));
        }
        for _ in 0..SCAN_LIMIT {
            let Some(seg) = segs_on.next_if(|s| s.start_us < t1) else {
                break;
            };
            let state = shown(seg, segs_on.peek().copied());
            best = match best {
                Some(b) if salience(b) >= salience(state) => Some(b),
                _ => Some(state),
            };
        }
        best
    }
}

/// The state segment `s` (followed by `next`) is drawn as: its own, except a
/// brief zombie spell that a reap ended, which is drawn as the exit.
fn shown(s: &Segment, next: Option<&Segment>) -> LaneState {
    match next {
        Some(next)
            if s.state == LaneState::Zombie
                && next.state == LaneState::Gone
                && next.start_us - s.start_us < BRIEF_ZOMBIE_US =>
        {
            LaneState::Exited
        }
        _ => s.state,
    }
}

/// Where the previous cell's search ended, so the next one gallops from there.
#[derive(Default)]
struct Cursor {
    at: Option<usize>,
}

impl Cursor {
    /// The index of the first segment starting after `t` (times only grow).
    fn seek(&mut self, segs: &History<Segment>, t: u64) -> usize {
        let from = match self.at {
            None => segs.partition_point(|s| s.start_us <= t),
            Some(from) => {
                let mut lo = from;
                let mut step = 1;
                while lo + step < segs.len() && segs[lo + step].start_us <= t {
                    lo += step;
                    step *= 2;
                }
                let hi = (lo + step).min(segs.len());
                segs.partition_point_in(lo..hi, |s| s.start_us <= t)
            }
        };
        self.at = Some(from);
        from
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::ActorKind;

    #[test]
    fn short_runs_fill_the_width_long_runs_scroll() {
        let w = Window::new(500_000, 100);
        assert_eq!((w.start_us, w.cell_us), (0, 10_000));
        let w = Window::new(10_000_000, 100);
        assert_eq!((w.start_us, w.cell_us), (0, 100_000));
        let w = Window::new(60_000_000, 100);
        assert_eq!(w.cell_us, MAX_CELL_US);
        assert!(w.end_us() > 60_000_000 && w.start_us > 0);
        let w = Window::new(0, 0);
        assert_eq!(w.cells, 0);
    }

    #[test]
    fn an_ended_short_run_fills_the_width() {
        let live = Window::new(100_000, 80);
        assert!(live.end_us() >= 1_000_000, "live, a young run sits on 1 s");
        let w = Window::ended(100_000, 80);
        assert_eq!(w.start_us, 0);
        assert!(w.end_us() >= 100_000 && w.end_us() < 100_000 + w.cell_us);
        assert!(w.cell_us < live.cell_us / 8, "{w:?}");
        assert_eq!(Window::ended(3, 80).end_us(), 20_000, "no less than 20 ms");
        let long = Window::ended(60_000_000, 100);
        assert_eq!(long, Window::new(60_000_000, 100), "a long run as before");
        assert_eq!(Window::ended(0, 0).cells, 0);
    }

    #[test]
    fn a_resampled_window_covers_the_same_time() {
        let w = Window::new(60_000_000, 100);
        let r = w.resampled(30);
        assert_eq!(r.start_us, w.start_us);
        assert!(r.end_us() >= w.end_us() && r.end_us() < w.end_us() + r.cell_us);
        assert_eq!(w.resampled(0).cells, 0);
    }

    #[test]
    fn a_zombie_spell_of_50_ms_wins_its_cell() {
        let mut l = Lane::new("c", ActorKind::Process, 1, 0);
        l.set_state(10, LaneState::Running);
        l.set_state(1000, LaneState::Zombie);
        l.set_state(51_000, LaneState::Gone);
        let w = Window::new(1_000_000, 5); // 200 ms cells
        assert_eq!(w.cell_state(&l, 0), Some(LaneState::Zombie));
        assert_eq!(w.cell_state(&l, 1), Some(LaneState::Gone));
    }

    /// Main's lane: it exits, /proc sees Z, the host reaps it 3 ms later.
    #[test]
    fn a_zombie_reaped_within_ms_ends_its_lane_as_exited() {
        let mut l = Lane::new("main", ActorKind::Process, 1, 0);
        l.set_state(10, LaneState::Running);
        l.set_state(95_000, LaneState::Zombie);
        l.set_state(98_000, LaneState::Gone);
        let w = Window::ended(98_000, 80); // cells of about 1.2 ms
        let cells: Vec<_> = w.lane_cells(&l).flatten().collect();
        assert!(!cells.contains(&LaneState::Zombie), "{cells:?}");
        assert!(cells.contains(&LaneState::Exited), "{cells:?}");
        let last_live = cells.iter().rposition(|&s| s != LaneState::Gone);
        assert_eq!(last_live.map(|i| cells[i]), Some(LaneState::Exited));
    }

    /// The zombie lesson: a child a zombie for 3 s shows Z in every cell.
    #[test]
    fn a_long_zombie_shows_z_throughout() {
        let mut l = Lane::new("child", ActorKind::Process, 2, 0);
        l.set_state(10, LaneState::Working);
        l.set_state(1_000_000, LaneState::Zombie);
        l.set_state(4_000_000, LaneState::Gone);
        let w = Window::ended(4_000_000, 40); // 100 ms cells
        let z = w.lane_cells(&l).filter(|&s| s == Some(LaneState::Zombie));
        assert_eq!(z.count(), 30);
        let live = Window::new(2_000_000, 20);
        assert_eq!(
            live.cell_state(&l, 19),
            Some(LaneState::Zombie),
            "still a zombie now"
        );
    }

    #[test]
    fn walking_the_cells_agrees_with_one_cell_at_a_time() {
        let mut l = Lane::new("c", ActorKind::Process, 1, 5_000);
        let states = [
            LaneState::Running,
            LaneState::Sleeping,
            LaneState::Working,
            LaneState::Waiting,
        ];
        for k in 0..5_000u64 {
            l.set_state(10_000 + k * k / 7, states[(k % 4) as usize]);
        }
        let w = Window::new(3_700_000, 97);
        let walked: Vec<_> = w.lane_cells(&l).collect();
        let single: Vec<_> = (0..97).map(|c| w.cell_state(&l, c)).collect();
        assert_eq!(walked, single);
        assert_eq!(walked[0], Some(LaneState::Waiting));
    }
}

//! The jobs panel of a scheduling lesson: the textbook's table (arrival,
//! burst, finish, turnaround, waiting, in time units) filling in as jobs
//! finish, the averages once all have, and beside it a Gantt row per job
//! (a cell per unit: computing, or ready and waiting), all from `sched` events.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::theme::{dim, glyph, state_style};
use super::words::tr;
use crate::model::job_table::JobTable;
use crate::model::lanes::LaneState;
use crate::model::schedule::averages;
use crate::model::Model;
use crate::scenario::text::Lang;

pub struct JobsPane<'a> {
    pub model: &'a Model,
    pub lang: Lang,
}

/// The table's columns: a name, then five numbers (room for 80 columns).
const COLS: [usize; 6] = [5, 4, 6, 5, 5, 5];
const NAME_W: usize = COLS[0];
const TABLE_W: usize = 30;

impl JobsPane<'_> {
    /// A heading, a row per job, the averages; the Gantt chart beside
    /// them when it fits, else under them (a heading and a row per job).
    pub fn rows_wanted(&self, width: u16) -> u16 {
        let n = self.model.jobs.jobs.len();
        let beside = self.gantt_at(width).1 == 1;
        (if beside { n + 2 } else { 2 * n + 4 }) as u16
    }

    /// Where the Gantt chart starts: (column, row of its heading - 0 beside
    /// the table's heading; 1 flags "beside" for `rows_wanted`).
    fn gantt_at(&self, width: u16) -> (usize, usize) {
        let t = &self.model.jobs;
        let units = t
            .jobs
            .iter()
            .filter_map(|j| j.finish)
            .max()
            .unwrap_or(t.now);
        let units = units.max(t.now) as usize;
        if usize::from(width) >= TABLE_W + 2 + units {
            (TABLE_W + 2, 1)
        } else {
            (NAME_W, 0)
        }
    }

    fn heading(&self) -> String {
        let words: [&str; 6] = match self.lang {
            Lang::En => ["job", "arr", "burst", "fin", "turn", "wait"],
            Lang::Zh => ["作业", "到达", "运行", "完成", "周转", "等待"],
        };
        let mut s = pad_right(words[0], NAME_W);
        for (w, &width) in words[1..].iter().zip(&COLS[1..]) {
            s.push_str(&pad_left(w, width));
        }
        s
    }
}

impl Widget for &JobsPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let t = &self.model.jobs;
        let w = usize::from(area.width);
        let put = |buf: &mut Buffer, row: usize, x: usize, text: &str, style: Style| {
            if row < usize::from(area.height) && x < w {
                let (x0, y0) = (area.x + x as u16, area.y + row as u16);
                buf.set_stringn(x0, y0, text, w - x, style);
            }
        };
        if t.is_empty() {
            let text = tr(self.lang, "no jobs yet", "还没有作业");
            return put(buf, 0, 0, text, dim());
        }
        put(buf, 0, 0, &self.heading(), dim());
        let (gx, beside) = self.gantt_at(area.width);
        // Beside: on the table's rows; under: after the averages and a blank.
        let g0 = if beside == 1 { 0 } else { t.jobs.len() + 3 };
        if beside == 0 {
            put(buf, g0, 0, tr(self.lang, "time", "时间"), dim());
        }
        for u in (0..=t.now).step_by(5) {
            put(buf, g0, gx + u as usize, &u.to_string(), dim());
        }
        for (i, job) in t.jobs.iter().enumerate() {
            let mut s = pad_right(&job.name, NAME_W);
            let cells = [Some(job.arrive), Some(job.burst), job.finish];
            let turn = job.finish.map(|f| f.saturating_sub(job.arrive));
            let wait = turn.map(|x| x.saturating_sub(job.burst));
            for (v, &width) in cells.into_iter().chain([turn, wait]).zip(&COLS[1..]) {
                s.push_str(&pad_left(&v.map_or("·".into(), |v| v.to_string()), width));
            }
            put(buf, i + 1, 0, &s, Style::new());
            if beside == 0 {
                put(buf, g0 + i + 1, 0, &job.name, Style::new());
            }
            gantt(t, i, buf, area, (gx, g0 + i + 1));
        }
        let rows = t.finished();
        if t.complete() {
            let (turn, wait) = averages(&rows);
            let label = pad_right(tr(self.lang, "avg", "平均"), COLS[..4].iter().sum());
            let s = format!("{label}{turn:>5.2}{wait:>5.2}");
            put(buf, t.jobs.len() + 1, 0, &s, Style::new());
        }
    }
}

/// Job `i`'s row of the Gantt chart at (column, row): a cell per unit while
/// it fits (`▓` computing, `┄` ready and waiting).
fn gantt(t: &JobTable, i: usize, buf: &mut Buffer, area: Rect, (x, row): (usize, usize)) {
    let room = usize::from(area.width).saturating_sub(x);
    if row >= usize::from(area.height) {
        return;
    }
    let job = &t.jobs[i];
    let end = job.finish.unwrap_or(t.now);
    let y = area.y + row as u16;
    for u in job.arrive..end {
        let col = u as usize;
        if col >= room {
            break;
        }
        let ran = t
            .slices
            .iter()
            .any(|s| s.job == i && s.from <= u && s.to.is_none_or(|to| u < to));
        let state = if ran {
            LaneState::Working
        } else {
            LaneState::Waiting
        };
        let at = area.x + (x + col) as u16;
        buf.set_string(at, y, glyph(state), state_style(state));
    }
}

fn pad_right(s: &str, w: usize) -> String {
    let used = super::width::str_width(s);
    format!("{s}{}", " ".repeat(w.saturating_sub(used)))
}

fn pad_left(s: &str, w: usize) -> String {
    let used = super::width::str_width(s);
    format!("{}{s}", " ".repeat(w.saturating_sub(used)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Event, EventKind};

    fn sched(what: &str, job: &str, at: u32, burst: Option<u32>) -> Event {
        let kind = EventKind::Sched {
            what: what.into(),
            job: job.into(),
            at,
            burst,
            level: None,
            quantum: None,
            left: None,
        };
        Event::new(1, "main", 1, kind)
    }

    fn text(buf: &Buffer, y: u16) -> String {
        (0..buf.area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect()
    }

    #[test]
    fn the_table_fills_in_and_the_gantt_shows_who_ran() {
        let mut model = Model::default();
        for e in [
            sched("arrived", "A", 0, Some(2)),
            sched("granted", "A", 0, None),
            sched("arrived", "B", 1, Some(1)),
            sched("finished", "A", 2, None),
            sched("granted", "B", 2, None),
            sched("finished", "B", 3, None),
        ] {
            model.apply(&e);
        }
        let pane = JobsPane {
            model: &model,
            lang: Lang::En,
        };
        // Too narrow beside the table: the chart goes under it.
        let mut buf = Buffer::empty(Rect::new(0, 0, 33, 10));
        pane.render(buf.area, &mut buf);
        assert_eq!(text(&buf, 0).trim_end(), "job   arr burst  fin turn wait");
        assert_eq!(text(&buf, 1).trim_end(), "A       0     2    2    2    0");
        assert_eq!(text(&buf, 2).trim_end(), "B       1     1    3    2    1");
        assert_eq!(text(&buf, 3).trim_end(), "avg                  2.00 0.50");
        assert_eq!(text(&buf, 6).trim_end(), "A    ▓▓");
        assert_eq!(text(&buf, 7).trim_end(), "B     ┄▓");
        assert_eq!(pane.rows_wanted(33), 8);
        // Wide enough: beside the table, a unit a column.
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 4));
        pane.render(buf.area, &mut buf);
        assert_eq!(&text(&buf, 1)[30..], "  ▓▓      ");
        assert_eq!(pane.rows_wanted(40), 4);
    }
}

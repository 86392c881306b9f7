//! The findings pane: for a learner's own program (`conlab py`), what a
//! teacher would point at, in the place a lesson's checks take.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::para::Para;
use super::theme::{dim, BAD};
use super::words::{tr, Words};
use crate::model::findings_list::{Finding, Level};
use crate::model::Model;
use crate::scenario::text::Lang;

/// Every finding, worst first: ✗ went wrong, ! worth a look, · what happened.
pub struct FindingsPane<'a> {
    pub model: &'a Model,
    pub lang: Lang,
    /// The screen's clock (the host's now, or the time cursor).
    pub now_us: u64,
}

/// The pane's name where a lesson's says "Checks".
pub(crate) const FINDINGS: Words = Words::new("Findings", "发现");

/// The mark and its style for a level.
fn mark(level: Level) -> (&'static str, Style) {
    match level {
        Level::Bad => ("✗", Style::new().fg(BAD).add_modifier(Modifier::BOLD)),
        Level::Warn => ("!", Style::new().fg(BAD)),
        Level::Info => ("·", dim()),
    }
}

impl FindingsPane<'_> {
    /// The findings at the screen's clock.
    pub fn findings(model: &Model, now_us: u64) -> Vec<Finding> {
        model.findings.list_at(now_us)
    }

    /// `3 ✗` (the bad ones) or the count, for the pane's title.
    pub fn tally(found: &[Finding]) -> String {
        let bad = found.iter().filter(|f| f.level == Level::Bad).count();
        if bad > 0 {
            format!("{bad} ✗")
        } else {
            found.len().to_string()
        }
    }

    /// The frame's height under the lesson in `area` (as tall as the
    /// findings need, at most two thirds: the lesson's text about one's own
    /// program is read once) and the title's tally.
    pub fn height_and_tally(model: &Model, now_us: u64, lang: Lang, area: Rect) -> (u16, String) {
        let found = FindingsPane::findings(model, now_us);
        let rows = FindingsPane::rows_wanted(&found, lang, area.width.saturating_sub(2)) + 2;
        let h = u16::try_from(rows).unwrap_or(u16::MAX);
        (h.min(area.height * 2 / 3), FindingsPane::tally(&found))
    }

    /// Rows the findings want at `width` (for the layout), at least 1.
    fn rows_wanted(found: &[Finding], lang: Lang, width: u16) -> usize {
        let w = usize::from(width.max(8));
        let rows: usize = found.iter().map(|f| para(f, lang).rows(w).len()).sum();
        rows.max(1)
    }
}

fn para(f: &Finding, lang: Lang) -> Para<'_> {
    let (m, style) = mark(f.level);
    Para {
        lead: vec![Span::styled(m, style), Span::raw(" ")],
        text: f.text.get(lang),
        style: Style::new(),
    }
}

impl Widget for &FindingsPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let found = FindingsPane::findings(self.model, self.now_us);
        if found.is_empty() {
            let text = tr(self.lang, "nothing to point at yet", "暂时没有发现");
            buf.set_stringn(area.x, area.y, text, area.width.into(), dim());
            return;
        }
        let rows: Vec<Vec<Line>> = found
            .iter()
            .map(|f| para(f, self.lang).rows(usize::from(area.width)))
            .collect();
        let shown = whole_fit(&rows, usize::from(area.height));
        let mut y = area.y;
        for row in rows[..shown].iter().flatten() {
            buf.set_line(area.x, y, row, area.width);
            y += 1;
        }
        if shown < rows.len() && y < area.bottom() {
            let more = rows.len() - shown;
            let text = match self.lang {
                Lang::En => format!("… {more} more: make the window taller"),
                Lang::Zh => format!("… 还有 {more} 条：窗口再高些就能看到"),
            };
            buf.set_stringn(area.x, y, text, area.width.into(), dim());
        }
    }
}

/// How many findings fit whole in `height` rows, keeping one row for
/// "… N more" when not all do (the worst come first, so the cut is the least).
fn whole_fit(rows: &[Vec<Line>], height: usize) -> usize {
    let total: usize = rows.iter().map(Vec::len).sum();
    if total <= height {
        return rows.len();
    }
    let room = height.saturating_sub(1);
    let mut used = 0;
    rows.iter()
        .take_while(|r| {
            used += r.len();
            used <= room
        })
        .count()
}

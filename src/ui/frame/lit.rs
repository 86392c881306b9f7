//! The panel a lesson page talks about: its frame drawn in the accent colour.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

use super::screen::RunScreen;
use super::state::Pane;

/// The panel name of `p`, if pages can point at it.
pub(crate) fn panel_of(p: Pane) -> Option<&'static str> {
    p.panel()
}

/// The accent: what a lit frame's lines are drawn in.
pub(crate) const ACCENT: Color = Color::LightCyan;

/// Redraw the frame lines on the edge of `area` in the accent, bold (the
/// title's letters keep their style).
pub(crate) fn light(area: Rect, buf: &mut Buffer) {
    if area.width < 2 || area.height < 2 {
        return;
    }
    let (l, r, t, b) = (area.left(), area.right() - 1, area.top(), area.bottom() - 1);
    let edge = (l..=r)
        .flat_map(|x| [(x, t), (x, b)])
        .chain((t..=b).flat_map(|y| [(l, y), (r, y)]));
    for (x, y) in edge {
        let Some(cell) = buf.cell_mut((x, y)) else {
            continue;
        };
        if cell.symbol().chars().all(is_frame) {
            cell.set_fg(ACCENT);
            cell.modifier.insert(Modifier::BOLD);
        }
    }
}

fn is_frame(c: char) -> bool {
    ('\u{2500}'..='\u{257F}').contains(&c)
}

impl RunScreen<'_> {
    /// Light `area`'s frame when the page on screen talks about `panel`.
    pub(crate) fn light_if(&self, area: Rect, buf: &mut Buffer, panel: Option<&str>) {
        let on = self.run.lesson.current().and_then(|p| p.panel.as_deref());
        if on.is_some() && on == panel {
            light(area, buf);
        }
    }
}

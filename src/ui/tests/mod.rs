//! UI tests: whole screens as snapshots, widgets cell by cell, every size without
//! a panic, and the app's key handling. No test starts a real run.

mod app;
mod code;
mod deadlock_runs;
mod deadlock_snapshots;
mod deadlock_widgets;
mod events;
mod explorer;
mod explorer_keys;
mod explorer_wins;
mod findings;
mod findings_sizes;
mod fixture;
mod fold;
mod fold_runs;
mod fuzz;
mod gil_snapshots;
mod lesson_pages;
mod mixed_run;
mod net_runs;
mod net_snapshots;
mod own_program;
mod pool_runs;
mod projector;
mod queue_runs;
mod queue_snapshots;
mod reach;
mod shared_snapshots;
mod shared_widgets;
mod sizes;
mod snapshots;
mod sync_widgets;
mod table_runs;
mod themes;
mod tickets;
mod time;
mod widgets;

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui::Terminal;

/// Draw `widget` on a `w` x `h` test terminal.
pub fn draw(widget: impl Widget, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| f.render_widget(widget, f.area())).expect("draw");
    t
}

/// Render `widget` into a bare buffer.
pub fn buffer(widget: impl Widget, w: u16, h: u16) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    widget.render(buf.area, &mut buf);
    buf
}

/// Row `y` of `buf` as text (wide characters appear once).
pub fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

/// All of `buf` as lines of text.
pub fn text(buf: &Buffer) -> String {
    (0..buf.area.height)
        .map(|y| row(buf, y))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where `needle` first appears: (x, y) in cells.
pub fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    (0..buf.area.height).find_map(|y| {
        let cells: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        (0..cells.len())
            .find(|&x| cells[x..].concat().starts_with(needle))
            .map(|x| (x as u16, y))
    })
}

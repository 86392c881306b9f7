//! The connections panel: counts by state, who is blocked, latency,
//! listening sockets and their backlog (see `conn_rows`), one row a
//! connection (folded past what fits: `… 390 more`), and the bytes of the
//! busiest connection as boxes, one per send or recv call (see `chunk_rows`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::actors::Actors;
use super::blocks::Rows;
use super::chunk_rows::{chunk_rows, focus_conn};
use super::conn_head::head_rows;
use super::conn_rows::{conn_rows, more_row};
use super::theme::dim;
use super::words::tr;
use crate::model::net::Conn;
use crate::model::Model;
use crate::scenario::text::Lang;

/// Every socket of the run.
pub struct ConnectionsPane<'a> {
    pub model: &'a Model,
    pub lang: Lang,
}

/// Rows of boxes per call kind and way, when there is room.
const CHUNK_ROWS: usize = 2;
/// Connection rows kept before the bytes get any room, with many of them.
const CONNS_MIN: usize = 3;
/// More connections than this are "many": counts and latency before bytes.
const MANY: usize = 12;

impl ConnectionsPane<'_> {
    /// The connections, live ones first (in the order they came), then the finished.
    fn conns(&self) -> Vec<&Conn> {
        let all = || self.model.net.conns();
        let live = all().filter(|c| !c.state().is_final());
        let udp = self.model.net.udp.flows().map(|(_, c)| c);
        live.chain(udp)
            .chain(all().filter(|c| c.state().is_final()))
            .collect()
    }

    /// The bytes of the busiest connection: `per` rows of boxes a kind, both ways or one.
    fn bytes(&self, actors: &Actors, width: usize, fit: (usize, bool)) -> Rows {
        let udp = self.model.net.udp.flows().map(|(_, c)| c);
        focus_conn(self.model.net.conns().chain(udp))
            .map(|c| chunk_rows(c, (actors, self.lang), width, fit))
            .unwrap_or_default()
    }

    /// Rows it would like: everything whole.
    pub fn rows_wanted(&self, width: u16) -> u16 {
        let width = usize::from(width.max(1));
        let actors = Actors::new(self.model);
        let (must, more) = head_rows(&self.model.net, &actors, self.lang, width);
        let bytes = self.bytes(&actors, width, (CHUNK_ROWS, true));
        let rows = must.len() + more.len() + self.model.net.conns().count() + bytes.len() + 1;
        u16::try_from(rows).unwrap_or(u16::MAX)
    }

    /// The rows to draw in `height`: counts and listeners first; then, for
    /// a few connections, a row of them and their bytes as roomy as fit (both
    /// ways, two rows a kind, down to one way, one row) before the rest of the
    /// head; for many, the rest of the head (who is blocked, latency) and a
    /// few rows of them before the bytes; the other connections folded.
    fn rows(&self, width: usize, height: usize) -> Rows {
        let actors = Actors::new(self.model);
        let (mut rows, more) = head_rows(&self.model.net, &actors, self.lang, width);
        let conns = self.conns();
        let many = conns.len() > MANY;
        let conn_min = conns.len().min(if many { CONNS_MIN } else { 2 });
        // With many, as much of the rest of the head as leaves the few rows.
        let room = height.saturating_sub(rows.len() + conn_min);
        let head_first = if many { more.len().min(room) } else { 0 };
        let left = height.saturating_sub(rows.len() + conn_min + head_first);
        let fits = [
            (CHUNK_ROWS, true),
            (1, true),
            (CHUNK_ROWS, false),
            (1, false),
        ];
        // The roomiest that fits with the blank row above it, or none.
        let bytes = fits
            .into_iter()
            .map(|fit| self.bytes(&actors, width, fit))
            .find(|b| b.len() < left)
            .unwrap_or_default();
        let gap = usize::from(!bytes.is_empty());
        let extra = head_first.max(left.saturating_sub(bytes.len() + gap));
        rows.extend(more.into_iter().take(extra));
        let conn_room = height.saturating_sub(rows.len() + bytes.len() + gap);
        rows.extend(self.conn_lines(&conns, width, conn_room.max(conn_min)));
        if !bytes.is_empty() && rows.len() < height {
            rows.push(Line::default());
            rows.extend(bytes);
        }
        rows.truncate(height);
        rows
    }

    /// One row a connection, and `… N more` for those past `room`.
    fn conn_lines(&self, conns: &[&Conn], width: usize, room: usize) -> Rows {
        let actors = Actors::new(self.model);
        let ctx = (&self.model.net, &actors, self.lang);
        let shown = if conns.len() <= room {
            conns.len()
        } else {
            room.saturating_sub(1)
        };
        let mut rows = conn_rows(&conns[..shown], ctx, width);
        if shown < conns.len() && room > 0 {
            // The forgotten finished ones count too.
            let net = &self.model.net;
            let udp = net.udp.flows().count() as u64;
            let total: u64 = net.counts().iter().sum::<u64>() + udp;
            let hidden = usize::try_from(total).unwrap_or(usize::MAX) - shown;
            rows.push(more_row(hidden, self.lang));
        }
        rows
    }
}

impl Widget for &ConnectionsPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        if self.model.net.is_empty() {
            let text = tr(self.lang, "no sockets yet", "还没有套接字");
            buf.set_stringn(area.x, area.y, text, area.width.into(), dim());
            return;
        }
        let rows = self.rows(usize::from(area.width), usize::from(area.height));
        for (y, row) in (area.y..area.bottom()).zip(rows.iter()) {
            buf.set_line(area.x, y, row, area.width);
        }
    }
}

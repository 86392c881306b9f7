//! One connection's bytes as boxes, one box a call, so message boundaries
//! show: the sends `[hello][world][!!]` over the recvs `[helloworld!!]`
//! (sticky packets), a length header drawn as a `#5` tag (the framed fix).

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::actors::Actors;
use super::blocks::{bold, Rows};
use super::conn_head::joined;
use super::theme::{dim, faint};
use super::width::{str_width, truncate};
use super::words::tr;
use crate::model::net::{Chunk, Conn, End};
use crate::model::net_bytes::{frames, Piece};
use crate::scenario::text::Lang;

/// A box's text is cut to this many cells.
const BODY_MAX: usize = 20;
/// `send `: the label before a row of boxes.
const LABEL_W: usize = 5;

/// Two looks that take turns, so boxes side by side are told apart.
fn body_look(i: usize) -> Style {
    let fg = if i.is_multiple_of(2) {
        Color::LightCyan
    } else {
        Color::LightGreen
    };
    Style::new().fg(fg)
}

/// A length header: dark on yellow, never mistaken for data.
fn header_look() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::LightYellow)
        .add_modifier(Modifier::BOLD)
}

/// `[#5hello]`: one call's bytes in a box.
fn chunk_box(k: &Chunk, i: usize) -> Vec<Span<'static>> {
    let mut spans = vec![Span::styled("[", faint())];
    for piece in frames(&k.data) {
        spans.push(match piece {
            Piece::Header(n) => Span::styled(format!("#{n}"), header_look()),
            Piece::Body(text) => Span::styled(truncate(&text, BODY_MAX).into_owned(), body_look(i)),
        });
    }
    if k.more {
        spans.push(Span::styled("…", dim()));
    }
    spans.push(Span::styled("]", faint()));
    spans
}

/// Boxes packed into rows of `width`; only the last `rows` kept, `…` first
/// when older boxes were left out.
fn packed(boxes: Vec<Vec<Span<'static>>>, width: usize, rows: usize) -> Vec<Vec<Span<'static>>> {
    let mut out: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for b in boxes {
        let w: usize = b.iter().map(|s| str_width(&s.content)).sum();
        if used > 0 && used + w > width {
            out.push(Vec::new());
            used = 0;
        }
        used += w;
        out.last_mut().expect("one row").extend(b);
    }
    if out.len() > rows {
        out.drain(..out.len() - rows);
        out[0].insert(0, Span::styled("…", dim()));
    }
    out
}

/// `  send [a][b]` then `  recv [ab]`, at most `per` rows each.
fn way_rows(c: &Conn, up: bool, width: usize, per: usize) -> Rows {
    let mut rows = Vec::new();
    for (sent, label) in [(true, "send "), (false, "recv ")] {
        let boxes: Vec<_> = c
            .way(up)
            .filter(|k| k.sent == sent)
            .enumerate()
            .map(|(i, k)| chunk_box(k, i))
            .collect();
        if boxes.is_empty() {
            rows.push(Line::from(vec![
                Span::styled(label, dim()),
                Span::styled("—", faint()),
            ]));
            continue;
        }
        for (j, row) in packed(boxes, width.saturating_sub(LABEL_W), per)
            .into_iter()
            .enumerate()
        {
            let head = if j == 0 { label } else { "     " };
            let mut spans = vec![Span::styled(head, dim())];
            spans.extend(row);
            rows.push(Line::from(spans));
        }
    }
    rows
}

fn name_of(e: Option<&End>, actors: &Actors) -> Span<'static> {
    match e {
        Some(e) => Span::styled(e.actor.clone(), bold().fg(actors.color(&e.actor))),
        None => Span::styled("?", dim()),
    }
}

/// `client0 → server (conn 50312>41235)`.
fn way_head(c: &Conn, up: bool, actors: &Actors, lang: Lang) -> Line<'static> {
    let (from, to) = if up {
        (c.client.as_ref(), c.server.as_ref())
    } else {
        (c.server.as_ref(), c.client.as_ref())
    };
    let (open, close) = (tr(lang, " (", "（"), tr(lang, ")", "）"));
    Line::from(vec![
        name_of(from, actors),
        Span::styled(" → ", dim()),
        name_of(to, actors),
        Span::styled(format!("{open}{}{close}", c.id), faint()),
    ])
}

/// `[…] one call · #5 length header: 5 bytes follow`, wrapped.
fn legend(c: &Conn, lang: Lang, width: usize) -> Rows {
    let mut groups = vec![vec![
        Span::styled("[…] ", faint()),
        Span::styled(tr(lang, "one call", "一次调用"), dim()),
    ]];
    let header = c.chunks.iter().find_map(|k| {
        frames(&k.data).into_iter().find_map(|p| match p {
            Piece::Header(n) => Some(n),
            Piece::Body(_) => None,
        })
    });
    if let Some(n) = header {
        let text = match lang {
            Lang::En => format!(" length header: {n} bytes follow"),
            Lang::Zh => format!(" 长度头：后面跟 {n} 字节"),
        };
        groups.push(vec![
            Span::styled(format!("#{n}"), header_look()),
            Span::styled(text, dim()),
        ]);
    }
    if c.dropped > 0 {
        let text = match lang {
            Lang::En => format!("{} older not kept", c.dropped),
            Lang::Zh => format!("更早的 {} 次未保留", c.dropped),
        };
        groups.push(vec![Span::styled(text, faint())]);
    }
    joined(groups, width)
}

/// The connection's bytes, each way that has any (`both`, else the first):
/// a head, the sends, the recvs (`per` rows each at most), and a legend.
pub(crate) fn chunk_rows(c: &Conn, ctx: (&Actors, Lang), width: usize, fit: (usize, bool)) -> Rows {
    let ((actors, lang), (per, both)) = (ctx, fit);
    let mut rows = Vec::new();
    let ways = [true, false]
        .into_iter()
        .filter(|&up| c.way(up).next().is_some());
    for up in ways.take(if both { 2 } else { 1 }) {
        rows.push(way_head(c, up, actors, lang));
        rows.extend(way_rows(c, up, width, per.max(1)));
    }
    if !rows.is_empty() {
        rows.extend(legend(c, lang, width));
    }
    rows
}

/// The connection whose bytes to draw: the one that moved bytes last.
pub(crate) fn focus_conn<'a>(conns: impl Iterator<Item = &'a Conn>) -> Option<&'a Conn> {
    conns
        .filter(|c| !c.chunks.is_empty())
        .max_by_key(|c| c.chunks.back().map_or(0, |k| k.t_us))
}

//! A pipe in the queues panel: `left ⇄ right`, then a row per end with what
//! went in and out, who closed it, and who saw end-of-file there.

use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::actors::Actors;
use super::blocks::{bold, Rows};
use super::para::flow;
use super::theme::{dim, BAD};
use super::width::str_width;
use super::words::tr;
use crate::model::queues::{Pipe, PipeEnd};
use crate::scenario::text::Lang;

/// `label a, b` in the actors' colours, or nothing for nobody.
fn who(label: &'static str, names: &[String], actors: &Actors, style: Style) -> Vec<Span<'static>> {
    if names.is_empty() {
        return Vec::new();
    }
    let mut spans = vec![Span::styled(label, dim())];
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(", ", dim()));
        }
        spans.push(Span::styled(n.clone(), style.fg(actors.color(n))));
    }
    spans
}

/// `left  sent 3  received 0  closed: parent  EOF: child`.
fn end_rows(end: &PipeEnd, pad: usize, actors: &Actors, lang: Lang, width: usize) -> Rows {
    let name = format!("{:<pad$}", end.name);
    let (sent, got) = match lang {
        Lang::En => (
            format!("sent {}", end.sent),
            format!("received {}", end.received),
        ),
        Lang::Zh => (
            format!("发送 {}", end.sent),
            format!("接收 {}", end.received),
        ),
    };
    let mut groups = vec![
        vec![Span::styled(name, bold())],
        vec![Span::raw(sent)],
        vec![Span::raw(got)],
    ];
    let closed = tr(lang, "closed: ", "已关闭：");
    let eof = tr(lang, "EOF: ", "EOF: ");
    let red = bold().fg(BAD);
    let magenta = bold().fg(Color::LightMagenta);
    groups.push(who(closed, &end.closed_by, actors, red));
    groups.push(who(eof, &end.eof_seen_by, actors, magenta));
    groups.retain(|g| !g.is_empty());
    flow(groups, width)
}

/// One pipe's rows.
pub(crate) fn pipe_block(p: &Pipe, actors: &Actors, lang: Lang, width: usize) -> Rows {
    let ends: Vec<&str> = p.ends.iter().map(|e| e.name.as_str()).collect();
    let head = vec![
        vec![Span::styled(p.name.clone(), bold().fg(Color::LightYellow))],
        vec![
            Span::styled(ends.join(" ⇄ "), dim()),
            Span::styled(tr(lang, "  pipe", "  管道"), dim()),
        ],
    ];
    let mut rows = flow(head, width);
    let pad = ends.iter().map(|e| str_width(e)).max().unwrap_or(0);
    for end in &p.ends {
        rows.extend(end_rows(end, pad, actors, lang, width));
    }
    if rows.is_empty() {
        rows.push(Line::default());
    }
    rows
}

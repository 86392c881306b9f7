//! The connections panel's row for each connection (TCP, or UDP datagrams to a
//! port), and the words and looks of connection states (the head's rows
//! are in conn_head.rs).

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::actors::Actors;
use super::blocks::{bold, Rows};
use super::conn_head::blocked_look;
use super::theme::{dim, faint, state_style};
use super::width::{fit_spans, str_width};
use super::words::{tr, Words};
use crate::model::lanes::LaneState;
use crate::model::net::{Conn, ConnState, End, Net, CONN_STATES};
use crate::scenario::text::Lang;

/// Per state (`CONN_STATES` order): its name in the counts, its word on a
/// connection's row, its look.
pub(crate) const STATE_WORDS: [(Words, Words, LaneState); CONN_STATES.len()] = [
    (
        Words::new("connected", "已连接"),
        Words::new("open", "已连接"),
        LaneState::Running,
    ),
    (
        Words::new("backlog", "积压"),
        Words::new("in backlog", "积压中"),
        LaneState::Blocked,
    ),
    (
        Words::new("half-closed", "半关闭"),
        Words::new("half-closed", "半关闭"),
        LaneState::Waiting,
    ),
    (
        Words::new("closed", "已关闭"),
        Words::new("closed", "已关闭"),
        LaneState::Exited,
    ),
    (
        Words::new("reset", "被重置"),
        Words::new("reset", "被重置"),
        LaneState::Killed,
    ),
];

pub(crate) fn state_look(s: ConnState) -> Style {
    state_style(STATE_WORDS[s.index()].2)
}

/// One end: `client0 recv… :50312`, the actor marked when it is blocked.
fn end_spans(end: &End, net: &Net, actors: &Actors, port: u16, short: bool) -> Vec<Span<'static>> {
    let mut spans = vec![Span::styled(
        end.actor.clone(),
        Style::new().fg(actors.color(&end.actor)),
    )];
    if let Some(b) = net.blocked_in(&end.actor).filter(|b| b.sock == end.sock) {
        spans.push(Span::styled(format!(" {}…", b.op), blocked_look()));
    }
    if !short {
        spans.push(Span::styled(format!(" :{port}"), dim()));
    }
    spans
}

/// `client0 :50312 ⇄ conn0 (server) :41235  →12 B ←12 B  open` for each
/// of `conns`; without room for all, the ports and the server's actor go.
pub(crate) fn conn_rows(conns: &[&Conn], ctx: (&Net, &Actors, Lang), width: usize) -> Rows {
    let full: Vec<_> = conns.iter().map(|c| conn_spans(c, ctx, false)).collect();
    let fits = |spans: &Vec<Span<'static>>| {
        spans.iter().map(|s| str_width(&s.content)).sum::<usize>() <= width
    };
    let rows = if full.iter().all(fits) {
        full
    } else {
        conns.iter().map(|c| conn_spans(c, ctx, true)).collect()
    };
    rows.into_iter()
        .map(|spans| Line::from(fit_spans(spans, width)))
        .collect()
}

fn conn_spans(c: &Conn, ctx: (&Net, &Actors, Lang), short: bool) -> Vec<Span<'static>> {
    if c.udp {
        return udp_spans(c, ctx);
    }
    let (net, actors, lang) = ctx;
    let (client_port, server_port) = ports(c);
    let mut spans = match &c.client {
        Some(e) => end_spans(e, net, actors, client_port, short),
        None => vec![Span::styled(format!("?:{client_port}"), dim())],
    };
    spans.push(Span::styled(" ⇄ ", faint()));
    match &c.server {
        Some(e) => {
            spans.push(Span::styled(e.sock.clone(), bold()));
            if !short {
                let owner = Style::new().fg(actors.color(&e.actor));
                spans.push(Span::styled(format!(" ({})", e.actor), owner));
            }
            spans.extend(
                end_spans(e, net, actors, server_port, true)
                    .into_iter()
                    .skip(1),
            );
            if !short {
                spans.push(Span::styled(format!(" :{server_port}"), dim()));
            }
        }
        None => spans.push(Span::styled(format!(":{server_port}"), dim())),
    }
    let (unit, gap) = if short { ("", " ") } else { (" B", "  ") };
    let bytes = format!("{gap}→{}{unit} ←{}{unit}{gap}", c.up, c.down);
    if short && c.up + c.down == 0 {
        spans.push(Span::raw(" "));
    } else {
        spans.push(Span::styled(bytes, dim()));
    }
    let s = c.state();
    spans.push(Span::styled(
        STATE_WORDS[s.index()].1.get(lang),
        state_look(s),
    ));
    spans
}

/// `client0 → u (server) :5000  10 B  UDP datagrams`: who sent to the port.
fn udp_spans(c: &Conn, ctx: (&Net, &Actors, Lang)) -> Vec<Span<'static>> {
    let (_, actors, lang) = ctx;
    let who = |e: &End| Span::styled(e.actor.clone(), Style::new().fg(actors.color(&e.actor)));
    let mut spans: Vec<Span<'static>> = c.client.iter().map(who).collect();
    spans.push(Span::styled(" → ", faint()));
    if let Some(e) = &c.server {
        spans.push(Span::styled(e.sock.clone(), bold()));
        spans.push(Span::styled(
            format!(" ({})", e.actor),
            Style::new().fg(actors.color(&e.actor)),
        ));
    }
    let port = c.server.as_ref().map_or(0, |e| e.local_port);
    let port = c.client.as_ref().map_or(port, |e| e.peer_port);
    spans.push(Span::styled(format!(" :{port}  {} B  ", c.up), dim()));
    spans.push(Span::styled(
        tr(lang, "UDP datagrams", "UDP 数据报"),
        bold(),
    ));
    spans
}

/// The client's and the server's ports, from whichever end told them.
fn ports(c: &Conn) -> (u16, u16) {
    match (&c.client, &c.server) {
        (Some(e), _) => (e.local_port, e.peer_port),
        (None, Some(e)) => (e.peer_port, e.local_port),
        (None, None) => (0, 0),
    }
}

/// `… 390 more`, under a folded list.
pub(crate) fn more_row(hidden: usize, lang: Lang) -> Line<'static> {
    let text = match lang {
        Lang::En => format!("… {hidden} more"),
        Lang::Zh => format!("……还有 {hidden} 个连接"),
    };
    Line::styled(text, dim())
}

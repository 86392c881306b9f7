//! The connections panel's rows about the whole run: counts by state, who
//! is blocked in which call, the latency sparkline, listeners with their
//! backlog, the last error and the last select.

use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::actors::Actors;
use super::blocks::{bold, Rows};
use super::conn_rows::{state_look, STATE_WORDS};
use super::theme::{dim, faint, state_style, BAD, GOOD};
use super::width::{fit_spans, str_width};
use super::words::tr;
use crate::model::lanes::LaneState;
use crate::model::net::{ConnState, Listener, Net, CONN_STATES};
use crate::scenario::text::Lang;

const BARS: [&str; 8] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

fn sep() -> Span<'static> {
    Span::styled(" · ", faint())
}

/// `connected 212 · backlog 30 · closed 158 · refused 0` (half-closed and
/// reset only when some are), wrapped between counts.
pub(crate) fn counts_rows(net: &Net, lang: Lang, width: usize) -> Rows {
    let counts = net.counts();
    let mut groups = Vec::new();
    let group = |label: &'static str, n: u64, look: Style| {
        vec![
            Span::styled(format!("{label} "), dim()),
            Span::styled(n.to_string(), look.patch(bold())),
        ]
    };
    for (s, &n) in CONN_STATES.iter().zip(counts.iter()) {
        let always = matches!(s, ConnState::Open | ConnState::Backlog | ConnState::Closed);
        if n > 0 || always {
            groups.push(group(STATE_WORDS[s.index()].0.get(lang), n, state_look(*s)));
        }
    }
    let refused = net.errors_named("ConnectionRefusedError");
    let look = if refused > 0 {
        Style::new().fg(BAD)
    } else {
        bold()
    };
    groups.push(group(tr(lang, "refused", "被拒绝"), refused, look));
    joined(groups, width)
}

/// Groups `a · b · c`, wrapped between groups.
pub(crate) fn joined(groups: Vec<Vec<Span<'static>>>, width: usize) -> Rows {
    let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for g in groups {
        let w: usize = g.iter().map(|s| str_width(&s.content)).sum();
        let row = rows.last_mut().expect("one row");
        if used > 0 && used + 3 + w <= width {
            row.push(sep());
            used += 3;
        } else if used > 0 {
            rows.push(Vec::new());
            used = 0;
        }
        rows.last_mut().expect("one row").extend(g);
        used += w;
    }
    rows.into_iter()
        .map(|r| Line::from(fit_spans(r, width)))
        .collect()
}

/// `blocked: recv 390 · accept 1`, when anyone is.
pub(crate) fn blocked_row(net: &Net, lang: Lang, width: usize) -> Option<Line<'static>> {
    if net.blocked.is_empty() {
        return None;
    }
    let mut by_op: Vec<(&str, usize)> = Vec::new();
    for b in net.blocked.values() {
        match by_op.iter_mut().find(|(op, _)| *op == b.op) {
            Some((_, n)) => *n += 1,
            None => by_op.push((&b.op, 1)),
        }
    }
    let mut spans = vec![Span::styled(tr(lang, "blocked in: ", "阻塞在："), dim())];
    for (i, (op, n)) in by_op.into_iter().enumerate() {
        if i > 0 {
            spans.push(sep());
        }
        spans.push(Span::styled(format!("{op}… "), blocked_look()));
        spans.push(Span::styled(n.to_string(), bold()));
    }
    Some(Line::from(fit_spans(spans, width)))
}

pub(crate) fn blocked_look() -> Style {
    state_style(LaneState::Blocked).patch(bold())
}

/// `850 µs`, `1.2 ms`, `1.20 s`.
pub(crate) fn duration(us: u64) -> String {
    match us {
        0..=999 => format!("{us} µs"),
        1_000..=999_999 => format!("{:.1} ms", us as f64 / 1e3),
        _ => format!("{:.2} s", us as f64 / 1e6),
    }
}

/// `latency ▁▂▅▇▃ p50 1.2 ms · p99 8.0 ms`: the newest samples as bars,
/// as many as fit, scaled to the p99 (what is slower is a full bar).
pub(crate) fn latency_row(net: &Net, lang: Lang, width: usize) -> Option<Line<'static>> {
    let lat = &net.latency;
    let (p50, p99) = (lat.quantile(0.5)?, lat.quantile(0.99)?);
    let label = tr(lang, "latency ", "延迟 ");
    let tail = format!("p50 {} · p99 {}", duration(p50), duration(p99));
    let room = width.saturating_sub(str_width(label) + str_width(&tail) + 1);
    let cells = room.min(lat.samples().len()).min(48);
    let tail = if cells > 0 { format!(" {tail}") } else { tail };
    let top = p99.max(1);
    let bars: String = lat
        .samples()
        .skip(lat.samples().len() - cells)
        .map(|s| BARS[((s.us * 8).div_ceil(top) as usize).clamp(1, 8) - 1])
        .collect();
    let spans = vec![
        Span::styled(label, dim()),
        Span::styled(bars, Style::new().fg(GOOD)),
        Span::styled(tail, bold()),
    ];
    Some(Line::from(fit_spans(spans, width)))
}

/// `server :41235 backlog ▮▮▯▯▯ 2/5 · accepted 12 · accept… main`, the
/// parts after the fill only where they fit.
pub(crate) fn listener_row(
    l: &Listener,
    ctx: (&Net, &Actors, Lang),
    width: usize,
) -> Line<'static> {
    let (net, actors, lang) = ctx;
    let owner = Style::new().fg(actors.color(&l.owner));
    let mut head = vec![
        Span::styled(l.name.clone(), owner.patch(bold())),
        Span::styled(format!(" :{}", l.port), dim()),
    ];
    if l.proto == "udp" {
        head.push(Span::styled(tr(lang, " UDP bound", " UDP 已绑定"), dim()));
        return Line::from(fit_spans(head, width));
    }
    head.push(Span::styled(tr(lang, " backlog ", " 积压 "), dim()));
    if l.backlog <= 10 {
        let full = l.waiting.min(l.backlog) as usize;
        let gauge = format!(
            "{}{} ",
            "▮".repeat(full),
            "▯".repeat(l.backlog as usize - full)
        );
        head.push(Span::styled(gauge, state_style(LaneState::Blocked)));
    }
    let over = l.waiting >= l.backlog && l.backlog > 0;
    let look = if over { Style::new().fg(BAD) } else { bold() };
    let fill = format!("{}/{}", l.waiting, l.backlog);
    head.push(Span::styled(fill, look.patch(bold())));
    let mut groups = vec![head];
    groups.push(vec![
        Span::styled(tr(lang, "accepted ", "已接受 "), dim()),
        Span::styled(l.accepted.to_string(), bold()),
    ]);
    let waiting: Vec<&str> = net
        .blocked
        .iter()
        .filter(|(_, b)| b.op == "accept" && b.sock == l.name)
        .map(|(a, _)| a.as_str())
        .collect();
    if let Some(first) = waiting.first() {
        let mut g = vec![
            Span::styled("accept… ", blocked_look()),
            Span::styled(first.to_string(), Style::new().fg(actors.color(first))),
        ];
        if waiting.len() > 1 {
            g.push(Span::styled(format!(" +{}", waiting.len() - 1), bold()));
        }
        groups.push(g);
    }
    if l.closed {
        groups.push(vec![Span::styled(tr(lang, "closed", "已关闭"), dim())]);
    }
    one_row(groups, width)
}

/// Groups `a · b · c` on one row: those that do not fit are left out.
fn one_row(groups: Vec<Vec<Span<'static>>>, width: usize) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 0;
    for g in groups {
        let w: usize = g.iter().map(|s| str_width(&s.content)).sum();
        let gap = if used > 0 { 3 } else { 0 };
        if used > 0 && used + gap + w > width {
            continue;
        }
        if used > 0 {
            spans.push(sep());
        }
        spans.extend(g);
        used += gap + w;
    }
    Line::from(fit_spans(spans, width))
}

/// `client9 connect: ConnectionRefusedError (ECONNREFUSED)`, the newest
/// error; without room, `client9: ConnectionRefusedError`.
pub(crate) fn error_row(
    net: &Net,
    actors: &Actors,
    lang: Lang,
    width: usize,
) -> Option<Line<'static>> {
    let e = net.errors.back()?;
    let colon = tr(lang, ": ", "：");
    let (open, close) = (tr(lang, " (", "（"), tr(lang, ")", "）"));
    let who = Span::styled(e.actor.clone(), Style::new().fg(actors.color(&e.actor)));
    let error = Span::styled(e.error.clone(), Style::new().fg(BAD).patch(bold()));
    let full = vec![
        who.clone(),
        Span::styled(format!(" {}{colon}", e.op), dim()),
        error.clone(),
        Span::styled(format!("{open}{}{close}", e.errno), dim()),
    ];
    let w: usize = full.iter().map(|s| str_width(&s.content)).sum();
    let spans = if w <= width {
        full
    } else {
        vec![who, Span::styled(colon, dim()), error]
    };
    Some(Line::from(fit_spans(spans, width)))
}

/// `select → ready: server, conn2 (of 4)`.
pub(crate) fn ready_row(net: &Net, lang: Lang, width: usize) -> Option<Line<'static>> {
    let (how, watched, ready) = net.last_ready.as_ref()?;
    let list = ready.join(tr(lang, ", ", "、"));
    let of = match lang {
        Lang::En => format!(" (of {})", watched.len()),
        Lang::Zh => format!("（共监视 {} 个）", watched.len()),
    };
    let spans = vec![
        Span::styled(format!("{how} → "), dim()),
        Span::styled(tr(lang, "ready: ", "就绪："), dim()),
        Span::styled(list, bold().fg(Color::LightCyan)),
        Span::styled(of, dim()),
    ];
    Some(Line::from(fit_spans(spans, width)))
}

/// The head of the panel: what it must show (counts, listeners), and what
/// it shows with room (who is blocked, latency, the newest error, the last select).
pub(crate) fn head_rows(net: &Net, actors: &Actors, lang: Lang, width: usize) -> (Rows, Rows) {
    let mut must = counts_rows(net, lang, width);
    let ctx = (net, actors, lang);
    must.extend(net.listeners.iter().map(|l| listener_row(l, ctx, width)));
    let mut more = Vec::new();
    more.extend(blocked_row(net, lang, width));
    more.extend(latency_row(net, lang, width));
    more.extend(error_row(net, actors, lang, width));
    more.extend(ready_row(net, lang, width));
    (must, more)
}

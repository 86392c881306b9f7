//! The queues panel: per queue how full it is now and over time (see
//! `queue_gauges`), who is blocked on which side, and which item went from
//! whom to whom; pipes as a few rows each (see `pipe_rows`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::actors::Actors;
use super::blocks::{bold, draw_blocks, names_rows, rows_of, Rows};
use super::para::flow;
use super::pipe_rows::pipe_block;
use super::queue_gauges::full_style;
use super::theme::{dim, faint};
use super::window::Window;
use super::words::{tr, Words};
use crate::model::queues::{item_text, Queue};
use crate::model::Model;
use crate::scenario::plan::QueueOrder;
use crate::scenario::text::Lang;

/// Every queue and pipe of the run, one block each.
pub struct QueuePane<'a> {
    pub model: &'a Model,
    /// The timeline's window: the length sparkline covers the same time.
    pub(crate) window: Window,
    pub lang: Lang,
}

/// Delivery lines a block asks for when the pane has room to spare.
const FLOW_WANTED: usize = 4;
/// Delivery lines a block keeps when short of room, before the paths.
const FLOW_MIN: usize = 3;

fn order_words(order: QueueOrder) -> Words {
    match order {
        QueueOrder::Fifo => Words::new("FIFO", "先进先出"),
        QueueOrder::Lifo => Words::new("LIFO", "后进先出"),
        QueueOrder::Priority => Words::new("priority", "优先级"),
    }
}

impl QueuePane<'_> {
    /// `q  FIFO · processes · joinable`.
    fn head(&self, q: &Queue, width: usize) -> Rows {
        let mut kind = vec![order_words(q.order).get(self.lang)];
        kind.push(if q.between_processes {
            tr(self.lang, "between processes", "进程间")
        } else {
            tr(self.lang, "between threads", "线程间")
        });
        if q.joinable {
            kind.push(tr(self.lang, "joinable", "可 join"));
        }
        let name = vec![Span::styled(q.name.clone(), bold().fg(Color::LightYellow))];
        flow(
            vec![name, vec![Span::styled(kind.join(" · "), dim())]],
            width,
        )
    }

    /// `next out: 3 4 5`: what is in the queue, the next to come out first.
    fn contents(&self, q: &Queue, width: usize) -> Line<'static> {
        let label = tr(self.lang, "next out: ", "下一个取出：");
        let items = q.next_out(width / 2 + 1);
        if items.is_empty() {
            return Line::from(vec![Span::styled(label, dim()), Span::styled("—", faint())]);
        }
        let text: Vec<String> = items.into_iter().map(item_text).collect();
        Line::from(vec![Span::styled(label, dim()), Span::raw(text.join(" "))])
    }

    /// Who is blocked on a full queue (putters) and on an empty one (getters),
    /// two rows each at most.
    fn blocked(&self, q: &Queue, actors: &Actors, width: usize) -> Rows {
        let full: Vec<&str> = q.blocked_full.iter().map(|b| b.actor.as_str()).collect();
        let empty: Vec<&str> = q.blocked_empty.iter().map(|b| b.actor.as_str()).collect();
        let on_full = tr(self.lang, "blocked on full: ", "队满阻塞：");
        let on_empty = tr(self.lang, "blocked on empty: ", "队空阻塞：");
        let mut rows = names_rows(on_full, &full, actors, (width, 2), full_style());
        if q.cap == 0 && full.is_empty() {
            rows.clear(); // an unbounded queue has no full side
        }
        rows.extend(names_rows(on_empty, &empty, actors, (width, 2), bold()));
        rows
    }

    /// `paths: producer0→consumer0 ×4  producer1→consumer0 ×2`.
    fn pairs(&self, q: &Queue, actors: &Actors, width: usize) -> Rows {
        if q.pairs().is_empty() {
            return Vec::new();
        }
        let mut groups = vec![vec![Span::styled(tr(self.lang, "paths:", "路径："), dim())]];
        for p in q.pairs() {
            groups.push(vec![
                Span::styled(p.from.clone(), Style::new().fg(actors.color(&p.from))),
                Span::styled("→", dim()),
                Span::styled(p.to.clone(), Style::new().fg(actors.color(&p.to))),
                Span::styled(format!(" ×{}", p.count), bold()),
            ]);
        }
        flow(groups, width)
    }

    /// The latest `n` deliveries, newest last: `producer0 ─3→ consumer1`.
    fn recent(&self, q: &Queue, actors: &Actors, n: usize) -> Rows {
        let skip = q.recent().len().saturating_sub(n);
        q.recent()
            .skip(skip)
            .map(|d| {
                Line::from(vec![
                    Span::styled(d.from.clone(), Style::new().fg(actors.color(&d.from))),
                    Span::styled(" ─", dim()),
                    Span::styled(item_text(d.item), bold()),
                    Span::styled("→ ", dim()),
                    Span::styled(d.to.clone(), Style::new().fg(actors.color(&d.to))),
                ])
            })
            .collect()
    }

    /// One queue's rows, most telling first: what does not fit is cut from the end.
    fn block(&self, q: &Queue, actors: &Actors, width: usize, flow_rows: usize) -> Rows {
        let mut rows = self.head(q, width);
        rows.push(self.gauge(q, width));
        rows.extend(self.blocked(q, actors, width));
        rows.extend(self.counters(q, width));
        rows.extend(self.asked(q, width));
        rows.push(self.sparkline(q, width));
        rows.push(self.contents(q, width));
        rows.extend(self.recent(q, actors, flow_rows));
        rows.extend(self.pairs(q, actors, width));
        rows
    }

    fn blocks(&self, width: u16, flow_rows: usize) -> Vec<Rows> {
        let actors = Actors::new(self.model);
        let width = usize::from(width.max(1));
        let queues = self.model.queues.iter();
        let mut out: Vec<Rows> = queues
            .map(|q| self.block(q, &actors, width, flow_rows))
            .collect();
        let pipes = self.model.queues.pipes().iter();
        out.extend(pipes.map(|p| pipe_block(p, &actors, self.lang, width)));
        out
    }

    /// Rows the pane needs at `width` to show every block whole, a few
    /// deliveries each, a blank row between.
    pub fn rows_wanted(&self, width: u16) -> u16 {
        rows_of(&self.blocks(width, FLOW_WANTED))
    }
}

impl Widget for &QueuePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        if self.model.queues.is_empty() {
            let text = tr(self.lang, "no queues in this run", "本次运行没有队列");
            buf.set_stringn(area.x, area.y, text, area.width.into(), dim());
            return;
        }
        // The rows left once every block is whole go to the deliveries.
        let bare = usize::from(rows_of(&self.blocks(area.width, 0)));
        let queues = self.model.queues.iter().count().max(1);
        let spare = usize::from(area.height).saturating_sub(bare) / queues;
        // A few deliveries even when short of room: the paths below give way.
        let flow_rows = spare.max(FLOW_MIN);
        draw_blocks(self.blocks(area.width, flow_rows), area, buf, self.lang);
    }
}

//! Queues as the screen knows them: length over time, who is blocked on
//! which side, which item went from whom to whom, folded from queue events.
//! Pipes live beside them (`pipes`), as the same `Queues` holds both; how
//! one event changes a queue is in `fold`.

use crate::model::history::History;
use crate::model::named::Named;
use std::collections::VecDeque;

use crate::scenario::plan::{QueueOrder, QueueSpec, Scope};

mod fold;
mod pipes;

pub use pipes::{Pipe, PipeEnd};

/// A queue's length and capacity as an event tells them (`cap` 0: unbounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fill {
    pub len: u32,
    pub cap: u32,
}

impl Fill {
    pub fn new(len: u32, cap: u32) -> Fill {
        Fill { len, cap }
    }
}

/// An item as Python prints it.
pub fn item_text(item: Option<i64>) -> String {
    item.map_or_else(|| "None".to_string(), |v| v.to_string())
}

/// The length from `t_us` on; `peak` is the most it was until the next point
/// (more than `len` once older points were merged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LenPoint {
    pub t_us: u64,
    pub len: u32,
    pub peak: u32,
}

/// An item that went `from` a producer `to` a consumer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub t_us: u64,
    pub from: String,
    pub to: String,
    pub item: Option<i64>,
}

/// How many items went from one producer to one consumer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub from: String,
    pub to: String,
    pub count: u64,
}

/// An item in the queue now, as far as the events tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub t_us: u64,
    pub from: String,
    pub item: Option<i64>,
}

/// An actor blocked on a queue, since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    pub actor: String,
    pub since_us: u64,
}

/// The last answer to one question (qsize, empty, full), and the true length then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub actor: String,
    pub question: String,
    pub answer: String,
    pub len: u32,
}

/// What a queue did over the whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueTotals {
    pub put: u64,
    pub got: u64,
    /// Puts that raised queue.Full: their items are lost.
    pub lost: u64,
    /// Gets that raised queue.Empty.
    pub empty_raised: u64,
    /// Waits begun on each side.
    pub waits_full: u64,
    pub waits_empty: u64,
}

/// One queue.
#[derive(Debug, Clone)]
pub struct Queue {
    pub name: String,
    pub order: QueueOrder,
    /// Most items it holds; 0 is unbounded.
    pub cap: u32,
    pub between_processes: bool,
    pub joinable: bool,
    /// The length as the latest event (by time) tells it.
    pub len: u32,
    len_us: u64,
    pub peak: u32,
    pub totals: QueueTotals,
    /// In arrival order: the first to block first.
    pub blocked_full: Vec<Blocked>,
    pub blocked_empty: Vec<Blocked>,
    /// Joinable queues: items put but not yet marked done.
    pub unfinished: u32,
    unfinished_us: u64,
    /// Who saw join() return.
    pub joined_by: Vec<String>,
    /// The last answer to each question asked.
    pub asked: Vec<Asked>,
    /// The latest items lost to queue.Full, with who put them.
    pub lost_items: VecDeque<(String, Option<i64>)>,
    history: History<LenPoint>,
    recent: VecDeque<Delivery>,
    pairs: History<Pair>,
    held: Vec<Held>,
    early: Vec<(String, Option<i64>)>,
    /// Items in the queue beyond `HELD_MAX`, counted only.
    untracked: u32,
}

impl Queue {
    fn new(name: &str) -> Queue {
        Queue {
            name: name.to_string(),
            order: QueueOrder::Fifo,
            cap: 0,
            between_processes: false,
            joinable: false,
            len: 0,
            len_us: 0,
            peak: 0,
            totals: QueueTotals::default(),
            blocked_full: Vec::new(),
            blocked_empty: Vec::new(),
            unfinished: 0,
            unfinished_us: 0,
            joined_by: Vec::new(),
            asked: Vec::new(),
            lost_items: VecDeque::new(),
            history: History::default(),
            recent: VecDeque::new(),
            pairs: History::default(),
            held: Vec::new(),
            early: Vec::new(),
            untracked: 0,
        }
    }

    /// Full now (an unbounded queue never is).
    pub fn is_full(&self) -> bool {
        self.cap > 0 && self.len >= self.cap
    }

    /// The length over time, in time order.
    pub fn history(&self) -> &History<LenPoint> {
        &self.history
    }

    /// The latest deliveries, oldest first.
    pub fn recent(&self) -> impl DoubleEndedIterator<Item = &Delivery> + ExactSizeIterator {
        self.recent.iter()
    }

    /// Items per (producer, consumer), in the order the pairs first met.
    pub fn pairs(&self) -> &History<Pair> {
        &self.pairs
    }

    /// The items in the queue in the order they will come out (FIFO: oldest
    /// first, LIFO: newest first, priority: smallest first), at most `n`.
    pub fn next_out(&self, n: usize) -> Vec<Option<i64>> {
        let items = self.held.iter().map(|h| h.item);
        match self.order {
            QueueOrder::Fifo => items.take(n).collect(),
            QueueOrder::Lifo => items.rev().take(n).collect(),
            QueueOrder::Priority => {
                let mut all: Vec<Option<i64>> = items.collect();
                all.sort_unstable();
                all.truncate(n);
                all
            }
        }
    }

    /// The most the length was during `[t0, t1)`: a binary search to `t0`,
    /// then at most a few points, so a long history costs nothing extra.
    pub fn max_len_in(&self, t0: u64, t1: u64) -> u32 {
        let h = &self.history;
        let i = h.partition_point(|p| p.t_us <= t0);
        let before = i.checked_sub(1).map_or(0, |j| h[j].peak);
        h.iter_from(i)
            .take_while(|p| p.t_us < t1)
            .take(32)
            .fold(before, |m, p| m.max(p.peak))
    }
}

/// Every queue and pipe of the run, in the order declared or first seen.
#[derive(Debug, Clone, Default)]
pub struct Queues {
    list: Named<Queue>,
    pub(super) pipes: Vec<Pipe>,
}

impl Queues {
    /// Take the queues from the scenario, so the panel is right from the start.
    pub fn declare(&mut self, specs: &[QueueSpec]) {
        for s in specs {
            let q = self.queue(&s.name);
            (q.order, q.cap, q.joinable) = (s.order, s.cap, s.joinable);
            q.between_processes = s.scope == Scope::Processes;
        }
    }

    fn queue(&mut self, name: &str) -> &mut Queue {
        self.list.entry(name, || Queue::new(name))
    }

    pub fn iter(&self) -> impl Iterator<Item = &Queue> {
        self.list.iter()
    }

    pub fn get(&self, name: &str) -> Option<&Queue> {
        self.list.get(name)
    }

    /// The pipes, in the order declared or first seen.
    pub fn pipes(&self) -> &[Pipe] {
        &self.pipes
    }

    /// True when the run has no queue and no pipe.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.pipes.is_empty()
    }
}

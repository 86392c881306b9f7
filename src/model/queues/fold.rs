//! How one event changes a queue: its length history, who is blocked, the
//! items in it, and who delivered what to whom.

use super::{Asked, Blocked, Delivery, Fill, Held, LenPoint, Pair, Queue, Queues};
use crate::event::QueueSide;

/// Length changes kept before the older half is merged pairwise: old history
/// grows coarse, recent history stays exact, memory stays bounded.
const HISTORY_MAX: usize = 1024;
/// Recent deliveries kept for the flow lines.
const RECENT_MAX: usize = 64;
/// Items tracked as being in a queue (an unbounded one may hold many).
const HELD_MAX: usize = 1024;
/// Gets told before their put (another process's socket was faster), kept to match.
const EARLY_MAX: usize = 64;
/// Items lost to queue.Full that are remembered by value.
const LOST_MAX: usize = 16;

impl Queue {
    /// A length told at `t_us`: the newest by time is the length now; the
    /// point goes where its time says, however late it came.
    pub(super) fn note_len(&mut self, t_us: u64, Fill { len, cap }: Fill) {
        self.peak = self.peak.max(len);
        if t_us >= self.len_us {
            (self.len, self.len_us, self.cap) = (len, t_us, cap);
        }
        let h = &mut self.history;
        let i = h.partition_point(|p| p.t_us <= t_us);
        // Equal lengths are kept apart: a late event may yet land between them.
        if let Some(p) = i.checked_sub(1).and_then(|j| h.get_mut(j)) {
            if p.t_us == t_us {
                (p.len, p.peak) = (len, p.peak.max(len));
                return;
            }
        }
        h.insert(
            i,
            LenPoint {
                t_us,
                len,
                peak: len,
            },
        );
        if h.len() > HISTORY_MAX {
            let half = h.len() / 2;
            let older: Vec<LenPoint> = h.iter().take(half).copied().collect();
            let merged = older.chunks(2).map(|c| LenPoint {
                t_us: c[0].t_us,
                len: c[c.len() - 1].len,
                peak: c.iter().map(|p| p.peak).max().unwrap_or(0),
            });
            *h = merged.chain(h.iter_from(half).copied()).collect();
        }
    }

    /// The actor's wait, if any, is over; true when it was blocked.
    pub(super) fn unblock(&mut self, actor: &str) -> bool {
        let before = self.blocked_full.len() + self.blocked_empty.len();
        self.blocked_full.retain(|b| b.actor != actor);
        self.blocked_empty.retain(|b| b.actor != actor);
        before != self.blocked_full.len() + self.blocked_empty.len()
    }

    pub(super) fn block(&mut self, t_us: u64, actor: &str, side: QueueSide) {
        self.unblock(actor);
        let (line, count) = match side {
            QueueSide::Full => (&mut self.blocked_full, &mut self.totals.waits_full),
            QueueSide::Empty => (&mut self.blocked_empty, &mut self.totals.waits_empty),
        };
        *count += 1;
        line.push(Blocked {
            actor: actor.to_string(),
            since_us: t_us,
        });
    }

    /// The item is in: held in time order, unless its get was told first.
    pub(super) fn hold(&mut self, t_us: u64, from: &str, item: Option<i64>) {
        if let Some(i) = self.early.iter().position(|(f, x)| f == from && *x == item) {
            self.early.remove(i);
        } else if self.held.len() >= HELD_MAX {
            self.untracked += 1;
        } else {
            let i = self.held.partition_point(|h| h.t_us <= t_us);
            let from = from.to_string();
            self.held.insert(i, Held { t_us, from, item });
        }
    }

    /// The item is out: the matching held one goes, or, not put yet, it waits for its put.
    pub(super) fn release(&mut self, from: &str, item: Option<i64>) {
        if let Some(i) = self
            .held
            .iter()
            .position(|h| h.from == from && h.item == item)
        {
            self.held.remove(i);
        } else if self.untracked > 0 {
            self.untracked -= 1;
        } else {
            if self.early.len() >= EARLY_MAX {
                self.early.remove(0);
            }
            self.early.push((from.to_string(), item));
        }
    }

    pub(super) fn deliver(&mut self, d: Delivery) {
        let met = self
            .pairs
            .iter()
            .position(|p| p.from == d.from && p.to == d.to);
        match met.and_then(|i| self.pairs.get_mut(i)) {
            Some(p) => p.count += 1,
            None => self.pairs.push(Pair {
                from: d.from.clone(),
                to: d.to.clone(),
                count: 1,
            }),
        }
        let i = self.recent.partition_point(|r| r.t_us <= d.t_us);
        self.recent.insert(i, d);
        if self.recent.len() > RECENT_MAX {
            self.recent.pop_front();
        }
    }
}

/// The events, one method each; those that can end a wait say so.
impl Queues {
    /// `queue_put`; true when it ends the putter's wait.
    pub fn put(
        &mut self,
        t_us: u64,
        actor: &str,
        name: &str,
        item: Option<i64>,
        fill: Fill,
    ) -> bool {
        let q = self.queue(name);
        q.totals.put += 1;
        if q.joinable && t_us > q.unfinished_us {
            q.unfinished += 1;
        }
        q.note_len(t_us, fill);
        q.hold(t_us, actor, item);
        q.unblock(actor)
    }

    /// `queue_get` of an item `from` its producer; true when it ends the getter's wait.
    pub fn got(
        &mut self,
        t_us: u64,
        actor: &str,
        name: &str,
        from: &str,
        item: Option<i64>,
        fill: Fill,
    ) -> bool {
        let q = self.queue(name);
        q.totals.got += 1;
        q.note_len(t_us, fill);
        q.release(from, item);
        let (from, to) = (from.to_string(), actor.to_string());
        q.deliver(Delivery {
            t_us,
            from,
            to,
            item,
        });
        q.unblock(actor)
    }

    /// `queue_wait`: the actor is blocked on `side` until its next event here.
    pub fn wait(&mut self, t_us: u64, actor: &str, name: &str, side: QueueSide, fill: Fill) {
        let q = self.queue(name);
        q.note_len(t_us, fill);
        q.block(t_us, actor, side);
    }

    /// `queue_full`: the item is lost; true when it ends the putter's wait (a timeout).
    pub fn full(&mut self, actor: &str, name: &str, item: Option<i64>) -> bool {
        let q = self.queue(name);
        q.totals.lost += 1;
        if q.lost_items.len() >= LOST_MAX {
            q.lost_items.pop_front();
        }
        q.lost_items.push_back((actor.to_string(), item));
        q.unblock(actor)
    }

    /// `queue_empty`: queue.Empty raised; true when it ends the getter's wait.
    pub fn empty(&mut self, actor: &str, name: &str) -> bool {
        let q = self.queue(name);
        q.totals.empty_raised += 1;
        q.unblock(actor)
    }

    /// `queue_asked`: keep the latest answer to each question.
    pub fn asked(&mut self, actor: &str, name: &str, question: &str, answer: &str, len: u32) {
        let a = Asked {
            actor: actor.to_string(),
            question: question.to_string(),
            answer: answer.to_string(),
            len,
        };
        let q = self.queue(name);
        match q.asked.iter_mut().find(|x| x.question == question) {
            Some(old) => *old = a,
            None => q.asked.push(a),
        }
    }

    /// `task_done`: the count of unfinished items, as the queue tells it.
    pub fn task_done(&mut self, t_us: u64, name: &str, unfinished: u32) {
        let q = self.queue(name);
        q.joinable = true;
        if t_us >= q.unfinished_us {
            (q.unfinished, q.unfinished_us) = (unfinished, t_us);
        }
    }

    /// `queue_joined`: join() returned for `actor`.
    pub fn joined(&mut self, actor: &str, name: &str) {
        let q = self.queue(name);
        q.joinable = true;
        if !q.joined_by.iter().any(|a| a == actor) {
            q.joined_by.push(actor.to_string());
        }
    }

    /// The actor ended: it waits on no queue any more.
    pub fn actor_gone(&mut self, actor: &str) {
        for q in self.list.iter_mut() {
            q.unblock(actor);
        }
    }
}

//! Checks that compare, as the events arrive: the number each measures so far
//! (a value's last write, a count, the most holders of a lock at once) and,
//! at the end, whether it compares as promised.

use std::collections::HashMap;

use crate::event::{Event, EventKind};
use crate::scenario::check_compare::{Bound, Cmp, Compare, Measure};
use crate::scenario::plan::CheckSpec;
use crate::scenario::text::Lang;

use super::checks::{actor_matches, matches, Verdict};

/// What a compare check has seen so far.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// The number measured: a value's last write, a count, the most holders.
    pub measured: Option<i64>,
    /// The last write of every shared value (for a bound naming a value).
    values: HashMap<String, i64>,
    /// Each actor's hold count of the lock (max_holders).
    holding: HashMap<String, u32>,
    /// The server ends open now (max_open): conn -> (pid, socket name).
    open: HashMap<String, (i32, String)>,
    /// An order check: the `before` event has happened.
    before_seen: bool,
}

impl Tally {
    /// A count and a holder count start at 0; a value has none until written.
    pub fn new(cmp: &Compare) -> Tally {
        let zero = matches!(
            cmp,
            Compare::Measure {
                measure: Measure::Count(_) | Measure::MaxHolders(_) | Measure::MaxOpen(_),
                ..
            }
        );
        Tally {
            measured: zero.then_some(0),
            ..Tally::default()
        }
    }

    /// Fold one event; `Some(Failed)` when the check can no longer hold.
    pub fn apply(&mut self, spec: &CheckSpec, cmp: &Compare, e: &Event) -> Option<Verdict> {
        if let EventKind::Value { name, value } = &e.kind {
            if let Some(v) = value.as_i64() {
                self.values.insert(name.clone(), v);
            }
        }
        match cmp {
            Compare::Order { before, after } => {
                self.before_seen |= matches(before, e);
                (matches(after, e) && !self.before_seen).then_some(Verdict::Failed)
            }
            Compare::Measure { measure, cmp } => {
                self.measure(spec, measure, e);
                // A count or a holder count only grows: past an upper bound it has failed.
                let grows = !matches!(measure, Measure::Value(_));
                let over = match cmp {
                    Cmp::AtMost(b) | Cmp::Between(_, b) => self.bound(b).zip(self.measured),
                    _ => None,
                };
                (grows && over.is_some_and(|(hi, got)| got > hi)).then_some(Verdict::Failed)
            }
        }
    }

    fn measure(&mut self, spec: &CheckSpec, measure: &Measure, e: &Event) {
        match measure {
            Measure::Value(name) => {
                let who = spec
                    .actor
                    .as_deref()
                    .is_none_or(|p| actor_matches(p, &e.actor));
                if let EventKind::Value { name: n, value } = &e.kind {
                    if n == name && who {
                        self.measured = value.as_i64();
                    }
                }
            }
            Measure::Count(m) => {
                if matches(m, e) {
                    self.measured = Some(self.measured.unwrap_or(0) + 1);
                }
            }
            Measure::MaxHolders(lock) => self.holders(lock, e),
            Measure::MaxOpen(listener) => self.open_ends(listener, e),
        }
    }

    /// Track the connections accepted from `listener` until the accepting
    /// process closes its end, and keep the most open at once. The client's
    /// close does not count: the server still holds its end (and serves it).
    fn open_ends(&mut self, listener: &str, e: &Event) {
        match &e.kind {
            EventKind::SockConnected {
                sock,
                conn,
                side,
                listener: Some(l),
                ..
            } if side == "server" && l == listener => {
                self.open.insert(conn.clone(), (e.pid, sock.clone()));
                let now = i64::try_from(self.open.len()).unwrap_or(i64::MAX);
                self.measured = Some(self.measured.unwrap_or(0).max(now));
            }
            EventKind::SockClosed { sock, conn, how } if how == "close" => {
                let key = match conn {
                    Some(c) if self.open.get(c).is_some_and(|o| o.0 == e.pid) => Some(c.clone()),
                    Some(_) => None,
                    None => self
                        .open
                        .iter()
                        .find(|(_, o)| o.0 == e.pid && &o.1 == sock)
                        .map(|(c, _)| c.clone()),
                };
                if let Some(k) = key {
                    self.open.remove(&k);
                }
            }
            _ => {}
        }
    }

    /// Track who holds `lock` and keep the most at once.
    fn holders(&mut self, lock: &str, e: &Event) {
        let held = match &e.kind {
            EventKind::LockAcquired { lock: l, .. } if l == lock => {
                *self.holding.entry(e.actor.clone()).or_default() += 1;
                true
            }
            EventKind::LockReleased { lock: l, .. } if l == lock => {
                if let Some(n) = self.holding.get_mut(&e.actor) {
                    *n = n.saturating_sub(1);
                }
                false
            }
            _ => return,
        };
        if held {
            let now = self.holding.values().filter(|n| **n > 0).count();
            let now = i64::try_from(now).unwrap_or(i64::MAX);
            self.measured = Some(self.measured.unwrap_or(0).max(now));
        }
    }

    /// A bound's number now: itself, or the named value's last write.
    fn bound(&self, b: &Bound) -> Option<i64> {
        match b {
            Bound::Num(n) => Some(*n),
            Bound::Value(name) => self.values.get(name).copied(),
        }
    }

    /// The verdict at the end of the run.
    pub fn settle(&self, cmp: &Compare) -> Verdict {
        let Compare::Measure { cmp, .. } = cmp else {
            return Verdict::Passed; // no `after` came before its `before`
        };
        let holds = self.holds(cmp);
        if holds == Some(true) {
            Verdict::Passed
        } else {
            Verdict::Failed
        }
    }

    /// Whether the measure compares as promised; None while a side is unknown.
    pub fn holds(&self, cmp: &Cmp) -> Option<bool> {
        let got = self.measured?;
        Some(match cmp {
            Cmp::Equals(b) => got == self.bound(b)?,
            Cmp::AtMost(b) => got <= self.bound(b)?,
            Cmp::AtLeast(b) => got >= self.bound(b)?,
            Cmp::Between(lo, hi) => (self.bound(lo)?..=self.bound(hi)?).contains(&got),
        })
    }

    /// A bound as written, with a value's number when known: `total (80)`.
    pub fn bound_text(&self, b: &Bound) -> String {
        match b {
            Bound::Num(n) => n.to_string(),
            Bound::Value(name) => match self.values.get(name) {
                Some(v) => format!("{name} ({v})"),
                None => name.clone(),
            },
        }
    }
}

/// The check's number as the checklist shows it: `n = 0 (== 0)` while it
/// holds or is pending, `n = 7, expected == 0` once it failed.
pub fn reading(tally: &Tally, cmp: &Compare, verdict: Verdict, lang: Lang) -> Option<String> {
    let Compare::Measure { measure, cmp } = cmp else {
        return None;
    };
    let zh = lang == Lang::Zh;
    let what = match (measure, zh) {
        (Measure::Value(name), _) => name.clone(),
        (Measure::Count(_), false) => "count".into(),
        (Measure::Count(_), true) => "次数".into(),
        (Measure::MaxHolders(l), false) => format!("most holding {l}"),
        (Measure::MaxHolders(l), true) => format!("{l} 同时持有者最多"),
        (Measure::MaxOpen(s), false) => format!("most served at once on {s}"),
        (Measure::MaxOpen(s), true) => format!("{s} 同时服务的连接最多"),
    };
    let got = tally.measured.map_or("?".into(), |v| v.to_string());
    let want = match cmp {
        Cmp::Equals(b) => format!("== {}", tally.bound_text(b)),
        Cmp::AtMost(b) => format!("<= {}", tally.bound_text(b)),
        Cmp::AtLeast(b) => format!(">= {}", tally.bound_text(b)),
        Cmp::Between(lo, hi) if zh => {
            format!("{} 到 {} 之间", tally.bound_text(lo), tally.bound_text(hi))
        }
        Cmp::Between(lo, hi) => {
            format!(
                "between {} and {}",
                tally.bound_text(lo),
                tally.bound_text(hi)
            )
        }
    };
    Some(match (verdict, zh) {
        (Verdict::Failed, false) => format!("{what} = {got}, expected {want}"),
        (Verdict::Failed, true) => format!("{what} = {got}，应为 {want}"),
        (_, false) => format!("{what} = {got} ({want})"),
        (_, true) => format!("{what} = {got}（{want}）"),
    })
}

#[cfg(test)]
#[path = "check_compare_tests.rs"]
mod tests;

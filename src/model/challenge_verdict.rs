//! A challenge judged on a whole run, as the explorer needs it: the verdict
//! once the run is over (or was cut short at a deadlock), the numbers the
//! goal measured, and a key of everything the verdict still depends on, so
//! that two choice points with equal state and equal key share a future.

use super::{Lost, Play, Status};
use crate::event::Event;
use crate::model::checks::matches;
use crate::scenario::check_compare::{Compare, Measure};
use crate::scenario::text::Lang;

impl Play {
    /// Keep, per order condition, whether its `before` event has come.
    pub(super) fn note_order(&mut self, e: &Event) {
        for (i, c) in self.win.items.iter().enumerate() {
            if let Some(Compare::Order { before, .. }) = c.spec.compare.as_deref() {
                self.before_seen[i] |= matches(before, e);
            }
        }
    }

    /// The run is over (it ended, or the explorer cut it short): decide a
    /// challenge still being played, as the run's end would.
    pub fn finish(&mut self) {
        if !self.is_over() {
            self.status = self.judge_final(Lost::RunEnded);
        }
    }

    /// Won, once the play is over.
    pub fn won(&self) -> bool {
        self.status == Status::Won
    }

    /// What the verdict still depends on besides the run's state: where the
    /// play stands, the steps used, and each condition's verdict, number and
    /// order so far. Equal keys at equal state judge every future alike.
    pub fn progress_key(&self) -> String {
        let mut key = format!("{:?} {}", self.status, self.steps());
        for (i, c) in self.win.items.iter().enumerate() {
            let measured = c.tally.as_ref().and_then(|t| t.measured);
            key.push_str(&format!(
                "|{:?} {measured:?} {}",
                c.verdict, self.before_seen[i]
            ));
        }
        key
    }

    /// The numbers the goal measures (most holders, most served at once), as
    /// `3 hold rooms at once`, each with a short machine form
    /// `most holding rooms=3` for an outcome's key.
    pub fn readings(&self, lang: Lang) -> Vec<(String, String)> {
        self.win
            .items
            .iter()
            .filter_map(|c| {
                let Some(Compare::Measure { measure, .. }) = c.spec.compare.as_deref() else {
                    return None;
                };
                let got = c.tally.as_ref()?.measured?;
                let (key, en, zh) = match measure {
                    // A final value is in the run's outcome already, and a
                    // bare count reads as nothing without its event.
                    Measure::Value(_) | Measure::Count(_) => return None,
                    Measure::MaxHolders(l) => (
                        format!("most holding {l}"),
                        match got {
                            1 => format!("1 holds {l} at once"),
                            n => format!("{n} hold {l} at once"),
                        },
                        format!("最多 {got} 个同时持有 {l}"),
                    ),
                    Measure::MaxOpen(s) => (
                        format!("most open {s}"),
                        format!("{got} served at once on {s}"),
                        format!("{s} 最多同时服务 {got} 个连接"),
                    ),
                };
                let said = match lang {
                    Lang::En => en,
                    Lang::Zh => zh,
                };
                Some((format!("{key}={got}"), said))
            })
            .collect()
    }

    /// Lost because the budget ran out (the run went on past it).
    pub fn over_budget(&self) -> bool {
        self.status == Status::Lost(Lost::Budget)
    }
}

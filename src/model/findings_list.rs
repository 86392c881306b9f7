//! The findings as short lines in both languages, worst first.

use super::findings::{ActorFacts, Findings, Wait, WaitOn};
use super::findings_words::{dur, line_en, line_zh, wait_words};
use crate::event::{Outcome, QueueSide};
use crate::scenario::text::Text;

/// How much a finding matters: its mark on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Something went wrong: a deadlock, an exception, a hang.
    Bad,
    /// Worth a look: a zombie, an orphan, a busy lock.
    Warn,
    /// What happened: counts and exit codes.
    Info,
}

/// One thing a teacher would point at.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub level: Level,
    pub text: Text,
    /// The learner's line it is about, when the events told it.
    pub line: Option<u32>,
}

pub(super) fn finding(level: Level, line: Option<u32>, en: String, zh: String) -> Finding {
    let (en, zh) = match line {
        Some(n) => (format!("{}{en}", line_en(n)), format!("{}{zh}", line_zh(n))),
        None => (en, zh),
    };
    Finding {
        level,
        text: Text { en, zh },
        line,
    }
}

/// A wait shorter than this is not worth a line while the run goes on.
const LIVE_WAIT_US: u64 = 1_000_000;

impl Findings {
    /// Every finding so far, worst first (stable within a level).
    pub fn list(&self) -> Vec<Finding> {
        self.list_at(0)
    }

    /// The findings with the clock at `clock_us` (the screen's estimate of
    /// the host's now, or its time cursor): waits and holds grow with it.
    pub fn list_at(&self, clock_us: u64) -> Vec<Finding> {
        let now = self.now_us(clock_us);
        let mut out = Vec::new();
        self.deadlock_lines(&mut out);
        self.error_lines(&mut out);
        self.wait_lines(&mut out, now);
        self.queue_lines(&mut out);
        self.ending_lines(&mut out);
        self.zombie_lines(&mut out, now);
        self.lock_lines(&mut out, now);
        self.count_lines(&mut out);
        out.sort_by_key(|f| f.level);
        out
    }

    pub(super) fn ended(&self) -> bool {
        self.end.is_some()
    }

    fn in_deadlock(&self, who: &str) -> bool {
        self.deadlocks
            .iter()
            .any(|(c, _)| c.iter().step_by(2).any(|a| a == who))
    }

    fn deadlock_lines(&self, out: &mut Vec<Finding>) {
        for (cycle, line) in &self.deadlocks {
            let n = cycle.len();
            let (mut en, mut zh) = (Vec::new(), Vec::new());
            for i in (0..n.saturating_sub(1)).step_by(2) {
                let (who, lock, holder) = (&cycle[i], &cycle[i + 1], &cycle[(i + 2) % n]);
                en.push(format!("{who} waits for {lock} ({holder}'s)"));
                zh.push(format!("{who} 等 {holder} 持有的 {lock}"));
            }
            let line = *line;
            let en = format!("deadlock: {}", en.join(", "));
            let zh = format!("死锁：{}", zh.join("，"));
            out.push(finding(Level::Bad, line, en, zh));
        }
    }

    fn error_lines(&self, out: &mut Vec<Finding>) {
        for a in &self.actors {
            let Some(err) = &a.error else { continue };
            let uncaught = a
                .end
                .as_ref()
                .is_some_and(|e| e.cause.is_some() || e.code.is_some_and(|c| c != 0));
            let (en, zh) = if uncaught {
                (
                    format!("{} died of an uncaught {err}", a.name),
                    format!("{} 因未捕获的异常结束：{err}", a.name),
                )
            } else {
                (format!("{}: {err}", a.name), format!("{}：{err}", a.name))
            };
            // The raise is no event: its line is the traceback's, else
            // where the actor was last seen, said so.
            let (en, zh) = match (a.raised_at, a.line) {
                (Some(_), _) | (None, None) => (en, zh),
                (None, Some(n)) => (
                    format!("{en} (its last step seen: line {n})"),
                    format!("{zh}（最后看到它在第 {n} 行）"),
                ),
            };
            out.push(finding(Level::Bad, a.raised_at, en, zh));
        }
    }

    /// A run stopped by its time limit or a safety limit.
    fn ending_lines(&self, out: &mut Vec<Finding>) {
        let Some((outcome, reason, _)) = &self.end else {
            return;
        };
        let (en, zh) = match outcome {
            Outcome::TimedOut => (
                "stopped by the time limit: the program did not end by itself".to_string(),
                "被时间限制停下：程序没有自己结束".to_string(),
            ),
            Outcome::Limit => {
                let why = self.limit.clone().or(reason.clone()).unwrap_or_default();
                (
                    format!("stopped by a safety limit: {why}"),
                    format!("被安全上限停下：{why}"),
                )
            }
            _ => return,
        };
        out.push(finding(Level::Bad, None, en, zh));
    }

    /// Who is (or was, at the end) still waiting, and where.
    fn wait_lines(&self, out: &mut Vec<Finding>, now: u64) {
        for a in &self.actors {
            let Some(w) = &a.wait else { continue };
            let killed = a.end.as_ref().is_some_and(|e| e.signal.is_some());
            let sentinel = match &w.on {
                WaitOn::Queue(q, QueueSide::Empty) => self.sentinel_getter(q).is_some(),
                _ => false,
            };
            if (a.end.is_some() && !killed) || self.in_deadlock(&a.name) || sentinel {
                continue;
            }
            let waited = now.saturating_sub(w.since_us);
            if !self.ended() && waited < LIVE_WAIT_US {
                continue;
            }
            out.push(self.wait_finding(a, w, waited));
        }
    }

    fn wait_finding(&self, a: &ActorFacts, w: &Wait, waited: u64) -> Finding {
        let holder = match &w.on {
            WaitOn::Lock(l) => self.locks.get(l).and_then(|f| {
                let mut h: Vec<_> = f.holders.keys().cloned().collect();
                h.sort();
                h.first().cloned()
            }),
            _ => None,
        };
        let (what_en, what_zh) = wait_words(&w.on, holder.as_deref());
        let d = dur(waited);
        if self.ended() {
            let en = format!("{} was still waiting {what_en} when the run ended", a.name);
            let zh = format!("运行结束时 {} 还在等{what_zh}", a.name);
            finding(Level::Bad, w.line, en, zh)
        } else {
            let en = format!("{} has been waiting {what_en} for {d}", a.name);
            let zh = format!("{} 等{what_zh}已经 {d}", a.name);
            finding(Level::Warn, w.line, en, zh)
        }
    }
}

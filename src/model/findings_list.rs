//! The findings as short lines in both languages, worst first.

use super::findings::{ActorFacts, Findings, Wait, WaitOn};
use super::findings_words::{dur, end_words, line_en, line_zh, names, wait_words};
use crate::event::{ActorKind, Outcome, QueueSide};
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

fn finding(level: Level, line: Option<u32>, en: String, zh: String) -> Finding {
    let (en, zh) = match line {
        Some(n) => (
            format!("{en} {}", line_en(n)),
            format!("{zh}{}", line_zh(n)),
        ),
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
        let mut out = Vec::new();
        self.deadlock_lines(&mut out);
        self.error_lines(&mut out);
        self.ending_lines(&mut out);
        self.wait_lines(&mut out);
        self.queue_lines(&mut out);
        self.zombie_lines(&mut out);
        self.lock_lines(&mut out);
        self.count_lines(&mut out);
        out.sort_by_key(|f| f.level);
        out
    }

    fn ended(&self) -> bool {
        self.end.is_some()
    }

    fn in_deadlock(&self, who: &str) -> bool {
        self.deadlocks
            .iter()
            .any(|c| c.iter().step_by(2).any(|a| a == who))
    }

    fn deadlock_lines(&self, out: &mut Vec<Finding>) {
        for cycle in &self.deadlocks {
            let first = cycle.first().cloned().unwrap_or_default();
            let ring = format!("{} → {first}", cycle.join(" → "));
            let line = self.actor(&first).and_then(|a| a.line);
            let en = format!("deadlock: {ring}, each waits for a lock the next holds");
            let zh = format!("死锁：{ring}，每个都在等下一个持有的锁");
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
            out.push(finding(Level::Bad, a.line, en, zh));
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
    fn wait_lines(&self, out: &mut Vec<Finding>) {
        let now = self.now_us();
        for a in &self.actors {
            let Some(w) = &a.wait else { continue };
            let killed = a.end.as_ref().is_some_and(|e| e.signal.is_some());
            if (a.end.is_some() && !killed) || self.in_deadlock(&a.name) {
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

    /// At the end: queues left with items, and a getter on an empty queue
    /// that nobody alive puts into (the missing sentinel).
    fn queue_lines(&self, out: &mut Vec<Finding>) {
        if !self.ended() {
            return;
        }
        for (name, q) in &self.queues {
            if q.len > 0 {
                let en = format!("queue {name} was left with {} item(s) nobody took", q.len);
                let zh = format!("队列 {name} 结束时还剩 {} 个元素没人取", q.len);
                out.push(finding(Level::Warn, None, en, zh));
            }
            let getter = self.actors.iter().find(|a| {
                a.end.is_none()
                    && a.wait
                        .as_ref()
                        .is_some_and(|w| w.on == WaitOn::Queue(name.clone(), QueueSide::Empty))
            });
            let Some(g) = getter else { continue };
            let putter_alive = q.putters.iter().any(|p| {
                self.actor(p)
                    .is_some_and(|a| a.end.is_none() && a.wait.is_none())
            });
            if putter_alive {
                continue;
            }
            let en = format!(
                "{} waits on empty {name} and nobody left will put: a missing sentinel (None)?",
                g.name
            );
            let zh = format!(
                "{} 在空队列 {name} 上等，却没人会再放：是不是少放了结束标记（None）？",
                g.name
            );
            out.push(finding(
                Level::Bad,
                g.wait.as_ref().and_then(|w| w.line),
                en,
                zh,
            ));
        }
    }

    fn zombie_lines(&self, out: &mut Vec<Finding>) {
        let now = self.now_us();
        for a in &self.actors {
            if let Some(since) = a.zombie_since {
                out.push(self.zombie_finding(a, since, now));
            }
            if let Some((_, from, to)) = a.adopted {
                let old = from.and_then(|p| self.pid_name(p)).unwrap_or("?");
                let new = self.pid_name(to).unwrap_or("?");
                let en = format!(
                    "{} was orphaned when {old} ended, and adopted by {new}",
                    a.name
                );
                let zh = format!("{old} 结束后 {} 成了孤儿进程，被 {new} 收养", a.name);
                out.push(finding(Level::Warn, None, en, zh));
            }
        }
    }

    fn zombie_finding(&self, a: &ActorFacts, since: u64, now: u64) -> Finding {
        let lab = |by: &str| by == "host" || by == "the UI";
        let (en, zh) = match &a.reaped {
            Some((t, by)) if !lab(by) => {
                let d = dur(t.saturating_sub(since));
                (
                    format!("{} was a zombie (Z) for {d}, until {by} reaped it", a.name),
                    format!("{} 当了 {d} 僵尸进程（Z），直到 {by} 回收它", a.name),
                )
            }
            Some((t, _)) => {
                let d = dur(t.saturating_sub(since));
                (
                    format!(
                        "{} was a zombie (Z) for {d}: no join()/wait(), the lab reaped it",
                        a.name
                    ),
                    format!(
                        "{} 当了 {d} 僵尸进程（Z）：没人 join()/wait()，由实验室回收",
                        a.name
                    ),
                )
            }
            None => {
                let d = dur(now.saturating_sub(since));
                (
                    format!("{} has been a zombie (Z) for {d}: nobody reaped it", a.name),
                    format!("{} 已当了 {d} 僵尸进程（Z）：还没人回收", a.name),
                )
            }
        };
        finding(Level::Warn, None, en, zh)
    }

    /// The most contended lock and the lock held longest.
    fn lock_lines(&self, out: &mut Vec<Finding>) {
        let now = self.now_us();
        let busiest = self
            .locks
            .iter()
            .map(|(name, l)| (name, l.contention_at(now)))
            .filter(|(_, c)| c.0 > 0)
            .max_by_key(|(_, c)| c.1);
        if let Some((name, (waits, us, who))) = busiest {
            let d = dur(us);
            let en = format!(
                "{name} most contended: {waits} wait(s), {d} in all ({})",
                names(&who)
            );
            let zh = format!(
                "{name} 争用最多：等了 {waits} 次，共 {d}（{}）",
                names(&who)
            );
            out.push(finding(Level::Warn, None, en, zh));
        }
        let longest = self
            .locks
            .iter()
            .filter_map(|(name, l)| l.longest_at(now).map(|h| (name, h)))
            .max_by_key(|(_, h)| h.1);
        if let Some((name, (who, us, line))) = longest {
            let d = dur(us);
            let en = format!("{name} held longest: {d} by {who}");
            let zh = format!("{name} 持有最久：{who} 持有 {d}");
            out.push(finding(Level::Info, line, en, zh));
        }
    }

    /// Threads and processes: started, ended, still running, exit codes.
    fn count_lines(&self, out: &mut Vec<Finding>) {
        for (kind, en_k, zh_k) in [
            (ActorKind::Thread, "threads", "线程"),
            (ActorKind::Process, "processes", "子进程"),
        ] {
            let all: Vec<&ActorFacts> = self
                .actors
                .iter()
                .filter(|a| a.kind == kind && !a.root)
                .collect();
            if all.is_empty() {
                continue;
            }
            let (en, zh) = end_words(&all, kind == ActorKind::Process);
            let n = all.len();
            let en = format!("{en_k}: {n} started, {en}");
            let zh = format!("{zh_k}：启动 {n} 个，{zh}");
            out.push(finding(Level::Info, None, en, zh));
        }
        if let Some(root) = self.actors.iter().find(|a| a.root) {
            if let Some(e) = &root.end {
                let (en, zh) = super::findings_words::one_end(e);
                let en = format!("your program ({}) {en}", root.name);
                let zh = format!("你的程序（{}）{zh}", root.name);
                out.push(finding(Level::Info, None, en, zh));
            }
        }
    }
}

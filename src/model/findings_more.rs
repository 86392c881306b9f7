//! The findings about queues, zombies, orphans, locks and the counts.

use super::findings::{ActorFacts, Findings, QueueFacts, WaitOn};
use super::findings_list::{finding, Finding, Level};
use super::findings_words::{dur, end_words, names, one_end, plural};
use crate::event::{ActorKind, Outcome, QueueSide};

/// A zombie reaped by its parent within this is a join() doing its job.
const BRIEF_ZOMBIE_US: u64 = 100_000;

impl Findings {
    /// The getter left waiting on empty queue `q` at the end, when nobody
    /// alive and free puts into it: the missing sentinel.
    pub(super) fn sentinel_getter(&self, q: &str) -> Option<&ActorFacts> {
        let facts = self.queues.get(q)?;
        if !self.ended() || self.putter_alive(facts) {
            return None;
        }
        let on = WaitOn::Queue(q.to_string(), QueueSide::Empty);
        self.actors
            .iter()
            .find(|a| a.end.is_none() && a.wait.as_ref().is_some_and(|w| w.on == on))
    }

    fn putter_alive(&self, q: &QueueFacts) -> bool {
        q.putters.iter().any(|p| {
            self.actor(p)
                .is_some_and(|a| a.end.is_none() && a.wait.is_none())
        })
    }

    /// At the end: queues left with items, and the missing sentinel.
    pub(super) fn queue_lines(&self, out: &mut Vec<Finding>) {
        if !self.ended() {
            return;
        }
        for (name, q) in &self.queues {
            if q.len > 0 {
                let items = plural(q.len, "item");
                let en = format!("queue {name} was left with {items} nobody took");
                let zh = format!("队列 {name} 结束时还剩 {} 个元素没人取", q.len);
                out.push(finding(Level::Warn, None, en, zh));
            }
            let Some(g) = self.sentinel_getter(name) else {
                continue;
            };
            let en = format!(
                "{} waits on empty queue {name} and nobody left will put: a missing sentinel (None)?",
                g.name
            );
            let zh = format!(
                "{} 在空队列 {name} 上等，却没人会再放：是不是少放了结束标记 None？",
                g.name
            );
            let line = g.wait.as_ref().and_then(|w| w.line);
            out.push(finding(Level::Bad, line, en, zh));
        }
    }

    pub(super) fn zombie_lines(&self, out: &mut Vec<Finding>, now: u64) {
        for a in &self.actors {
            if let Some(since) = a.zombie_since.filter(|&s| self.zombie_worth_it(a, s)) {
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

    /// The main process reaped by the lab, its parent, is no news; nor is a
    /// child seen as a zombie for a moment before its parent's join().
    fn zombie_worth_it(&self, a: &ActorFacts, since: u64) -> bool {
        match &a.reaped {
            _ if a.root => false,
            Some((t, by)) => by == "host" || t.saturating_sub(since) >= BRIEF_ZOMBIE_US,
            None => true,
        }
    }

    fn zombie_finding(&self, a: &ActorFacts, since: u64, now: u64) -> Finding {
        let lab = |by: &str| by == "host" || by == "the UI";
        let (en, zh) = match &a.reaped {
            Some((t, by)) if !lab(by) => {
                let d = dur(t.saturating_sub(since));
                (
                    format!("{} was a zombie (Z) for {d}, until {by} reaped it", a.name),
                    format!("{} 处于僵尸状态 Z 共 {d}，直到 {by} 回收它", a.name),
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
                        "{} 处于僵尸状态 Z 共 {d}：没人 join()/wait()，由实验室回收",
                        a.name
                    ),
                )
            }
            None => {
                let d = dur(now.saturating_sub(since));
                (
                    format!("{} has been a zombie (Z) for {d}: nobody reaped it", a.name),
                    format!("{} 处于僵尸状态 Z 已 {d}：还没人回收", a.name),
                )
            }
        };
        finding(Level::Warn, None, en, zh)
    }

    /// The most contended lock and the lock held longest.
    pub(super) fn lock_lines(&self, out: &mut Vec<Finding>, now: u64) {
        let n = self.threads_at_once;
        if !self.synced && n >= 2 {
            let en =
                format!("{n} threads ran at once and took no lock: what they share is unprotected");
            let zh = format!("{n} 个线程同时运行，却没用任何锁：它们共享的数据没有保护");
            out.push(finding(Level::Warn, None, en, zh));
        }
        let busiest = self
            .locks
            .iter()
            .map(|(name, l)| (name, l.contention_at(now)))
            .filter(|(_, c)| c.0 > 0)
            .max_by_key(|(_, c)| c.1);
        if let Some((name, (waits, us, who))) = busiest {
            let d = dur(us);
            let en = format!(
                "{name} most contended: {}, {d} in all ({})",
                plural(waits, "wait"),
                names(&who)
            );
            let zh = format!(
                "{name} 争用最多：等了 {waits} 次，共 {d}，等的是 {}",
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
    pub(super) fn count_lines(&self, out: &mut Vec<Finding>) {
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
            let (en, zh) = end_words(&all, kind == ActorKind::Process, self.ended());
            let n = all.len();
            let en = format!("{en_k}: {n} started, {en}");
            let zh = format!("{zh_k}：启动 {n} 个，{zh}");
            out.push(finding(Level::Info, None, en, zh));
        }
        // A run stopped by a limit: its line says why the program was killed.
        let stopped = matches!(self.end, Some((Outcome::TimedOut | Outcome::Limit, ..)));
        if let Some(root) = self.actors.iter().find(|a| a.root && !stopped) {
            if let Some(e) = &root.end {
                let (en, zh) = one_end(e);
                let en = format!("your program ({}) {en}", root.name);
                let zh = format!("你的程序 {} {zh}", root.name);
                out.push(finding(Level::Info, None, en, zh));
            }
        }
    }
}

//! The process tree: who is whose parent, as the OS says, and what became of them.

use std::collections::BTreeMap;

use super::lanes::{Lane, LaneState};

/// How a process ended, once we know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExitStatus {
    Code(i32),
    Signal(String),
}

/// One process of the run (the host, or a process actor).
#[derive(Debug, Clone)]
pub struct ProcNode {
    pub actor: String,
    pub pid: i32,
    /// The parent as the OS reports it now.
    pub ppid: Option<i32>,
    /// The parent it was born to, kept to show adoption.
    pub born_ppid: Option<i32>,
    /// Last state letter read from /proc (R, S, D, Z, T), `?` before the first read.
    pub state: char,
    pub daemon: bool,
    pub exit: Option<ExitStatus>,
    pub reaped_by: Option<String>,
    /// Thread actors living in this process, in start order.
    pub threads: Vec<String>,
    /// True once the observer has seen it in state Z.
    pub seen_zombie: bool,
    /// When the kernel handed it to another parent (an orphan adopted).
    pub adopted_us: Option<u64>,
}

impl ProcNode {
    /// Adopted: its parent changed after birth (an orphan taken in).
    pub fn adopted(&self) -> bool {
        self.born_ppid.is_some() && self.ppid != self.born_ppid
    }

    /// Exited but not reaped: a zombie, whether or not /proc was read in time.
    pub fn is_zombie(&self) -> bool {
        self.exit.is_some() && self.reaped_by.is_none()
    }

    pub fn is_gone(&self) -> bool {
        self.reaped_by.is_some()
    }
}

/// A row of the drawn tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeRow {
    pub depth: usize,
    pub pid: i32,
}

/// All processes by pid, in the order they appeared.
#[derive(Debug, Clone, Default)]
pub struct ProcTree {
    nodes: BTreeMap<i32, ProcNode>,
    order: Vec<i32>,
}

impl ProcTree {
    pub fn insert(&mut self, node: ProcNode) {
        if !self.nodes.contains_key(&node.pid) {
            self.order.push(node.pid);
        }
        self.nodes.insert(node.pid, node);
    }

    pub fn get(&self, pid: i32) -> Option<&ProcNode> {
        self.nodes.get(&pid)
    }

    pub fn get_mut(&mut self, pid: i32) -> Option<&mut ProcNode> {
        self.nodes.get_mut(&pid)
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Nodes in the order they appeared.
    pub fn nodes(&self) -> impl Iterator<Item = &ProcNode> {
        self.order.iter().filter_map(|p| self.nodes.get(p))
    }

    /// The tree as it stood at `t_us`, for the time cursor: only what had
    /// been spawned by then, each with the exit, reap and adoption it had by
    /// then, and a state letter from its lane (`R` running or working, `S`
    /// asleep or blocked, `Z` exited and not yet reaped, `X` reaped). A
    /// process with no lane (the host) is always there.
    pub fn at<'a>(&self, t_us: u64, lane: impl Fn(&str) -> Option<&'a Lane>) -> ProcTree {
        let mut out = ProcTree::default();
        for n in self.nodes() {
            let mut n = n.clone();
            if let Some(l) = lane(&n.actor) {
                if l.spawned_us > t_us {
                    continue;
                }
                let by = |t: Option<u64>| t.is_some_and(|t| t <= t_us);
                if !by(l.reaped_us) {
                    n.reaped_by = None;
                }
                if !by(l.exited_us) {
                    n.exit = None;
                }
                if n.adopted_us.is_some_and(|t| t > t_us) {
                    n.ppid = n.born_ppid;
                }
                n.threads
                    .retain(|t| lane(t).is_some_and(|l| l.spawned_us <= t_us));
                n.state = letter_at(l, t_us);
            }
            out.insert(n);
        }
        out
    }

    /// Depth-first rows, children under their current parent; nodes whose
    /// parent is unknown are roots. Linear in the number of nodes.
    pub fn rows(&self) -> Vec<TreeRow> {
        let mut children: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
        let mut roots = Vec::new();
        for &pid in &self.order {
            match self.nodes[&pid]
                .ppid
                .filter(|pp| self.nodes.contains_key(pp))
            {
                Some(pp) if pp != pid => children.entry(pp).or_default().push(pid),
                _ => roots.push(pid),
            }
        }
        let mut rows = Vec::with_capacity(self.order.len());
        let mut seen = std::collections::BTreeSet::new();
        let mut stack: Vec<(i32, usize)> = roots.iter().rev().map(|&p| (p, 0)).collect();
        while let Some((pid, depth)) = stack.pop() {
            if !seen.insert(pid) {
                continue; // never loop on bad input
            }
            rows.push(TreeRow { depth, pid });
            if let Some(kids) = children.get(&pid) {
                stack.extend(kids.iter().rev().map(|&c| (c, depth + 1)));
            }
        }
        rows
    }
}

/// The `ps` letter a lane's state at `t_us` stands for.
fn letter_at(lane: &Lane, t_us: u64) -> char {
    match lane.state_at(t_us) {
        Some(LaneState::Running | LaneState::Working) => 'R',
        Some(LaneState::Exited | LaneState::Zombie | LaneState::Killed) => 'Z',
        Some(LaneState::Gone) => 'X',
        Some(LaneState::Starting) | None => '?',
        Some(_) => 'S',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(actor: &str, pid: i32, ppid: Option<i32>) -> ProcNode {
        ProcNode {
            actor: actor.into(),
            pid,
            ppid,
            born_ppid: ppid,
            state: '?',
            daemon: false,
            exit: None,
            reaped_by: None,
            threads: vec![],
            seen_zombie: false,
            adopted_us: None,
        }
    }

    #[test]
    fn rows_nest_children_and_follow_adoption() {
        let mut t = ProcTree::default();
        t.insert(node("host", 1, None));
        t.insert(node("main", 2, Some(1)));
        t.insert(node("parent", 3, Some(2)));
        t.insert(node("child", 4, Some(3)));
        let depths: Vec<_> = t.rows().iter().map(|r| (r.pid, r.depth)).collect();
        assert_eq!(depths, vec![(1, 0), (2, 1), (3, 2), (4, 3)]);
        t.get_mut(4).unwrap().ppid = Some(1);
        assert!(t.get(4).unwrap().adopted());
        let depths: Vec<_> = t.rows().iter().map(|r| (r.pid, r.depth)).collect();
        assert_eq!(depths, vec![(1, 0), (2, 1), (3, 2), (4, 1)]);
    }

    #[test]
    fn the_tree_at_a_time_shows_what_had_happened_by_then() {
        use crate::event::ActorKind;
        let mut tree = ProcTree::default();
        tree.insert(node("main", 10, None));
        let mut child = node("child", 11, Some(10));
        child.exit = Some(ExitStatus::Code(0));
        child.reaped_by = Some("host".into());
        child.ppid = Some(1);
        child.adopted_us = Some(300);
        tree.insert(child);
        tree.insert(node("late", 12, Some(10)));
        let lane = |name: &str, spawned: u64| {
            let mut l = Lane::new(name, ActorKind::Process, 0, spawned);
            l.set_state(spawned + 1, LaneState::Running);
            l
        };
        let main = lane("main", 0);
        let mut kid = lane("child", 100);
        kid.set_state(200, LaneState::Exited);
        kid.exited_us = Some(200);
        kid.set_state(400, LaneState::Gone);
        kid.reaped_us = Some(400);
        let late = lane("late", 500);
        let lanes = [main, kid, late];
        let find = |a: &str| lanes.iter().find(|l| l.actor == a);
        let at = |t| tree.at(t, find);
        let kid_at = |t| at(t).get(11).cloned().unwrap();
        assert_eq!(kid_at(150).state, 'R');
        assert!(kid_at(150).exit.is_none() && kid_at(150).ppid == Some(10));
        assert_eq!(kid_at(250).state, 'Z', "exited, not yet reaped");
        assert!(kid_at(250).is_zombie());
        assert_eq!(kid_at(350).ppid, Some(1), "adopted at 300");
        assert_eq!(kid_at(450).state, 'X');
        assert_eq!(kid_at(450).reaped_by.as_deref(), Some("host"));
        assert!(at(450).get(12).is_none(), "late is not born yet");
        assert_eq!(at(600).len(), 3);
    }
}

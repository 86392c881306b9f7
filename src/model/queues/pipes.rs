//! Pipes: two named ends, what went through each, who closed which end and
//! who saw end-of-file. Kept in `Queues` beside the queues.

use super::Queues;
use crate::scenario::plan::PipeSpec;

/// One end of a pipe (a `Connection` in Python).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PipeEnd {
    pub name: String,
    /// Items sent into this end.
    pub sent: u64,
    /// Items received from this end.
    pub received: u64,
    /// The last item sent and received here.
    pub last_sent: Option<Option<i64>>,
    pub last_received: Option<Option<i64>>,
    /// The actors whose process closed its copy of this end, in order.
    pub closed_by: Vec<String>,
    /// The actors whose recv() on this end raised EOFError.
    pub eof_seen_by: Vec<String>,
}

/// A pipe and its ends (two, unless events name more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipe {
    pub name: String,
    pub ends: Vec<PipeEnd>,
}

impl Pipe {
    fn end(&mut self, name: &str) -> &mut PipeEnd {
        let i = match self.ends.iter().position(|e| e.name == name) {
            Some(i) => i,
            None => {
                self.ends.push(PipeEnd {
                    name: name.to_string(),
                    ..PipeEnd::default()
                });
                self.ends.len() - 1
            }
        };
        &mut self.ends[i]
    }
}

fn add(list: &mut Vec<String>, actor: &str) {
    if !list.iter().any(|a| a == actor) {
        list.push(actor.to_string());
    }
}

impl Queues {
    /// Take the pipes and their end names from the scenario.
    pub fn declare_pipes(&mut self, specs: &[PipeSpec]) {
        for s in specs {
            let p = self.pipe(&s.name);
            for end in &s.ends {
                p.end(end);
            }
        }
    }

    fn pipe(&mut self, name: &str) -> &mut Pipe {
        let i = match self.pipes.iter().position(|p| p.name == name) {
            Some(i) => i,
            None => {
                self.pipes.push(Pipe {
                    name: name.to_string(),
                    ends: Vec::new(),
                });
                self.pipes.len() - 1
            }
        };
        &mut self.pipes[i]
    }

    /// `pipe_send`.
    pub fn sent(&mut self, pipe: &str, end: &str, item: Option<i64>) {
        let e = self.pipe(pipe).end(end);
        e.sent += 1;
        e.last_sent = Some(item);
    }

    /// `pipe_recv`.
    pub fn received(&mut self, pipe: &str, end: &str, item: Option<i64>) {
        let e = self.pipe(pipe).end(end);
        e.received += 1;
        e.last_received = Some(item);
    }

    /// `pipe_eof`: recv() on `end` found every copy of the other end closed.
    pub fn eof(&mut self, actor: &str, pipe: &str, end: &str) {
        add(&mut self.pipe(pipe).end(end).eof_seen_by, actor);
    }

    /// `pipe_closed`: the actor's process closed its copy of `end`.
    pub fn closed(&mut self, actor: &str, pipe: &str, end: &str) {
        add(&mut self.pipe(pipe).end(end).closed_by, actor);
    }
}

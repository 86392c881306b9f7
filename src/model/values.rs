//! Shared values as the screen knows them: every write and read, and for each
//! write what its writer had read, so a lost update shows as what it is — a
//! write based on a stale read that clobbered someone else's write.

use crate::model::named::Named;
use std::collections::HashMap;

use crate::scenario::plan::{ValueKind, ValueSpec};

/// An actor's name, interned: a write stays small however long the run.
pub type ActorId = u32;

/// One write, in time order within its copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Write {
    pub t_us: u64,
    pub value: i64,
    pub actor: ActorId,
    /// What the writer last read of this copy before writing: (when, what).
    pub based_on: Option<(u64, i64)>,
    /// The latest write by someone else after that read: the one this write clobbered.
    pub overwrote: Option<ActorId>,
    /// A later write based on an older read clobbered this one: an update lost.
    pub lost: bool,
}

/// One read: what `actor` saw at `t_us` (maybe stale by the time it writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read {
    pub t_us: u64,
    pub value: i64,
    pub actor: ActorId,
}

/// One copy of a value: the only one for a file, a manager value or a global
/// shared by threads; one per process for a global (each process has its own).
#[derive(Debug, Clone, Default)]
pub struct ValueCopy {
    /// The process that owns this copy; None for a value all processes share.
    pub pid: Option<i32>,
    /// The value it began with (a per-process copy starts at the initial value).
    pub start: Option<i64>,
    pub writes: crate::model::history::History<Write>,
    pub reads: crate::model::history::History<Read>,
    /// Writes clobbered by a write based on an older read.
    pub lost: u32,
    /// Writes made after a read of this copy (read-modify-write).
    pub rmw: u32,
}

impl ValueCopy {
    /// The value now: the latest write, or what it began with.
    pub fn current(&self) -> Option<i64> {
        self.writes.last().map(|w| w.value).or(self.start)
    }

    /// The value it began with: the host's initial write, or the inherited start.
    pub fn first(&self) -> Option<i64> {
        self.start.or_else(|| self.writes.first().map(|w| w.value))
    }

    /// True when some write was a read-modify-write (a write after a read).
    pub fn read_modify_write(&self) -> bool {
        self.rmw > 0
    }

    /// Insert a write in time order and settle who clobbered whom.
    fn write(&mut self, mut w: Write) {
        self.rmw += u32::from(w.based_on.is_some());
        let at = self.writes.partition_point(|x| x.t_us <= w.t_us);
        w.overwrote = self.clobber(at, w.actor, w.based_on);
        self.writes.insert(at, w);
        // A write that arrived late may sit inside a later write's window.
        for j in at + 1..self.writes.len() {
            let later = self.writes[j];
            if later.based_on.is_some_and(|(t, _)| t < w.t_us) {
                let overwrote = self.clobber(j, later.actor, later.based_on);
                if let Some(x) = self.writes.get_mut(j) {
                    x.overwrote = overwrote;
                }
            }
        }
    }

    /// Mark lost the writes by others in `writes[..upto]` made after the read
    /// `based_on`; return the latest such writer.
    fn clobber(
        &mut self,
        upto: usize,
        actor: ActorId,
        based_on: Option<(u64, i64)>,
    ) -> Option<ActorId> {
        let (read_us, _) = based_on?;
        let mut latest = None;
        for i in (0..upto).rev() {
            let w = self.writes[i];
            if w.t_us <= read_us {
                break;
            }
            if w.actor == actor || w.actor == HOST {
                continue;
            }
            latest = latest.or(Some(w.actor));
            if !w.lost {
                if let Some(w) = self.writes.get_mut(i) {
                    w.lost = true;
                }
                self.lost += 1;
            }
        }
        latest
    }
}

/// A shared value by name, with its copies.
#[derive(Debug, Clone)]
pub struct Value {
    pub name: String,
    /// Declared `kind = "global"`: each process writes its own copy.
    pub per_process: bool,
    /// The initial value the host told.
    pub initial: Option<i64>,
    pub copies: Vec<ValueCopy>,
    /// An actor (not the host) has read or written it.
    touched: bool,
}

/// The host's id: its writes are the initial values, never a lost update.
pub(crate) const HOST: ActorId = 0;

/// Every shared value of the run, in the order declared or first seen.
#[derive(Debug, Clone)]
pub struct Values {
    list: Named<Value>,
    /// Display order: values in the order actors first touched them (the
    /// lesson's order: tickets are read before any is sold), then the others.
    order: Vec<usize>,
    touched: usize,
    actors: Vec<String>,
    ids: HashMap<String, ActorId>,
    /// Each actor's last read of each copy: (actor, value, copy) → (when, what).
    last_read: HashMap<(ActorId, usize, usize), (u64, i64)>,
    /// Actors started by a real fork: their copies start as their parent's.
    forked: std::collections::HashSet<String>,
}

#[path = "values_fork.rs"]
mod fork;

impl Default for Values {
    fn default() -> Values {
        Values {
            list: Named::default(),
            order: Vec::new(),
            touched: 0,
            actors: vec!["host".to_string()],
            ids: HashMap::from([("host".to_string(), HOST)]),
            last_read: HashMap::new(),
            forked: Default::default(),
        }
    }
}

/// A JSON value as a whole number: integers as they are, booleans 0/1,
/// floats rounded; anything else is not a number the panels can show.
fn number(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Bool(b) => Some(i64::from(*b)),
        serde_json::Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.round() as i64)),
        _ => None,
    }
}

impl Values {
    /// Take the kinds from the scenario: a global is copied per process.
    pub fn declare(&mut self, specs: &[ValueSpec]) {
        for s in specs {
            let i = self.entry(&s.name);
            self.list[i].per_process = s.kind == ValueKind::Global;
        }
    }

    fn entry(&mut self, name: &str) -> usize {
        let known = self.list.get(name).is_some();
        let i = self.list.slot(name, || Value {
            name: name.to_string(),
            per_process: false,
            initial: None,
            copies: Vec::new(),
            touched: false,
        });
        if !known {
            self.order.push(i);
        }
        i
    }

    fn id(&mut self, actor: &str) -> ActorId {
        if let Some(&id) = self.ids.get(actor) {
            return id;
        }
        let id = ActorId::try_from(self.actors.len()).unwrap_or(ActorId::MAX);
        self.actors.push(actor.to_string());
        self.ids.insert(actor.to_string(), id);
        id
    }

    /// The name behind an id.
    pub fn actor(&self, id: ActorId) -> &str {
        self.actors.get(id as usize).map_or("?", String::as_str)
    }

    /// The values in the order declared or first seen (the panel's order).
    pub fn iter(&self) -> impl Iterator<Item = &Value> {
        self.order.iter().map(|&i| &self.list[i])
    }

    /// Move a value up to the touched ones the first time an actor uses it.
    fn touch(&mut self, vi: usize) {
        if std::mem::replace(&mut self.list[vi].touched, true) {
            return;
        }
        if let Some(at) = self.order.iter().position(|&i| i == vi) {
            self.order.remove(at);
            self.order.insert(self.touched, vi);
            self.touched += 1;
        }
    }

    /// A value by name, for the outcome's special names.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.list.get(name)
    }

    /// True when the run has no shared value (no values panel then).
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The copy `pid` works on, made on first use (a per-process copy starts
    /// at the initial value, as a forked or spawned process's global does).
    fn copy(&mut self, vi: usize, pid: i32) -> usize {
        let v = &mut self.list[vi];
        let key = v.per_process.then_some(pid);
        if let Some(ci) = v.copies.iter().position(|c| c.pid == key) {
            return ci;
        }
        v.copies.push(ValueCopy {
            pid: key,
            start: if v.per_process { v.initial } else { None },
            ..ValueCopy::default()
        });
        v.copies.len() - 1
    }

    /// `value`: `actor` in process `pid` wrote `value` (the host: the initial value).
    pub fn wrote(
        &mut self,
        t_us: u64,
        actor: &str,
        pid: i32,
        name: &str,
        value: &serde_json::Value,
    ) {
        let Some(value) = number(value) else { return };
        let vi = self.entry(name);
        let id = self.id(actor);
        if id == HOST {
            self.list[vi].initial = Some(value);
            if self.list[vi].per_process {
                return;
            }
        } else {
            self.touch(vi);
        }
        let ci = self.copy(vi, pid);
        let based_on = self.last_read.get(&(id, vi, ci)).copied();
        self.list[vi].copies[ci].write(Write {
            t_us,
            value,
            actor: id,
            based_on,
            overwrote: None,
            lost: false,
        });
    }

    /// `value_read`: `actor` in process `pid` read `name` and saw `value`.
    pub fn read(
        &mut self,
        t_us: u64,
        actor: &str,
        pid: i32,
        name: &str,
        value: &serde_json::Value,
    ) {
        let Some(value) = number(value) else { return };
        let vi = self.entry(name);
        let id = self.id(actor);
        self.touch(vi);
        let ci = self.copy(vi, pid);
        self.list[vi].copies[ci].reads.push(Read {
            t_us,
            value,
            actor: id,
        });
        self.last_read.insert((id, vi, ci), (t_us, value));
    }
}

//! Comparing two projections actor by actor, in the way a lesson promises.

use std::collections::{BTreeMap, BTreeSet};

use super::project::Projection;

/// How much of an actor's tokens a lesson promises.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum How {
    /// The same tokens in the same order (each actor runs its own code in
    /// order; only a race between actors is left out).
    Order,
    /// The same tokens as many times, in any order.
    Bag,
    /// A race decides who does what (which consumer gets which item, how
    /// many tickets each buyer sells): per actor, the same kinds of token
    /// (its first two words, seen or not), and over all actors together the
    /// same tokens as many times.
    Race,
    /// As `Race`, without the totals: the race decides how many (tickets
    /// oversold, buyers that crashed reading a half-written file).
    Loose,
    /// Only used to describe: the same tokens, seen or not.
    Kinds,
}

/// Tokens timing decides: whether an actor had to wait (`conlab py` tells
/// an `event_wait` only when the event is not set yet; the lab always), a
/// zombie seen by sampling. They are left out unless the lesson is about
/// them (`Watch`).
pub fn racy(tok: &str) -> bool {
    ["lock_wait ", "queue_wait ", "event_wait ", "zombie"]
        .iter()
        .any(|p| tok.starts_with(p))
}

/// What a comparison looks at besides `How`.
#[derive(Clone, Copy)]
pub struct Watch {
    /// Waiting is the lesson (a deadlock): `lock_wait` and `queue_wait` are
    /// compared as any other token.
    pub waits: bool,
    /// Zombies are the lesson: a `zombie` (sampled from /proc every 5 ms, so
    /// a short one is missed) and the waits are compared as seen or not.
    pub zombies: bool,
}

/// A token without its items and counts: `queue_get q 5 from p0` is
/// `queue_get q`, `exited code 1` is `exited code`.
fn kind(tok: &str) -> String {
    tok.split(' ')
        .take(2)
        .take_while(|w| w.parse::<i64>().is_err() && *w != "None")
        .collect::<Vec<_>>()
        .join(" ")
}

fn bag(v: &[String]) -> BTreeMap<&str, usize> {
    let mut m = BTreeMap::new();
    for t in v {
        *m.entry(t.as_str()).or_default() += 1;
    }
    m
}

fn kinds(v: &[String]) -> BTreeSet<&str> {
    v.iter().map(String::as_str).collect()
}

/// Each actor's difference in words: `actor: only Python: …; only the lab: …`.
pub fn differ(py: &Projection, lab: &Projection, how: How, w: Watch) -> Vec<String> {
    let actors: BTreeSet<&String> = py.keys().chain(lab.keys()).collect();
    let empty = Vec::new();
    let mut out = Vec::new();
    for a in actors {
        let (p, l) = (py.get(a).unwrap_or(&empty), lab.get(a).unwrap_or(&empty));
        if p.is_empty() || l.is_empty() {
            let side = if p.is_empty() { "the lab" } else { "Python" };
            out.push(format!("{a}: an actor only {side} has"));
            continue;
        }
        let split = |v: &[String]| -> (Vec<String>, Vec<String>) {
            let v = v.iter().filter(|t| w.zombies || *t != "zombie").cloned();
            v.partition(|t| w.waits || !racy(t))
        };
        let ((pf, pr), (lf, lr)) = (split(p), split(l));
        let mut what = Vec::new();
        let same = match how {
            How::Order => pf == lf,
            How::Bag => bag(&pf) == bag(&lf),
            How::Kinds => kinds(&pf) == kinds(&lf),
            How::Race | How::Loose => {
                let k = |v: &[String]| v.iter().map(|t| kind(t)).collect::<BTreeSet<_>>();
                k(&pf) == k(&lf)
            }
        };
        if !same && matches!(how, How::Race | How::Loose) {
            let k = |v: &[String]| v.iter().map(|t| kind(t)).collect::<Vec<_>>();
            what.push(describe(&k(&pf), &k(&lf), How::Kinds));
        } else if !same {
            what.push(describe(&pf, &lf, how));
        }
        if w.zombies && kinds(&pr) != kinds(&lr) {
            what.push(describe(&pr, &lr, How::Kinds));
        }
        if !what.is_empty() {
            out.push(format!("{a}: {}", what.join("; ")));
        }
    }
    if how == How::Race {
        let all = |p: &Projection| -> Vec<String> {
            let v = p.values().flatten();
            v.filter(|t| !racy(t)).cloned().collect()
        };
        let (pa, la) = (all(py), all(lab));
        if bag(&pa) != bag(&la) {
            out.push(format!("(all actors): {}", describe(&pa, &la, How::Bag)));
        }
    }
    out
}

/// What one side has that the other has not (as a multiset), or, when both
/// hold the same tokens, the first place their order parts.
fn describe(p: &[String], l: &[String], how: How) -> String {
    let (bp, bl) = (bag(p), bag(l));
    let count = |a: &BTreeMap<&str, usize>, b: &BTreeMap<&str, usize>| -> Vec<String> {
        a.iter()
            .filter(|(t, n)| {
                b.get(*t).copied().unwrap_or(0) < **n && (how != How::Kinds || !b.contains_key(*t))
            })
            .map(|(t, n)| {
                let k = n - b.get(*t).copied().unwrap_or(0).min(*n);
                if k > 1 && how != How::Kinds {
                    format!("{t} ×{k}")
                } else {
                    t.to_string()
                }
            })
            .collect()
    };
    let (op, ol) = (count(&bp, &bl), count(&bl, &bp));
    if op.is_empty() && ol.is_empty() {
        let i = p.iter().zip(l).position(|(a, b)| a != b).unwrap_or(0);
        return format!(
            "order parts at token {}: Python {:?}, the lab {:?}",
            i + 1,
            p[i],
            l[i]
        );
    }
    let mut s = Vec::new();
    if !op.is_empty() {
        s.push(format!("only Python: {}", op.join(", ")));
    }
    if !ol.is_empty() {
        s.push(format!("only the lab: {}", ol.join(", ")));
    }
    s.join("; ")
}

//! What happened to the shared state, in a few words in both languages, set
//! against what such a lesson expects: no ticket sold twice, no update lost,
//! no file read half-written. Generic over scenarios: it looks only at the
//! value names present, with one special pair — a value `sold` next to a value
//! `tickets` is read as a ticket sale (sold must not exceed the tickets there were).

use super::values::{Value, ValueCopy, HOST};
use super::Model;

/// Whether a sentence says the invariant held, broke, or just tells a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Bad,
    Good,
    Neutral,
}

/// One statement, in English and Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub tone: Tone,
    pub en: String,
    pub zh: String,
}

/// The run's outcome so far: the bad news first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    pub sentences: Vec<Sentence>,
}

/// The ticket lesson's names (see the module note).
const SOLD: &str = "sold";
const TICKETS: &str = "tickets";

/// A duration as the panels write it in both languages: `4.2s`, `35ms`.
pub fn duration_text(us: u64) -> String {
    match us {
        10_000_000.. => format!("{:.0}s", us as f64 / 1e6),
        1_000_000.. => format!("{:.1}s", us as f64 / 1e6),
        1_000.. => format!("{}ms", us / 1_000),
        1.. => format!("{us}µs"),
        0 => "0s".to_string(),
    }
}

fn say(tone: Tone, en: String, zh: String) -> Sentence {
    Sentence { tone, en, zh }
}

impl Outcome {
    /// Read the outcome off the model, "now" being the last event's time.
    pub fn of(model: &Model) -> Outcome {
        Outcome::at(model, model.run.last_us)
    }

    /// The outcome at `now_us` (the screen's clock: open waits keep counting).
    pub fn at(model: &Model, now_us: u64) -> Outcome {
        let mut out = Outcome::of_state(model);
        out.sentences.extend(lock_cost(model, now_us));
        out.sentences.sort_by_key(|s| s.tone as u8);
        out
    }

    /// What happened to the shared state only, without what the locks cost
    /// in time: the same for every run that ends in the same state (explore
    /// compares runs by it).
    pub fn of_state(model: &Model) -> Outcome {
        let ended = model.run.ended_us.is_some();
        let tickets = ticket_sale(model, ended);
        let skip: &[&str] = if tickets.is_some() {
            &[SOLD, TICKETS]
        } else {
            &[]
        };
        let mut sentences: Vec<Sentence> = tickets.into_iter().collect();
        for v in model
            .values
            .iter()
            .filter(|v| !skip.contains(&v.name.as_str()))
        {
            sentences.extend(value_sentence(model, v, ended));
        }
        sentences.extend(torn_reads(model));
        sentences.sort_by_key(|s| s.tone as u8);
        Outcome { sentences }
    }

    /// Bad if anything went wrong, good if something held, else neutral.
    pub fn tone(&self) -> Tone {
        self.sentences
            .iter()
            .map(|s| s.tone)
            .min_by_key(|t| *t as u8)
            .unwrap_or(Tone::Neutral)
    }

    /// Nothing to say: a run without shared state gets no outcome line.
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }
}

fn ticket_word(n: i64) -> &'static str {
    if n == 1 {
        "ticket"
    } else {
        "tickets"
    }
}

/// The tickets sold against the `tickets` there were at the start. A sale is
/// a write of `tickets` by a buyer; `sold`, read and written back the same
/// way, may count fewer (lost updates), and then says so.
fn ticket_sale(model: &Model, ended: bool) -> Option<Sentence> {
    let counted = model.values.get(SOLD)?.copies.first()?.current()?;
    let tickets = model.values.get(TICKETS)?.copies.first()?;
    let had = tickets.first()?;
    let taken = tickets.writes.iter().filter(|w| w.actor != HOST).count();
    let sold = counted.max(i64::try_from(taken).unwrap_or(i64::MAX));
    let (s, h) = (sold, had);
    Some(if sold > had {
        let over = sold - had;
        let (lost_en, lost_zh) = if counted < sold {
            (
                format!(" (sold counts only {counted}: updates lost)"),
                format!("（sold 只记了 {counted} 张：更新丢失）"),
            )
        } else {
            (String::new(), String::new())
        };
        say(
            Tone::Bad,
            format!(
                "sold {s} {}, but only {h} existed: oversold by {over}{lost_en}",
                ticket_word(s)
            ),
            format!("卖出 {s} 张票，实际只有 {h} 张：超卖 {over} 张{lost_zh}"),
        )
    } else if ended {
        say(
            Tone::Good,
            format!("sold {s} of {h} {}: none oversold", ticket_word(h)),
            format!("卖出 {s} 张票，共 {h} 张：没有超卖"),
        )
    } else {
        say(
            Tone::Neutral,
            format!("sold {s} of {h} {} so far", ticket_word(h)),
            format!("已卖出 {s} 张票，共 {h} 张"),
        )
    })
}

/// How one copy of a value reads against the lesson, so the screen can colour it
/// as the outcome line speaks of it.
pub fn value_tone(model: &Model, v: &Value, c: &ValueCopy) -> Tone {
    let ended = model.run.ended_us.is_some();
    if c.lost > 0 {
        return Tone::Bad;
    }
    if v.name == SOLD || v.name == TICKETS {
        if let Some(s) = ticket_sale(model, ended) {
            return s.tone;
        }
    }
    if ended && c.read_modify_write() {
        Tone::Good
    } else {
        Tone::Neutral
    }
}

/// The process that owns a copy, by name when the tree knows it.
pub fn owner(model: &Model, c: &ValueCopy) -> String {
    let pid = c.pid.unwrap_or(0);
    model
        .tree
        .get(pid)
        .map_or(format!("pid {pid}"), |n| n.actor.clone())
}

/// `main: 100, proc0…proc9 (10): 99`: the copies grouped by their value, in
/// the order first seen, so eleven copies still fit one line.
fn copies_by_value(model: &Model, v: &Value) -> String {
    let mut groups: Vec<(i64, Vec<String>)> = Vec::new();
    for c in &v.copies {
        let Some(now) = c.current() else { continue };
        let who = owner(model, c);
        match groups.iter_mut().find(|(value, _)| *value == now) {
            Some((_, owners)) => owners.push(who),
            None => groups.push((now, vec![who])),
        }
    }
    let group = |(value, owners): &(i64, Vec<String>)| match owners.as_slice() {
        [one] => format!("{one}: {value}"),
        [a, b] => format!("{a}, {b}: {value}"),
        [first, .., last] => format!("{first}…{last} ({}): {value}", owners.len()),
        [] => String::new(),
    };
    groups.iter().map(group).collect::<Vec<_>>().join(", ")
}

fn value_sentence(model: &Model, v: &Value, ended: bool) -> Option<Sentence> {
    let name = &v.name;
    if v.copies.len() > 1 {
        let each = copies_by_value(model, v);
        return Some(say(
            Tone::Neutral,
            format!("{name}: one copy per process — {each}"),
            format!("{name}：每个进程各有一份 — {each}"),
        ));
    }
    let c = v.copies.first()?;
    let now = c.current()?;
    Some(if c.lost > 0 {
        let n = c.lost;
        let (upd, was) = if n == 1 {
            ("update", "was")
        } else {
            ("updates", "were")
        };
        say(
            Tone::Bad,
            format!("{name} = {now}: {n} {upd} {was} lost (overwritten)"),
            format!("{name} = {now}：{n} 次更新被覆盖而丢失"),
        )
    } else if ended && c.read_modify_write() {
        say(
            Tone::Good,
            format!("{name} = {now}: no update lost"),
            format!("{name} = {now}：没有丢失更新"),
        )
    } else {
        say(
            Tone::Neutral,
            format!("{name} = {now}"),
            format!("{name} = {now}"),
        )
    })
}

fn torn_reads(model: &Model) -> Option<Sentence> {
    let n = model.errors.torn_reads();
    (n > 0).then(|| {
        let s = if n == 1 { "" } else { "s" };
        say(
            Tone::Bad,
            format!("{n} torn read{s}: a half-written file was read"),
            format!("{n} 次读到写了一半的文件（torn read）"),
        )
    })
}

/// What the locks cost: the time actors spent in waiting lines.
fn lock_cost(model: &Model, now: u64) -> Option<Sentence> {
    use super::locks::Kind;
    // An event or a barrier is waited at, not taken: not a lock's cost.
    let locks = model
        .locks
        .iter()
        .filter(|l| !matches!(l.kind, Kind::Event | Kind::Barrier));
    let (waited, taken) = locks.fold((0, 0), |(w, n), l| {
        (w + l.wait_us_at(now), n + l.totals.acquisitions)
    });
    (taken > 0 || waited > 0).then(|| {
        let d = duration_text(waited);
        say(
            Tone::Neutral,
            format!("lock waits: {d} in all, {taken} acquisitions"),
            format!("等锁：共 {d}，获取 {taken} 次"),
        )
    })
}

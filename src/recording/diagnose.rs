//! One line of a recording read into an event, or told in plain words what is
//! wrong with it and where (a column), instead of serde's wording.

use serde_json::{Map, Value};

use super::words::{clip, describe, got_words, plain, syntax, want_words};
use crate::event::{Event, EventKind, EVENT_NAMES};

/// The latest `t_us` accepted: 10^12 µs, about 11.5 days (a run is stopped
/// after minutes; a paused one may last longer).
pub const MAX_T_US: u64 = 1_000_000_000_000;

/// What is wrong with a line, and where: `col` counts characters from 1.
#[derive(Debug)]
pub struct Bad {
    pub col: usize,
    pub message: String,
    /// The line ended before its JSON did (cut short).
    pub eof: bool,
}

fn bad(col: usize, message: impl Into<String>) -> Bad {
    Bad {
        col,
        message: message.into(),
        eof: false,
    }
}

/// The event on this line, checked for sense (times, pids).
pub fn parse_event(text: &str) -> Result<Event, Bad> {
    let event = match serde_json::from_str::<Event>(text) {
        Ok(e) => e,
        Err(err) => return Err(explain(text, &err)),
    };
    if let Some((field, message)) = nonsense(&event) {
        let col = key_column(text, field).unwrap_or(1);
        return Err(bad(col, message));
    }
    Ok(event)
}

/// Values no real run writes: refused so nothing downstream has to guess.
fn nonsense(e: &Event) -> Option<(&'static str, String)> {
    if e.t_us > MAX_T_US {
        let m = format!(
            "\"t_us\" {} is later than any run lasts (at most {MAX_T_US} µs, about 11 days)",
            e.t_us
        );
        return Some(("t_us", m));
    }
    let negative = |field: &'static str, v: i32| {
        (v < 0).then(|| {
            (
                field,
                format!("\"{field}\" is {v}, but a process or thread id is never negative"),
            )
        })
    };
    negative("pid", e.pid)
        .or_else(|| negative("tid", e.tid.unwrap_or(0)))
        .or_else(|| match &e.kind {
            EventKind::Reparented { ppid, from } => {
                negative("ppid", *ppid).or_else(|| negative("from", from.unwrap_or(0)))
            }
            _ => None,
        })
}

/// Why `text` is not an event, found by reading it step by step.
fn explain(text: &str, err: &serde_json::Error) -> Bad {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return syntax(text, &e),
    };
    let Value::Object(map) = value else {
        return bad(
            1,
            format!(
                "each line of a recording is one JSON object {{ ... }}, but this line is {}",
                describe(&value)
            ),
        );
    };
    let kind = match map.get("event") {
        None => return bad(1, "this line has no \"event\" field saying what happened"),
        Some(Value::String(s)) => s.as_str(),
        Some(other) => {
            let m = format!(
                "\"event\" should be the name of a kind of event in quotes, like \"print\", not {}",
                describe(other)
            );
            return bad(key_column(text, "event").unwrap_or(1), m);
        }
    };
    if !EVENT_NAMES.contains(&kind) {
        let m = format!(
            "\"{}\" is not a kind of event conlab knows (docs/events.md lists them)",
            clip(kind)
        );
        return bad(key_column(text, "event").unwrap_or(1), m);
    }
    let said = err.to_string();
    if let Some(field) = quoted_after(&said, "missing field `") {
        return bad(
            1,
            format!("this \"{kind}\" event has no \"{field}\" field, which it needs"),
        );
    }
    if let Some(field) = quoted_after(&said, "duplicate field `") {
        return bad(
            key_column(text, &field).unwrap_or(1),
            format!("the field \"{field}\" is given twice"),
        );
    }
    if let Some(field) = culprit(&map, &said) {
        let m = field_message(kind, field, &map[field], &said);
        return bad(key_column(text, field).unwrap_or(1), m);
    }
    let m = match said.split_once(", expected ") {
        Some((got, _)) => format!(
            "in this \"{kind}\" event, a value is {} where {} was expected",
            got_words(got),
            want_words(expected(&said))
        ),
        None => format!("this \"{kind}\" event cannot be read: {}", plain(&said)),
    };
    bad(1, m)
}

/// The field whose value is wrong: the one that, given a value of the type
/// serde expected, makes the event read. Tried only on short objects, as each
/// try reads the object again.
fn culprit<'a>(map: &'a Map<String, Value>, said: &str) -> Option<&'a str> {
    let fixes = stand_ins(expected(said));
    if map.len() > 32 || fixes.is_empty() {
        return None;
    }
    map.keys()
        .map(String::as_str)
        .filter(|k| *k != "event")
        .find(|key| {
            fixes.iter().any(|fix| {
                let mut fixed = map.clone();
                fixed.insert(key.to_string(), fix.clone());
                serde_json::from_value::<Event>(Value::Object(fixed)).is_ok()
            })
        })
}

/// What serde said it expected ("u32", "a string", "one of `a`, `b`").
fn expected(said: &str) -> &str {
    let e = said.split_once("expected ").map_or("", |(_, e)| e);
    e.split(" at line ").next().unwrap_or("")
}

/// Values of the type serde expected (for a choice of names, each name an
/// event's field may take).
fn stand_ins(expected: &str) -> Vec<Value> {
    const NAMES: [&str; 14] = [
        "process",
        "thread",
        "running",
        "working",
        "sleeping",
        "waiting",
        "blocked",
        "completed",
        "aborted",
        "timed_out",
        "limit",
        "host_died",
        "full",
        "empty",
    ];
    let one = match expected {
        "u64" | "u32" | "i32" | "i64" | "u8" | "u16" => Value::from(0),
        "f64" => Value::from(1.0),
        "a string" => Value::from("x"),
        "a boolean" => Value::from(false),
        "a sequence" => Value::Array(Vec::new()),
        "string or map" => return NAMES.iter().map(|n| Value::from(*n)).collect(),
        e if e.starts_with("one of `") => Value::from(e[8..].split('`').next().unwrap_or("")),
        e if e.starts_with('`') => Value::from(e[1..].split('`').next().unwrap_or("")),
        _ => return Vec::new(),
    };
    vec![one]
}

/// "`field` should be X, not Y", X from serde's "expected ..." in words.
fn field_message(kind: &str, field: &str, value: &Value, said: &str) -> String {
    format!(
        "in this \"{kind}\" event, \"{field}\" should be {}, not {}",
        want_words(expected(said)),
        describe(value)
    )
}

/// The text between `prefix` and the next backquote in `said`.
fn quoted_after(said: &str, prefix: &str) -> Option<String> {
    let rest = said.split_once(prefix)?.1;
    Some(rest.split('`').next()?.to_string())
}

/// The column where the top-level field `key` is named on the line.
pub fn key_column(text: &str, key: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut i, mut expect_key) = (0usize, 0usize, false);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let name = text.get(start + 1..i.min(bytes.len()));
                if depth == 1 && expect_key && name == Some(key) {
                    return Some(text[..start].chars().count() + 1);
                }
                expect_key = false;
            }
            b'{' | b'[' => {
                depth += 1;
                expect_key = bytes[i] == b'{';
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' => expect_key = depth == 1,
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
#[path = "diagnose_tests.rs"]
mod tests;

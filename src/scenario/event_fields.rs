//! The fields each kind of event has, so that a check's or a page's `where`
//! can only name a field the event carries (else the check could never
//! hold). Kept in step with `EventKind` in src/event.rs by a test that reads it.

use std::collections::BTreeMap;

use toml::Spanned;

use super::diag::Diag;

/// Fields every event has.
pub const COMMON: [&str; 4] = ["t_us", "actor", "pid", "tid"];

/// Each event's own fields, by its `event` name.
pub const FIELDS: &[(&str, &[&str])] = &[
    ("recipe", &["source", "params", "scenario_text"]),
    ("run_started", &["scenario", "variant", "seed", "speed"]),
    ("spawned", &["kind", "parent", "daemon"]),
    ("started", &[]),
    (
        "step",
        &["index", "op", "text", "activity", "line", "targets"],
    ),
    ("print", &["text"]),
    ("exited", &["code", "signal", "cause"]),
    ("reaped", &["by"]),
    ("proc_state", &["state"]),
    ("reparented", &["ppid", "from"]),
    ("signalled", &["target", "signal", "why"]),
    ("alive", &["target", "alive"]),
    ("error", &["text"]),
    ("limit_reached", &["limit", "max", "text"]),
    ("control", &["what"]),
    ("run_ended", &["outcome", "reason"]),
    ("lock_wait", &["lock"]),
    ("lock_acquired", &["lock", "count"]),
    ("lock_released", &["lock", "count"]),
    ("event_wait", &["lock"]),
    ("event_passed", &["lock"]),
    ("event_set", &["lock", "set"]),
    ("timed_out", &["op", "object", "timeout"]),
    ("timer_started", &["target", "after"]),
    ("timer_fired", &["after"]),
    ("timer_cancelled", &["target", "fired"]),
    ("value", &["name", "value"]),
    ("value_read", &["name", "value"]),
    ("queue_put", &["queue", "item", "len", "cap"]),
    ("queue_get", &["queue", "item", "from", "len", "cap"]),
    ("queue_wait", &["queue", "side", "len", "cap"]),
    ("queue_full", &["queue", "item"]),
    ("queue_empty", &["queue"]),
    ("queue_asked", &["queue", "question", "answer", "len"]),
    ("task_done", &["queue", "unfinished"]),
    ("queue_joined", &["queue"]),
    ("pipe_send", &["pipe", "end", "item"]),
    ("pipe_recv", &["pipe", "end", "item"]),
    ("pipe_eof", &["pipe", "end"]),
    ("pipe_closed", &["pipe", "end"]),
    ("pool_created", &["pool", "kind", "size", "workers"]),
    ("task_submitted", &["pool", "task", "arg", "how"]),
    ("task_started", &["pool", "task", "arg"]),
    ("task_finished", &["pool", "task", "result"]),
    ("task_result", &["pool", "task", "result"]),
    ("callback", &["pool", "task", "result"]),
    ("pool_closed", &["pool"]),
    ("held", &["index", "text"]),
    ("granted", &["turn", "enabled"]),
    ("deadlock", &["cycle"]),
    ("cond_wait", &["lock"]),
    ("cond_notify", &["lock", "n", "woken"]),
    ("cond_woken", &["lock", "notified"]),
    ("barrier_wait", &["barrier", "arrived", "parties"]),
    ("barrier_passed", &["barrier", "index"]),
    ("barrier_broken", &["barrier", "timed_out"]),
    ("barrier_abort", &["barrier", "reset"]),
    ("sock_listen", &["sock", "proto", "host", "port", "backlog"]),
    ("sock_wait", &["sock", "op"]),
    (
        "sock_connected",
        &[
            "sock",
            "conn",
            "side",
            "local_port",
            "peer_port",
            "listener",
        ],
    ),
    (
        "sock_sent",
        &["sock", "conn", "n", "data", "more", "peer_port"],
    ),
    (
        "sock_recv",
        &["sock", "conn", "n", "data", "more", "peer_port"],
    ),
    ("sock_eof", &["sock", "conn"]),
    ("sock_closed", &["sock", "conn", "how"]),
    ("sock_error", &["sock", "op", "error", "errno"]),
    ("sock_ready", &["how", "watched", "ready"]),
    ("deadlock_broken", &["victim", "how"]),
    ("measured", &["table", "row", "column", "seconds"]),
    (
        "sched",
        &["what", "job", "at", "burst", "level", "quantum", "left"],
    ),
];

/// The fields of `event`, or None for an unknown event (reported elsewhere).
pub fn fields_of(event: &str) -> Option<&'static [&'static str]> {
    FIELDS.iter().find(|(e, _)| *e == event).map(|(_, f)| *f)
}

/// Report every `where` key the event does not have.
pub(super) fn check_where(
    event: &str,
    fields: &BTreeMap<Spanned<String>, toml::Value>,
    diags: &mut Vec<Diag>,
) {
    let Some(own) = fields_of(event) else {
        return;
    };
    for key in fields.keys() {
        let k = key.get_ref().as_str();
        if own.contains(&k) || COMMON.contains(&k) {
            continue;
        }
        let known = if own.is_empty() {
            "it has only the common ones".to_string()
        } else {
            format!("its fields are {}", own.join(", "))
        };
        let msg = format!(
            "{event} events have no field {k:?} ({known}; and t_us, actor, pid, tid): \
             this check could never hold"
        );
        diags.push(Diag::new(key.span(), msg));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// snake_case of a variant name (`RunStarted` → `run_started`).
    fn snake(name: &str) -> String {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    /// The variants and fields of `EventKind`, read from its source.
    fn from_source() -> Vec<(String, Vec<String>)> {
        let src = include_str!("../event.rs");
        let start = src.find("pub enum EventKind {").unwrap();
        let body = &src[start..];
        let body = &body[..body.find("\n}\n").unwrap()];
        let code: String = body
            .lines()
            .skip(1)
            .map(str::trim)
            .filter(|l| !l.starts_with("//") && !l.starts_with("#["))
            .collect::<Vec<_>>()
            .join(" ");
        let mut out = Vec::new();
        for item in code.split('}').filter(|s| s.contains('{')) {
            let (name, fields) = item.split_once('{').unwrap();
            let name = name.trim().trim_start_matches(',').trim();
            let fields = fields
                .split(',')
                .filter_map(|f| f.split_once(':'))
                .map(|(k, _)| k.trim().to_string())
                .filter(|k| !k.is_empty() && !k.contains(' ') && !k.contains('<'))
                .collect();
            out.push((snake(name), fields));
        }
        out
    }

    #[test]
    fn the_table_matches_event_kind() {
        let source = from_source();
        assert_eq!(source.len(), FIELDS.len(), "{source:?}");
        for (name, fields) in &source {
            let own = fields_of(name).unwrap_or_else(|| panic!("{name} is missing"));
            assert_eq!(own, fields.as_slice(), "{name}");
        }
        let names: Vec<&str> = FIELDS.iter().map(|(n, _)| *n).collect();
        let mut sorted = names.clone();
        sorted.sort();
        let mut known = crate::event::EVENT_NAMES.to_vec();
        known.sort();
        assert_eq!(sorted, known);
    }
}

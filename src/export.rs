//! `conlab export FILE --chrome`: a recording as Chrome trace-event JSON
//! (opens in Perfetto or chrome://tracing). Each actor is a track (pid, and
//! its tid for threads); each step is a complete slice ("X") lasting until
//! the actor's next step; prints, lock and queue events, deadlocks and exits
//! are instant events ("i") carrying their fields as args.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::event::{Event, EventKind};

/// The trace for these events.
pub fn chrome_trace(events: &[Event]) -> Value {
    let mut out = Vec::new();
    let mut tracks: HashMap<&str, (i32, i32)> = HashMap::new();
    // The open step of each actor: (name, activity, start).
    let mut open: HashMap<&str, (String, String, u64)> = HashMap::new();
    let mut sorted: Vec<&Event> = events.iter().collect();
    sorted.sort_by_key(|e| e.t_us);
    for e in sorted {
        let track = *tracks.entry(e.actor.as_str()).or_insert_with(|| {
            let t = (e.pid, e.tid.unwrap_or(e.pid));
            out.push(
                json!({"name": "thread_name", "ph": "M", "pid": t.0, "tid": t.1,
                            "args": {"name": e.actor}}),
            );
            t
        });
        let close = |open: &mut HashMap<&str, (String, String, u64)>, out: &mut Vec<Value>| {
            if let Some((name, cat, start)) = open.remove(e.actor.as_str()) {
                out.push(json!({"name": name, "cat": cat, "ph": "X", "ts": start,
                                "dur": e.t_us.saturating_sub(start), "pid": track.0, "tid": track.1}));
            }
        };
        match &e.kind {
            EventKind::Step { text, activity, .. } => {
                close(&mut open, &mut out);
                let cat = serde_json::to_value(activity)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                open.insert(e.actor.as_str(), (text.clone(), cat, e.t_us));
            }
            EventKind::Exited { .. } | EventKind::Held { .. } => {
                close(&mut open, &mut out);
                out.push(instant(e, track));
            }
            _ => out.push(instant(e, track)),
        }
    }
    let end = events.iter().map(|e| e.t_us).max().unwrap_or(0);
    for (actor, (name, cat, start)) in open {
        let (pid, tid) = tracks[actor];
        out.push(json!({"name": name, "cat": cat, "ph": "X", "ts": start,
                        "dur": end.saturating_sub(start), "pid": pid, "tid": tid}));
    }
    json!({"traceEvents": out, "displayTimeUnit": "ms"})
}

/// An instant event with the event's own fields as args.
fn instant(e: &Event, (pid, tid): (i32, i32)) -> Value {
    let mut args = serde_json::to_value(&e.kind).unwrap_or(Value::Null);
    let name = args
        .get("event")
        .and_then(Value::as_str)
        .unwrap_or("event")
        .to_string();
    if let Some(map) = args.as_object_mut() {
        map.remove("event");
    }
    json!({"name": name, "cat": "event", "ph": "i", "s": "t", "ts": e.t_us,
           "pid": pid, "tid": tid, "args": args})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Activity;

    #[test]
    fn steps_become_slices_and_facts_instants() {
        let step = |t, text: &str| {
            let kind = EventKind::Step {
                index: 0,
                op: "sleep".into(),
                text: text.into(),
                activity: Activity::Sleeping,
                line: None,
            };
            Event::new(t, "child", 7, kind)
        };
        let events = vec![
            step(10, "sleep 1s"),
            Event::new(20, "child", 7, EventKind::Print { text: "hi".into() }),
            step(30, "exit"),
        ];
        let trace = chrome_trace(&events);
        let list = trace["traceEvents"].as_array().unwrap();
        let slice = list.iter().find(|v| v["ph"] == "X").unwrap();
        assert_eq!(slice["name"], "sleep 1s");
        assert_eq!(slice["ts"], 10);
        assert_eq!(slice["dur"], 20);
        assert_eq!(slice["cat"], "sleeping");
        let print = list.iter().find(|v| v["name"] == "print").unwrap();
        assert_eq!(print["args"]["text"], "hi");
        for v in list {
            for field in ["name", "ph", "pid", "tid"] {
                assert!(v.get(field).is_some(), "{field} in {v}");
            }
        }
    }
}

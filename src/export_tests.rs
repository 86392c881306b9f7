use super::*;
use crate::event::Activity;

fn step(t: u64, actor: &str, text: &str) -> Event {
    let kind = EventKind::Step {
        index: 0,
        op: "sleep".into(),
        text: text.into(),
        activity: Activity::Sleeping,
        line: None,
        targets: None,
    };
    Event::new(t, actor, 7, kind)
}

#[test]
fn steps_become_slices_and_facts_instants() {
    let events = vec![
        step(10, "child", "sleep 1s"),
        Event::new(20, "child", 7, EventKind::Print { text: "hi".into() }),
        step(30, "child", "exit"),
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

#[test]
fn events_a_little_out_of_order_are_put_in_time_order() {
    // Written in arrival order: "b" arrives before "a"'s earlier step.
    let events = vec![
        step(10, "a", "one"),
        step(30, "a", "two"),
        step(20, "a", "between"),
        step(40, "a", "end"),
    ];
    let trace = chrome_trace(&events);
    let slices: Vec<(String, u64, u64)> = trace["traceEvents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["ph"] == "X")
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_string(),
                v["ts"].as_u64().unwrap(),
                v["dur"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        slices[..3],
        [
            ("one".into(), 10, 10),
            ("between".into(), 20, 10),
            ("two".into(), 30, 10)
        ]
    );
}

#[test]
fn the_window_holds_no_more_than_its_size() {
    let mut w = ChromeWriter::new(std::io::sink()).unwrap();
    for i in 0..(WINDOW as u64 * 3) {
        // Time runs backwards: the worst case for a window.
        w.push(step(1_000_000 - i, "a", "s"), 10).unwrap();
        assert!(w.window.len() <= WINDOW);
    }
    w.finish().unwrap();
}

#[test]
fn too_many_actors_are_refused() {
    let mut w = ChromeWriter::new(std::io::sink()).unwrap();
    for i in 0..MAX_ACTORS {
        w.push(step(1, &format!("a{i}"), "s"), 10).unwrap();
    }
    let err = w.push(step(1, "one-more", "s"), 10).unwrap_err();
    assert!(matches!(err, PushError::TooManyActors), "{err}");
}

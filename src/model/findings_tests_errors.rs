//! An uncaught exception's line, read from its traceback on stderr.

use super::findings_tests::{findings, main_proc, step, thread};
use super::test_events::ev;
use crate::event::EventKind;

#[test]
fn an_exception_s_line_comes_from_its_traceback_in_either_order() {
    let stderr = |t, text: &str| {
        let text = format!("stderr: {text}");
        ev(t, "MainProcess", 1, EventKind::Print { text })
    };
    let error = |t| {
        let text = "ValueError: bad input 42".into();
        ev(t, "reader", 1, EventKind::Error { text })
    };
    let traceback = |t| {
        vec![
            stderr(t, "Traceback (most recent call last):"),
            stderr(t, "  File \"/home/me/hw.py\", line 5, in bad"),
            stderr(t, "    raise ValueError(\"bad input 42\")"),
            stderr(t, "ValueError: bad input 42"),
        ]
    };
    let recipe = ev(
        0,
        "host",
        9,
        EventKind::Recipe {
            source: "/home/me/hw.py".into(),
            params: Default::default(),
            scenario_text: None,
        },
    );
    let start = vec![
        recipe,
        main_proc(),
        thread(2, "reader"),
        step(3, "reader", "sleep", "time.sleep(0.1)", 4),
    ];
    let error_first = [start.clone(), vec![error(10)], traceback(11)].concat();
    let traceback_first = [start, traceback(10), vec![error(11)]].concat();
    for events in [error_first, traceback_first] {
        let f = findings(&events);
        assert_eq!(f[0].line, Some(5), "{f:?}");
        assert_eq!(
            f[0].text.en, "line 5: reader: ValueError: bad input 42",
            "{f:?}"
        );
    }
}

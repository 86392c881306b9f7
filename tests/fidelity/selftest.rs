//! The suite's own checks: messages, drift, matchers, the KNOWN table.

use super::*;

#[test]
fn known_entries_name_a_spec() {
    for k in KNOWN {
        assert!(
            SPECS.iter().any(|s| s.lesson == k.0 && s.variant == k.1),
            "KNOWN names {}/{}, which has no spec",
            k.0,
            k.1
        );
        assert!(
            k.3.contains(':'),
            "KNOWN {}/{}: say the fact, then ':'",
            k.0,
            k.1
        );
    }
}

#[test]
fn a_disagreement_fails_with_lesson_variant_and_outcome() {
    let diffs = vec![("n".to_string(), "99".to_string(), "0".to_string())];
    let (fail, _) = judge("thread-race", "no-lock", &diffs, &[]);
    assert_eq!(fail, ["thread-race/no-lock: n: Python 99, the lab 0"]);
    let known = [("thread-race", "no-lock", "6", "n: a test entry")];
    let (fail, noted) = judge("thread-race", "no-lock", &diffs, &known);
    assert!(fail.is_empty() && noted.len() == 1, "{fail:?} {noted:?}");
    let (fail, _) = judge("thread-race", "no-lock", &[], &known);
    assert!(fail[0].contains("fixed: remove this entry"), "{fail:?}");
}

#[test]
fn a_kept_program_that_drifts_is_named() {
    let shown = "a = 1\nprint(a)";
    assert_eq!(
        drift("a = 1\nx = 2  # fidelity: added\nprint(a)\n", shown),
        None
    );
    assert_eq!(drift("a = 2  # fidelity: changed\nprint(a)", shown), None);
    let d = drift("a = 1\nprint(a, a)", shown).unwrap();
    assert!(d.starts_with("line 2"), "{d}");
    assert!(drift("a = 1", shown).unwrap().contains("lines"));
}

#[test]
fn matchers_read_orders_and_counts() {
    let o = Out {
        lines: ["main (pid 7): go", "t0: pid 7", "t1: pid 8", "main: done"]
            .map(String::from)
            .to_vec(),
        prints: Vec::new(),
        end: "finished".into(),
        wall: std::time::Duration::ZERO,
    };
    assert_eq!(o.order("^t", "^main: done"), "before");
    assert_eq!(o.order("^main: done", "^t"), "after");
    assert_eq!(o.rel("^main (pid ", ": pid "), "mixed");
    assert_eq!(o.seq(": pid "), "7,8");
    assert_eq!(o.count("^t"), 2);
}

#[test]
fn shapes_mask_digits_and_differences_name_the_lines() {
    assert_eq!(
        shapes::shape("child3: pid 4021, 0.52 s"),
        "child#: pid #, #.# s"
    );
    let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
    let py = set(&["main: n = #", "sold out"]);
    let lab = set(&["main: n = #, starting # threads"]);
    let d = shapes::differ("thread-race", "lock", &py, &lab, &[]).unwrap();
    assert!(
        d.starts_with("thread-race/lock: printed lines differ"),
        "{d}"
    );
    assert!(
        d.contains("Python only: \"main: n = #\", \"sold out\""),
        "{d}"
    );
    assert!(
        d.contains("the lab only: \"main: n = #, starting # threads\""),
        "{d}"
    );
    let lab = set(&["main: n = #"]);
    let why = [("thread-race", "lock", "sold out", "a race")];
    assert_eq!(shapes::differ("thread-race", "lock", &py, &lab, &why), None);
    // An excuse for one lesson excuses nothing in another.
    assert!(shapes::differ("ticket-grab", "lock", &py, &lab, &why).is_some());
}

#[test]
fn every_sometimes_entry_names_a_spec_and_a_reason() {
    for k in shapes::EXCUSED {
        assert!(
            SPECS.iter().any(|s| s.lesson == k.0 && s.variant == k.1),
            "EXCUSED names {}/{}, which has no spec",
            k.0,
            k.1
        );
        assert!(
            !k.3.is_empty(),
            "EXCUSED {}/{} {:?}: say why",
            k.0,
            k.1,
            k.2
        );
    }
}

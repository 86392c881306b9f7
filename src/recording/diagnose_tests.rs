use super::*;

fn said(line: &str) -> (usize, String) {
    let b = parse_event(line).unwrap_err();
    (b.col, b.message)
}

#[test]
fn a_missing_field_is_named() {
    let (_, m) = said(r#"{"t_us":1,"actor":"a","pid":1,"event":"print"}"#);
    assert_eq!(
        m,
        "this \"print\" event has no \"text\" field, which it needs"
    );
}

#[test]
fn a_wrong_value_is_pointed_at_in_plain_words() {
    let line = r#"{"t_us":1,"actor":"a","pid":4,"event":"step","index":1,"op":"x","text":"y","activity":"flying"}"#;
    let (col, m) = said(line);
    assert_eq!(col, line.find("\"activity\"").unwrap() + 1);
    assert!(m.contains("\"activity\" should be one of: running"), "{m}");
    assert!(m.contains("not the text \"flying\""), "{m}");
    let (col, m) = said(r#"{"t_us":"1","actor":"a","pid":1,"event":"print","text":"x"}"#);
    assert_eq!(
        (
            col,
            m.contains("\"t_us\" should be a whole number, 0 or more")
        ),
        (2, true),
        "{m}"
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    let line = r#"{"actor":"全角全角","t_us":1,"pid":4,"event":"print","text":5}"#;
    let (col, m) = said(line);
    assert_eq!(
        col,
        line[..line.find("\"text\"").unwrap()].chars().count() + 1
    );
    assert!(
        m.contains("\"text\" should be text in quotes, not the number 5"),
        "{m}"
    );
}

#[test]
fn what_is_not_an_event_is_told_so() {
    assert!(said("[1,2]").1.contains("one JSON object"));
    assert!(said(r#"{"t_us":1}"#).1.contains("no \"event\" field"));
    let line = r#"{"t_us":1,"actor":"a","pid":4,"event":"prnt","text":"x"}"#;
    let (col, m) = said(line);
    assert_eq!(col, line.find("\"event\"").unwrap() + 1);
    assert!(m.contains("\"prnt\" is not a kind of event"), "{m}");
    assert!(said(r#"{"t_us":1 "actor":"a"}"#)
        .1
        .contains("a comma or a closing }"));
    let cut = parse_event(r#"{"t_us":1,"actor":"a""#).unwrap_err();
    assert!(
        cut.eof && cut.message.contains("ends before"),
        "{}",
        cut.message
    );
}

#[test]
fn times_and_ids_no_run_has_are_refused() {
    let (col, m) =
        said(r#"{"t_us":18446744073709551615,"actor":"a","pid":4,"event":"print","text":"x"}"#);
    assert_eq!(col, 2);
    assert!(m.contains("later than any run lasts"), "{m}");
    let line = r#"{"t_us":1,"actor":"a","pid":-4,"event":"print","text":"x"}"#;
    let (col, m) = said(line);
    assert_eq!(col, line.find("\"pid\"").unwrap() + 1);
    assert!(m.contains("never negative"), "{m}");
    assert!(said(
        r#"{"t_us":184467440737095516150,"actor":"a","pid":4,"event":"print","text":"x"}"#
    )
    .1
    .contains("whole number"));
}

#[test]
fn no_message_uses_serde_words() {
    let lines = [
        r#"{"t_us":1,"actor":"a","pid":4,"event":"spawned","kind":"thing","parent":null,"daemon":false}"#,
        r#"{"t_us":1,"actor":"a","pid":4,"event":"value","name":"x"}"#,
        r#"{"t_us":1,"actor":"a","pid":4,"event":"deadlock","cycle":[1,[2]]}"#,
        r#"{"t_us":1,"actor":"a","pid":4,"event":"run_ended","outcome":{"a":1}}"#,
        r#"{"t_us":1,"actor":[],"pid":4,"event":"print","text":""}"#,
        r#"{"t_us":1,"actor":"a","pid":4,"event":"queue_put","queue":"q","item":1e400,"len":1,"cap":1}"#,
    ];
    for line in lines {
        let (_, m) = said(line);
        for jargon in ["untagged", "invalid type", "map", "variant", "struct", "`"] {
            assert!(!m.contains(jargon), "{jargon:?} in {m:?} for {line}");
        }
        assert!(!m.is_empty());
    }
}

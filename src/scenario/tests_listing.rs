//! Python listings: read per variant, and every `py` checked at load.

use super::tests_flow::{at, errors, only_error_in};
use super::Scenario;

const TICKETS: &str = include_str!("../../scenarios/ticket-grab.toml");

const SOLO: &str = r#"
id = "solo"
title = { en = "t", zh = "t" }
summary = { en = "s", zh = "s" }
[listing]
en = '''
print("hi")  # say it'''
zh = '''
print("hi")  # 打招呼'''
[[actors]]
name = "main"
kind = "process"
script = [ { py = 1, print = "hi" } ]
"#;

#[test]
fn each_variant_resolves_its_own_listing_and_lines() {
    let s = Scenario::parse("ticket-grab.toml", TICKETS).expect("valid");
    let plain = s.plan(Some("no-lock"), &[]).unwrap().listing.unwrap();
    let locked = s.plan(Some("lock"), &[]).unwrap().listing.unwrap();
    assert!(!plain.en.contains("with lock:") && locked.en.contains("with lock:"));
    assert!(locked.zh.contains("# 买票"), "Chinese comments");
    assert_eq!(plain.en.lines().count(), plain.zh.lines().count());
    let solo = Scenario::parse("f.toml", SOLO).unwrap();
    let listing = solo.plan(None, &[]).unwrap().listing.unwrap();
    assert_eq!(
        listing.get(super::text::Lang::Zh),
        "print(\"hi\")  # 打招呼"
    );
}

#[test]
fn bad_py_marks_are_reported_where_written() {
    let cases = [
        (
            "py = 13, read",
            "py = 99, read",
            "99",
            "not a line of the listing (1 to 37)",
        ),
        (
            "py = \"final = load\"",
            "py = \"no such code\"",
            "\"no such code\"",
            "no line of the listing contains",
        ),
    ];
    for (from, to, needle, says) in cases {
        only_error_in(TICKETS, from, to, needle, says);
    }
}

#[test]
fn a_listing_must_match_across_languages_and_py_needs_one() {
    let uneven = SOLO.replacen("zh = '''\nprint", "zh = '''\n# 多一行\nprint", 1);
    let errs = errors(&uneven);
    assert!(
        errs[0].contains("1 lines in English but 2 in Chinese"),
        "{errs:?}"
    );
    assert!(errs[0].starts_with("f.toml:5:1"), "at [listing]: {errs:?}");
    let start = SOLO.find("[listing]").unwrap();
    let end = SOLO.find("[[actors]]").unwrap();
    let bare = format!("{}{}", &SOLO[..start], &SOLO[end..]);
    let errs = errors(&bare);
    let want = at(&bare, "1, print");
    assert!(errs[0].starts_with(&want), "{errs:?} not at {want}");
    assert!(errs[0].contains("needs a `listing`"), "{errs:?}");
}

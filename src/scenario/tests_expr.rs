//! Expressions as a Chinese keyboard and an attacker type them.

use std::collections::BTreeMap;

use super::expr::Expr;
use super::expr_parse::{MAX_EXPR_DEPTH, MAX_EXPR_LEN};

#[test]
fn any_unicode_space_is_a_space() {
    for space in ['\u{3000}', '\u{a0}', '\u{2003}', '\t', '\n'] {
        let text = format!("{space}1{space}+{space}2{space}");
        let e = Expr::parse(&text).unwrap_or_else(|m| panic!("{text:?}: {m}"));
        assert_eq!(e.eval(&BTreeMap::new()).unwrap(), 3);
    }
}

#[test]
fn full_width_punctuation_is_named_with_its_ascii_twin() {
    for (text, bad, good) in [
        ("（1 + 2) * 3", '（', '('),
        ("(1 + 2） * 3", '）', ')'),
        ("1 ＋ 2", '＋', '+'),
        ("t － 1", '－', '-'),
        ("t ＝＝ 1", '＝', '='),
        ("t ＞ 0", '＞', '>'),
        ("１ + 2", '１', '1'),
        ("t，1", '，', ','),
    ] {
        let e = Expr::parse_at(text).unwrap_err();
        let hint = format!("full-width {bad:?} — use {good:?} instead");
        assert!(e.message.contains(&hint), "{text}: {}", e.message);
        assert_eq!(&text[e.at..].chars().next(), &Some(bad), "{text}");
    }
}

#[test]
fn long_chains_and_deep_nesting_are_refused_not_overflowed() {
    let ok_chain = vec!["1"; MAX_EXPR_DEPTH + 1].join("+");
    let e = Expr::parse(&ok_chain).unwrap();
    assert_eq!(e.eval(&BTreeMap::new()).unwrap(), MAX_EXPR_DEPTH as i64 + 1);
    let long_chain = vec!["1"; MAX_EXPR_DEPTH + 2].join("+");
    assert!(Expr::parse(&long_chain).unwrap_err().contains("too deep"));
    let ok_parens = format!(
        "{}1{}",
        "(".repeat(MAX_EXPR_DEPTH),
        ")".repeat(MAX_EXPR_DEPTH)
    );
    assert!(Expr::parse(&ok_parens).is_ok());
    for n in [MAX_EXPR_DEPTH + 1, 10_000, 200_000] {
        let deep = format!("{}1{}", "(".repeat(n), ")".repeat(n));
        assert!(Expr::parse(&deep).is_err(), "{n} parentheses");
    }
    let huge = vec!["1"; 300_000].join("+");
    assert!(Expr::parse(&huge).unwrap_err().contains("limit"));
    assert!(Expr::parse(&"x".repeat(MAX_EXPR_LEN + 1)).is_err());
    // Right-nested through parentheses counts as deep too.
    let right = format!("{}1{}", "1+(".repeat(20), ")".repeat(20));
    assert!(Expr::parse(&right).is_ok());
    let n = MAX_EXPR_DEPTH + 1;
    let right = format!("{}1{}", "1+(".repeat(n), ")".repeat(n));
    assert!(Expr::parse(&right).is_err());
}

#[test]
fn every_accepted_expression_round_trips_through_json() {
    let deepest = vec!["t"; MAX_EXPR_DEPTH + 1].join(" * ");
    let e = Expr::parse(&deepest).unwrap();
    let json = serde_json::to_string(&e).unwrap();
    let back: Expr = serde_json::from_str(&json).unwrap();
    assert_eq!(back, e);
}

#[test]
fn errors_say_where_and_what() {
    let e = Expr::parse_at("t -").unwrap_err();
    assert!(e.message.contains("missing at the end"), "{}", e.message);
    let e = Expr::parse_at("(1 + 2").unwrap_err();
    assert_eq!(e.at, 0);
    assert!(e.message.contains("not closed"));
    let e = Expr::parse_at("1 + 2)").unwrap_err();
    assert_eq!(e.at, 5);
    let e = Expr::parse_at("1 ? 2").unwrap_err();
    assert!(e.message.contains("'?'"), "{}", e.message);
    let e = Expr::parse_at("99999999999999999999").unwrap_err();
    assert!(e.message.contains("too large"), "{}", e.message);
    let e = Expr::parse_at("1 +\u{200b}2").unwrap_err();
    assert!(e.message.contains("U+200B"), "{}", e.message);
}

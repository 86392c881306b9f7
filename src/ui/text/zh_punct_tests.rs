//! The UI's own Chinese: every string literal in src/ that holds Chinese
//! uses full-width punctuation next to it (the rule the scenarios follow,
//! `scenario::fullwidth`), so log lines, panes and errors read as Chinese.

use std::path::{Path, PathBuf};

use crate::scenario::fullwidth::half_width_in_chinese;

/// Every .rs file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The string literals on a line (`"…"`, with `\"` inside).
fn literals(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut lit = String::new();
        while let Some(d) = chars.next() {
            match d {
                '\\' => lit.extend(chars.next()),
                '"' => break,
                _ => lit.push(d),
            }
        }
        out.push(lit);
    }
    out
}

/// A Chinese character (not `…` or other marks English text uses too).
fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Files that hold half-width marks beside Chinese on purpose: the finder,
/// and the tests of the parser's hints for full-width input.
const ON_PURPOSE: [&str; 4] = [
    "fullwidth.rs",
    "zh_punct_tests.rs",
    "tests_hardening.rs",
    "tests_expr.rs",
];

#[test]
fn chinese_in_the_ui_uses_full_width_punctuation() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut found = Vec::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if ON_PURPOSE.contains(&name.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            for lit in literals(line).iter().filter(|l| l.chars().any(is_han)) {
                if !half_width_in_chinese(lit).is_empty() {
                    found.push(format!("{}:{}: {lit}", f.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} literals:\n{}",
        found.len(),
        found.join("\n")
    );
}

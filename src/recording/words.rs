//! The words of recording errors: serde's and JSON's terms said plainly.

use serde_json::Value;

use super::diagnose::Bad;

/// serde's "invalid type: integer `1`" (or value, or variant) in words.
pub(super) fn got_words(got: &str) -> String {
    let got = got
        .trim_start_matches("invalid type: ")
        .trim_start_matches("invalid value: ");
    let literal = got.split('`').nth(1).unwrap_or("");
    match got.split([' ', '`']).next().unwrap_or("") {
        "integer" | "floating" => format!("the number {literal}"),
        "boolean" => literal.to_string(),
        "string" => format!("the text {}", got.trim_start_matches("string ")),
        "sequence" => "a list [ ... ]".into(),
        "map" => "an object { ... }".into(),
        "unknown" => format!("\"{literal}\""),
        "null" | "unit" => "null".into(),
        _ => "something else".into(),
    }
}

/// What serde expected, in words.
pub(super) fn want_words(expected: &str) -> String {
    match expected {
        "u64" => "a whole number, 0 or more".to_string(),
        "u32" => "a whole number from 0 to 4294967295".to_string(),
        "i32" => "a whole number from -2147483648 to 2147483647".to_string(),
        "i64" => "a whole number".to_string(),
        "f64" => "a number".to_string(),
        "a string" => "text in quotes".to_string(),
        "a boolean" => "true or false".to_string(),
        "a sequence" => "a list [ ... ]".to_string(),
        "string or map" => "a name in quotes".to_string(),
        "a map" => "an object { ... }".to_string(),
        e if e.starts_with("one of ") => format!("one of: {}", e[7..].replace('`', "")),
        e if e.starts_with('`') => format!("one of: {}", e.replace('`', "").replace(" or ", ", ")),
        "" => "something else".to_string(),
        e => e.replace('`', ""),
    }
}

/// A JSON syntax error in words, at its column.
pub(super) fn syntax(text: &str, e: &serde_json::Error) -> Bad {
    let col = char_column(text, e.column());
    let full = e.to_string();
    let said = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i]);
    let eof = e.classify() == serde_json::error::Category::Eof;
    let message = if eof {
        "the line ends before its JSON does: a closing }, ] or \" is missing".to_string()
    } else {
        match said {
            "expected value" => "a value was expected here (a number, \"text\", true, false, null, [ ... ] or { ... })".into(),
            "expected `,` or `}`" => "a comma or a closing } was expected here".into(),
            "expected `,` or `]`" => "a comma or a closing ] was expected here".into(),
            "expected `:`" => "a colon was expected here, after the field's name".into(),
            "key must be a string" => "a field's name must be in double quotes".into(),
            "trailing characters" => "something follows the end of the event: one event a line".into(),
            "number out of range" => "this number is too large".into(),
            "recursion limit exceeded" => "lists or objects are nested too deeply here".into(),
            "invalid number" => "this is not a number".into(),
            "expected ident" => "a word is misspelt here (true, false and null are the words JSON knows)".into(),
            s if s.starts_with("control character") => "quoted text holds a control character; write it as \\n or \\u00XX".into(),
            s if s.contains("escape") || s.contains("unicode") || s.contains("surrogate") => {
                "a \\ escape in quoted text is not valid here".into()
            }
            s => format!("this line is not valid JSON: {}", plain(s)),
        }
    };
    Bad { col, message, eof }
}

/// serde_json's message without its " at line L column C" tail.
pub(super) fn plain(said: &str) -> String {
    match said.rfind(" at line ") {
        Some(i) => said[..i].to_string(),
        None => said.to_string(),
    }
    .replace('`', "\"")
}

/// A value in words, for messages.
pub(super) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.is_empty() => "empty text \"\"".into(),
        Value::String(s) => format!("the text \"{}\"", clip(s)),
        Value::Array(_) => "a list [ ... ]".into(),
        Value::Object(_) => "an object { ... }".into(),
    }
}

/// At most 40 characters of `s`, for messages.
pub(super) fn clip(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}

/// serde_json's column (bytes, from 1) as a character column.
pub(super) fn char_column(text: &str, byte_col: usize) -> usize {
    let mut at = byte_col.saturating_sub(1).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[..at].chars().count() + 1
}

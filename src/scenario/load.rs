//! Reading a scenario file safely: size checked before anything is parsed,
//! bytes that are not UTF-8 and TOML errors reported as FILE:LINE:COL in
//! plain words, counts checked before anything is expanded.

use std::io::Read;
use std::path::Path;

use super::diag::{self, Diag};
use super::raw::RawScenario;
use super::{builtin, fullwidth, Scenario, ScenarioError};

/// The largest scenario file read (the built-in ones are under 20 KiB).
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// A built-in id, or a path to a TOML file.
pub fn load(id_or_path: &str) -> Result<Scenario, ScenarioError> {
    if let Some(s) = load_builtin(id_or_path) {
        return s;
    }
    if !Path::new(id_or_path).exists() {
        return Err(ScenarioError::NotFound(id_or_path.to_string()));
    }
    load_file(id_or_path)
}

/// The built-in scenario with this id, if there is one (never a file on disk).
pub fn load_builtin(id: &str) -> Option<Result<Scenario, ScenarioError>> {
    let (name, src) = builtin::find(id)?;
    Some(
        Scenario::parse(&format!("scenarios/{name}"), src).map(|mut s| {
            s.origin = id.to_string();
            s
        }),
    )
}

/// A scenario file (never a built-in id): only a regular file, at most
/// MAX_FILE_BYTES read.
pub fn load_file(path: &str) -> Result<Scenario, ScenarioError> {
    let unreadable = |e| ScenarioError::Unreadable(path.to_string(), e);
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        // A FIFO would hang and /dev/zero never end: only regular files.
        let e = std::io::Error::other("not a regular file");
        return Err(unreadable(e));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    parse_bytes(path, &bytes)
}

/// Parse a file's bytes: UTF-8 and size are checked first.
pub fn parse_bytes(file: &str, bytes: &[u8]) -> Result<Scenario, ScenarioError> {
    match std::str::from_utf8(bytes) {
        Ok(source) => Scenario::parse(file, source),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            let (line, col) = diag::line_col(good, good.len());
            let byte = bytes[e.valid_up_to()];
            Err(ScenarioError::Invalid(vec![format!(
                "{file}:{line}:{col}: the file is not UTF-8 text (byte 0x{byte:02X} here): \
                 save it as UTF-8"
            )]))
        }
    }
}

/// Stack for reading the TOML: serde reads nested steps recursively (up to
/// the nesting limit and a little past it), each level holding a whole
/// `RawStep`; a test thread's or a worker's 2 MiB is not always enough.
const PARSE_STACK: usize = 32 << 20;

/// `toml::from_str` on a thread of its own with a stack that deep.
fn from_toml(source: &str) -> Result<RawScenario, toml::de::Error> {
    std::thread::scope(|s| {
        let reader = std::thread::Builder::new().stack_size(PARSE_STACK);
        match reader.spawn_scoped(s, || toml::from_str::<RawScenario>(source)) {
            Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            // No thread to be had: read it here.
            Err(_) => toml::from_str::<RawScenario>(source),
        }
    })
}

/// The TOML parsed into the raw structs, after the size check.
pub(super) fn parse_raw(file: &str, source: &str) -> Result<RawScenario, ScenarioError> {
    let fail = |at: std::ops::Range<usize>, message: String| {
        ScenarioError::Invalid(diag::render(file, source, vec![Diag::new(at, message)]))
    };
    if source.len() > MAX_FILE_BYTES {
        let msg = format!(
            "the file is larger than {} KiB, the limit for a scenario",
            MAX_FILE_BYTES / 1024
        );
        return Err(fail(0..0, msg));
    }
    let raw = from_toml(source).map_err(|e| {
        let at = e.span().unwrap_or(0..0);
        fail(at.clone(), plain_message(e.message(), source, at.start))
    })?;
    let diags = super::limits::check_counts(&raw);
    if !diags.is_empty() {
        return Err(ScenarioError::Invalid(diag::render(file, source, diags)));
    }
    Ok(raw)
}

/// toml's and serde's message, in words for a teacher; never empty.
fn plain_message(message: &str, source: &str, at: usize) -> String {
    let found = source.get(at..).and_then(|s| s.chars().next());
    if let Some(c) = found.filter(|&c| fullwidth::ascii_for(c).is_some()) {
        if message.starts_with("expected `.`, `=`") && !matches!(c, '＝' | '\u{3000}') {
            let what = fullwidth::name(c);
            return format!("{what} — between a name and its value write '='");
        }
        return fullwidth::hint(c).unwrap_or_default();
    }
    let m = message.trim().replace('\n', " ");
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        if let Some((what, expected)) = rest.split_once(", expected ") {
            return format!("expected {}, found {}", words(expected), words(what));
        }
    }
    if let Some(rest) = m.strip_prefix("unknown field ") {
        let rest = rest.replace('`', "");
        return match rest.split_once(", expected ") {
            Some((key, allowed)) => {
                let allowed = allowed.trim_start_matches("one of ");
                format!("unknown key {key}: the keys allowed here are {allowed}")
            }
            None => format!("unknown key {rest}: no keys are allowed here"),
        };
    }
    if let Some(rest) = m.strip_prefix("missing field ") {
        return format!("{} is missing here", rest.replace('`', ""));
    }
    if let Some(plain) = syntax_words(&m) {
        return plain;
    }
    if m.is_empty() {
        // toml says nothing when the file ends right after `key =`.
        let before = source.get(..at).unwrap_or_default().trim_end();
        if before.ends_with('=') {
            return "a value is missing after =: a text in quotes, a number, true or false, \
                    [ ] or { }"
                .to_string();
        }
        return match found {
            Some(c) => format!(
                "TOML cannot read this: unexpected {}",
                fullwidth::describe(c)
            ),
            None => "TOML cannot read this: the file ends too early".to_string(),
        };
    }
    m
}

/// toml's syntax errors in words, by what they start or end with.
fn syntax_words(m: &str) -> Option<String> {
    if let Some((_, key)) = m.split_once("duplicate key `") {
        let key = key.split('`').next().unwrap_or_default();
        return Some(format!(
            "{key} is written twice: a key (or a [table]) may appear once in its table"
        ));
    }
    let table: &[(&str, &str)] = &[
        ("invalid table header", "this [table] header is not written right: [name] or [[name]] on a line of its own"),
        ("invalid multiline basic string", "this \"\"\" text is not closed by \"\"\", or has a character TOML does not allow"),
        ("invalid multiline literal string", "this ''' text is not closed by ''', or has a character TOML does not allow"),
        ("invalid basic string", "this \"...\" text is not closed on its line (use \"\"\" for several lines), or has a character TOML does not allow"),
        ("invalid literal string", "this '...' text is not closed on its line"),
        ("invalid escape sequence", "after a backslash TOML knows only \\n, \\t, \\\", \\\\ and \\u: write \\\\ for a backslash"),
        ("invalid inline table", "this { ... } table is not closed by }, or a comma is missing"),
        ("invalid array", "this [ ... ] list is not closed by ], or a comma is missing"),
        ("invalid key", "this is not a key: write name = value, with letters, digits, '-' and '_' in the name (or \"quotes\")"),
        ("invalid string", "a value is expected here: a text in quotes, a number, true or false, [ ] or { }"),
        ("expected `.`, `=`", "expected = after the key: write name = value"),
        ("expected newline", "expected the end of the line: one name = value a line (a comment starts with #)"),
        ("recursion limit exceeded", "lists or tables are nested too deeply here"),
        ("invalid number", "this is not a number TOML can read"),
        ("invalid integer", "this is not a whole number TOML can read"),
    ];
    table
        .iter()
        .find(|(start, _)| m.starts_with(start))
        .map(|(_, words)| words.to_string())
}

/// Rust type names as a teacher says them.
fn words(s: &str) -> String {
    s.replace("a sequence", "a list")
        .replace("sequence", "a list")
        .replace("a map", "a table")
        .replace("map", "a table")
        .replace("i64", "a whole number")
        .replace("f64", "a number")
        .replace("u32", "a whole number")
        .replace("a boolean", "true or false")
        .replace("a string", "a text")
        .replace("string ", "the text ")
        .replace("integer ", "the number ")
        .replace("floating point ", "the number ")
        .replace("boolean ", "")
        .replace("`", "")
}

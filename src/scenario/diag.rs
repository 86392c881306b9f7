//! Problems in a scenario file, reported as `FILE:LINE:COL: message`.

use std::ops::Range;

/// One problem at a byte range of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    pub span: Range<usize>,
    pub message: String,
    /// A byte offset inside the string value at `span`, when the problem is
    /// at one character of it (an expression's bad character).
    pub inner: Option<usize>,
}

impl Diag {
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Diag {
        Diag {
            span,
            message: message.into(),
            inner: None,
        }
    }

    /// A problem at byte `offset` of the string value written at `span`.
    pub fn within(span: Range<usize>, offset: usize, message: impl Into<String>) -> Diag {
        Diag {
            inner: Some(offset),
            ..Diag::new(span, message)
        }
    }

    /// Where to point: inside the string when its text is the value as written
    /// (a one-line string without escapes), else at the string.
    fn offset(&self, source: &str) -> usize {
        let start = self.span.start;
        let Some((inner, written)) = self.inner.zip(source.get(self.span.clone())) else {
            return start;
        };
        let plain = match written.chars().next() {
            Some('\'') => !written.starts_with("'''"),
            Some('"') => !written.starts_with("\"\"\"") && !written.contains('\\'),
            _ => false,
        };
        if plain && 1 + inner < written.len() {
            start + 1 + inner
        } else {
            start
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..floor_char_boundary(source, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Sort, drop repeats (a script checked under several variants), format.
pub fn render(file: &str, source: &str, mut diags: Vec<Diag>) -> Vec<String> {
    diags.sort_by(|a, b| {
        let key = |d: &Diag| (d.span.start, d.span.end, d.inner, d.message.clone());
        key(a).cmp(&key(b))
    });
    diags.dedup();
    diags
        .iter()
        .map(|d| {
            let (line, col) = line_col(source, d.offset(source));
            format!("{file}:{line}:{col}: {}", shorten(&d.message))
        })
        .collect()
}

/// Longest message shown: a pasted megabyte must not come back in an error.
const MAX_MESSAGE: usize = 400;

fn shorten(message: &str) -> String {
    if message.chars().count() <= MAX_MESSAGE {
        return message.to_string();
    }
    let cut: String = message.chars().take(MAX_MESSAGE).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let src = "a = 1\n名字 = \"x\"\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        let eq = src.find('=').unwrap();
        assert_eq!(line_col(src, eq), (1, 3));
        let second_eq = src.rfind('=').unwrap();
        assert_eq!(line_col(src, second_eq), (2, 4));
    }
}

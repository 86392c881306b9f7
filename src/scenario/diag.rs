//! Problems in a scenario file, reported as `FILE:LINE:COL: message`.

use std::ops::Range;

/// One problem at a byte range of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    pub span: Range<usize>,
    pub message: String,
}

impl Diag {
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Diag {
        Diag {
            span,
            message: message.into(),
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
        (a.span.start, a.span.end, &a.message).cmp(&(b.span.start, b.span.end, &b.message))
    });
    diags.dedup();
    diags
        .iter()
        .map(|d| {
            let (line, col) = line_col(source, d.span.start);
            format!("{file}:{line}:{col}: {}", d.message)
        })
        .collect()
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

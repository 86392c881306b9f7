//! Numbers three rows tall, for the values a class must read from the back of
//! the room: whole numbers in half blocks, every glyph one cell wide.

/// The rows of each digit, then of `-`.
const GLYPHS: [[&str; 3]; 11] = [
    ["█▀█", "█ █", "▀▀▀"],
    ["▀█ ", " █ ", "▀▀▀"],
    ["▀▀█", "█▀▀", "▀▀▀"],
    ["▀▀█", " ▀█", "▀▀▀"],
    ["█ █", "▀▀█", "  ▀"],
    ["█▀▀", "▀▀█", "▀▀▀"],
    ["█▀▀", "█▀█", "▀▀▀"],
    ["▀▀█", "  █", "  ▀"],
    ["█▀█", "█▀█", "▀▀▀"],
    ["█▀█", "▀▀█", "▀▀▀"],
    ["   ", "▀▀▀", "   "],
];

/// `n` as three rows of text, a space between glyphs.
pub(crate) fn big_rows(n: i64) -> [String; 3] {
    let text = n.to_string();
    let mut rows: [String; 3] = Default::default();
    for (i, c) in text.chars().enumerate() {
        let g = c.to_digit(10).map_or(10, |d| d as usize);
        for (row, part) in rows.iter_mut().zip(GLYPHS[g]) {
            if i > 0 {
                row.push(' ');
            }
            row.push_str(part);
        }
    }
    rows
}

/// Cells `n` takes drawn big.
pub(crate) fn big_width(n: i64) -> usize {
    let len = n.to_string().len();
    len * 4 - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_three_rows_of_equal_width() {
        let rows = big_rows(-1_234_567_890);
        for r in &rows {
            assert_eq!(r.chars().count(), big_width(-1_234_567_890));
        }
        assert_eq!(big_rows(10), ["▀█  █▀█", " █  █ █", "▀▀▀ ▀▀▀"]);
    }
}

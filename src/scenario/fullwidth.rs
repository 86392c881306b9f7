//! Characters a Chinese input method types in place of ASCII ones: named in
//! errors with the ASCII character to use instead.

/// The ASCII character `c` stands in for, when it is a full-width or
/// typographic look-alike (`（` → `(`, `，` → `,`, `“` → `"`).
pub fn ascii_for(c: char) -> Option<char> {
    let code = c as u32;
    if (0xFF01..=0xFF5E).contains(&code) {
        // The full-width forms block mirrors ASCII 0x21..=0x7E.
        return char::from_u32(code - 0xFEE0);
    }
    Some(match c {
        '\u{3000}' => ' ',
        '“' | '”' | '„' | '″' => '"',
        '‘' | '’' | '′' => '\'',
        '、' => ',',
        '。' => '.',
        '《' | '〈' => '<',
        '》' | '〉' => '>',
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        '×' => '*',
        '÷' => '/',
        '—' | '–' | '−' => '-',
        '…' => '.',
        _ => return None,
    })
}

/// "full-width '（' — use '(' instead", or None for an ordinary character.
pub fn hint(c: char) -> Option<String> {
    let ascii = ascii_for(c)?;
    Some(format!("{} — use {ascii:?} instead", name(c)))
}

/// "full-width '：'", or "a full-width space (U+3000)".
pub fn name(c: char) -> String {
    if c == '\u{3000}' {
        "a full-width space (U+3000)".to_string()
    } else {
        format!("full-width {c:?}")
    }
}

/// A description of a character for an error: `'x'`, with its code point
/// when it is not ASCII (it may be invisible: a zero-width space).
pub fn describe(c: char) -> String {
    if let Some(h) = hint(c) {
        h
    } else if c.is_ascii_graphic() {
        format!("{c:?}")
    } else {
        format!("{c:?} (U+{:04X})", c as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_map_to_ascii() {
        assert_eq!(ascii_for('（'), Some('('));
        assert_eq!(ascii_for('）'), Some(')'));
        assert_eq!(ascii_for('＋'), Some('+'));
        assert_eq!(ascii_for('－'), Some('-'));
        assert_eq!(ascii_for('＝'), Some('='));
        assert_eq!(ascii_for('，'), Some(','));
        assert_eq!(ascii_for('：'), Some(':'));
        assert_eq!(ascii_for('“'), Some('"'));
        assert_eq!(ascii_for('３'), Some('3'));
        assert_eq!(ascii_for('a'), None);
        assert_eq!(ascii_for('名'), None);
        assert_eq!(hint('（').unwrap(), "full-width '（' — use '(' instead");
        assert!(hint('\u{3000}').unwrap().contains("U+3000"));
        assert!(describe('\u{a0}').contains("U+00A0"));
    }
}

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

/// A Chinese character, or Chinese (full-width) punctuation.
#[cfg(test)]
pub fn is_chinese(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
        || "，。：；！？（）、…「」『』《》".contains(c)
}

/// Half-width punctuation used in Chinese text: `,` `:` `;` `!` `?` after a
/// Chinese character or before one (spaces between), `(` next to one, `)`
/// after one. Code keeps its own (`start() 之后`, `n = 100, 100 个`).
/// Each as (char index, the character).
#[cfg(test)]
pub fn half_width_in_chinese(text: &str) -> Vec<(usize, char)> {
    let cs: Vec<char> = text.chars().collect();
    let before = |i: usize| cs[..i].iter().rev().find(|c| !c.is_whitespace()).copied();
    let after = |i: usize| cs[i + 1..].iter().find(|c| !c.is_whitespace()).copied();
    let zh = |c: Option<char>| c.is_some_and(is_chinese);
    let mut out = Vec::new();
    for (i, &c) in cs.iter().enumerate() {
        let right_before = i.checked_sub(1).map(|j| cs[j]);
        let right_after = cs.get(i + 1).copied();
        let bad = match c {
            ',' | ':' | ';' | '!' | '?' => zh(right_before) || zh(after(i)),
            '(' => zh(right_after) || (zh(before(i)) && right_after != Some(')')),
            ')' => zh(right_before),
            _ => false,
        };
        if bad {
            out.push((i, c));
        }
    }
    out
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

    #[test]
    fn half_width_marks_next_to_chinese_are_found_and_code_is_left_alone() {
        let bad = |t: &str| -> Vec<char> { half_width_in_chinese(t).iter().map(|p| p.1).collect() };
        assert_eq!(bad("不加锁, n 是 99"), [',']);
        assert_eq!(bad("main: 所有线程"), [':']);
        assert_eq!(bad("停顿 (约 8 秒)"), ['(', ')']);
        assert_eq!(bad("好吗?"), ['?']);
        assert!(bad("调用 start() 之后，n = 100, 100 个").is_empty());
        assert!(bad("不加锁，n 最后是 99（约 8 秒）：`with mutex:` 里").is_empty());
        assert!(bad("time.sleep(0.08), n = tmp - 1").is_empty());
    }
}

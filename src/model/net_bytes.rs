//! The bytes of a chunk, from Python's repr (`hello\x00`), and the framed
//! protocol's pieces in them: a 4-byte big-endian length header, then that
//! many bytes of body (`struct.pack('!I', len(b))`).

/// One byte of a repr and the text that stands for it (`\x05`, `\n`, `a`).
#[derive(Debug, Clone, PartialEq)]
pub struct Byte<'a> {
    pub value: u8,
    pub text: &'a str,
}

/// Split a repr (without b'') into its bytes; a character that is not one
/// byte (never made by Python's repr) counts as one.
pub fn parse(repr: &str) -> Vec<Byte<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    let b = repr.as_bytes();
    while i < b.len() {
        let (value, len) = match (b[i], b.get(i + 1)) {
            (b'\\', Some(b'x')) => {
                match repr.get(i + 2..i + 4).map(|h| u8::from_str_radix(h, 16)) {
                    Some(Ok(v)) => (v, 4),
                    _ => (b'\\', 1),
                }
            }
            (b'\\', Some(&c)) => (escaped(c), 2),
            _ => {
                let ch = repr[i..].chars().next().expect("in bounds");
                (u8::try_from(u32::from(ch)).unwrap_or(b'?'), ch.len_utf8())
            }
        };
        out.push(Byte {
            value,
            text: &repr[i..i + len],
        });
        i += len;
    }
    out
}

fn escaped(c: u8) -> u8 {
    match c {
        b'n' => b'\n',
        b't' => b'\t',
        b'r' => b'\r',
        other => other,
    }
}

/// A piece of a chunk as the panel draws it.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// A length header: this many bytes follow.
    Header(u32),
    /// Bytes as their repr shows them.
    Body(String),
}

/// A chunk cut into frames when it starts with a length header (two zero
/// bytes first: lengths under 64 KiB, as the lessons send), else one body.
pub fn frames(repr: &str) -> Vec<Piece> {
    let bytes = parse(repr);
    let mut out = Vec::new();
    let mut rest = bytes.as_slice();
    while rest.len() >= 4 && rest[0].value == 0 && rest[1].value == 0 {
        let len = rest[..4]
            .iter()
            .fold(0u32, |acc, b| (acc << 8) | u32::from(b.value));
        out.push(Piece::Header(len));
        let body = (len as usize).min(rest.len() - 4);
        if body > 0 {
            out.push(Piece::Body(text_of(&rest[4..4 + body])));
        }
        rest = &rest[4 + body..];
    }
    if !rest.is_empty() {
        out.push(Piece::Body(text_of(rest)));
    }
    out
}

fn text_of(bytes: &[Byte<'_>]) -> String {
    bytes.iter().map(|b| b.text).collect()
}

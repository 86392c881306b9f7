//! Mutators for the fuzz harness: a seeded generator (the same inputs every
//! run unless CONLAB_FUZZ_SEED says otherwise) and the ways a careless user, a
//! Chinese input method or an attacker damages a scenario file.
#![allow(dead_code)]

/// xorshift64*: small, fast, reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// How many inputs: CONLAB_FUZZ_CASES scales the default (a multiplier).
pub fn scale() -> usize {
    std::env::var("CONLAB_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

pub fn seed() -> u64 {
    std::env::var("CONLAB_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(11)
}

/// Strings a keyboard, a paste or an attacker puts in a file.
pub fn nasty(rng: &mut Rng) -> String {
    const FIXED: &[&str] = &[
        "\u{3000}",
        "\u{a0}",
        "\u{200b}",
        "\u{feff}",
        "（",
        "）",
        "＋",
        "－",
        "＝",
        "，",
        "：",
        "“",
        "”",
        "＂",
        "［",
        "］",
        "｛",
        "｝",
        "。",
        "、",
        "１",
        "ｓ",
        "99999999999999999999",
        "1e300s",
        "1e20s",
        "0.1s..1e300s",
        "nans",
        "infs",
        "-1",
        "9223372036854775807",
        "-9223372036854775808",
        "1e400",
        "nan",
        "inf",
        "{",
        "}",
        "[",
        "]",
        "\"",
        "'",
        "'''",
        "\"\"\"",
        "\\",
        "\\u0000",
        "\0",
        "\r\n",
        "\n",
        "=",
        "{i}",
        "{nope}",
        "{pid}",
        "*",
        "#",
        ",",
        ".",
        "..",
        "-",
        "+",
        "=\"\"",
        "= []",
        "= {}",
        "= [[]]",
        "\"x\" = 1",
        "[[actors]]",
        "[[checks]]",
        "[params]",
        "[[variants]]",
        "\u{10FFFF}",
        "名字",
        "🦀",
    ];
    match rng.below(10) {
        0 => "(".repeat(1 + rng.below(5_000)),
        1 => vec!["1"; 2 + rng.below(300)].join("+"),
        2 => "x".repeat(30 + rng.below(10)),
        3 => "[".repeat(1 + rng.below(300)),
        4 => format!("{}s", rng.next()),
        _ => rng.pick(FIXED).to_string(),
    }
}

/// A value for `value`, `if`, `sleep` and the like.
pub fn nasty_value(rng: &mut Rng) -> String {
    let inner = match rng.below(6) {
        0 => format!("t{}1", nasty(rng)),
        1 => format!(
            "{}1{}",
            "(".repeat(rng.below(80)),
            ")".repeat(rng.below(80))
        ),
        2 => vec!["t"; 1 + rng.below(80)].join(" * "),
        3 => format!("{}s", nasty(rng)),
        _ => nasty(rng),
    };
    format!("\"{}\"", inner.replace(['\\', '"'], ""))
}

/// One mutation of `base` (the other scenarios give lines to splice).
pub fn mutate(rng: &mut Rng, base: &str, others: &[&str]) -> Vec<u8> {
    let mut b = base.as_bytes().to_vec();
    let at = |rng: &mut Rng, b: &Vec<u8>| rng.below(b.len() + 1);
    match rng.below(10) {
        0 => {
            let i = at(rng, &b).min(b.len().saturating_sub(1));
            if !b.is_empty() {
                b[i] = rng.next() as u8;
            }
        }
        1 | 2 => {
            let i = at(rng, &b);
            let s = nasty(rng);
            b.splice(i..i, s.bytes());
        }
        3 => return replace_value(rng, base),
        4 => {
            let i = at(rng, &b);
            let j = (i + rng.below(200)).min(b.len());
            b.drain(i..j);
        }
        5 => b.truncate(at(rng, &b)),
        6 => return duplicate_section(rng, base),
        7 => return splice_lines(rng, base, others),
        8 => {
            let i = at(rng, &b);
            const BAD: [&[u8]; 5] = [b"\xff", b"\xc3", b"\xe3\x80", b"\xed\xa0\x80", b"\x80"];
            let bad = *rng.pick(&BAD);
            b.splice(i..i, bad.iter().copied());
        }
        _ => {
            let line = format!(
                "\n{} = {}\n",
                rng.pick(&["value", "if", "sleep", "repeat", "name"]),
                nasty_value(rng)
            );
            let i = at(rng, &b);
            b.splice(i..i, line.bytes());
        }
    }
    b
}

/// Replace the value after some `= ` with a nasty one.
fn replace_value(rng: &mut Rng, base: &str) -> Vec<u8> {
    let eqs: Vec<usize> = base.match_indices("= ").map(|(i, _)| i + 2).collect();
    if eqs.is_empty() {
        return base.as_bytes().to_vec();
    }
    let i = *rng.pick(&eqs);
    let end = base[i..]
        .find([',', '\n', '}'])
        .map_or(base.len(), |e| i + e);
    format!("{}{}{}", &base[..i], nasty_value(rng), &base[end..]).into_bytes()
}

/// Repeat the lines from one `[` header to the next.
fn duplicate_section(rng: &mut Rng, base: &str) -> Vec<u8> {
    let lines: Vec<&str> = base.lines().collect();
    let heads: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with('['))
        .collect();
    if heads.is_empty() {
        return base.as_bytes().to_vec();
    }
    let k = rng.below(heads.len());
    let end = heads.get(k + 1).copied().unwrap_or(lines.len());
    let section = lines[heads[k]..end].join("\n");
    let times = 1 + rng.below(3);
    format!("{base}\n{}", format!("{section}\n").repeat(times)).into_bytes()
}

/// Put a few lines of another scenario somewhere in this one.
fn splice_lines(rng: &mut Rng, base: &str, others: &[&str]) -> Vec<u8> {
    let other: Vec<&str> = rng.pick(others).lines().collect();
    let mut lines: Vec<&str> = base.lines().collect();
    let from = rng.below(other.len());
    let n = 1 + rng.below(8);
    let chunk = &other[from..(from + n).min(other.len())];
    let at = rng.below(lines.len() + 1);
    lines.splice(at..at, chunk.iter().copied());
    lines.join("\n").into_bytes()
}

//! Chinese text in every built-in scenario uses full-width punctuation:
//! titles, summaries, lessons, pages, checks, labels, parameter help, the
//! listing's comments and the Chinese prints.

use super::fullwidth::half_width_in_chinese;

/// Every `zh` text of a TOML value, with where it is (`pages[2].text.zh`).
fn chinese_texts(v: &toml::Value, at: &str, out: &mut Vec<(String, String)>) {
    match v {
        toml::Value::Table(t) => {
            for (k, x) in t {
                let here = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                match (k.as_str(), x) {
                    ("zh", toml::Value::String(s)) => out.push((here, s.clone())),
                    _ => chinese_texts(x, &here, out),
                }
            }
        }
        toml::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                chinese_texts(x, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The text around char `i`, for a readable failure.
fn around(text: &str, i: usize) -> String {
    let cs: Vec<char> = text.chars().collect();
    let (a, b) = (i.saturating_sub(12), (i + 13).min(cs.len()));
    cs[a..b].iter().collect::<String>().replace('\n', " ")
}

#[test]
fn chinese_text_in_every_built_in_uses_full_width_punctuation() {
    let mut bad = Vec::new();
    for (file, source) in super::builtin::FILES {
        let v: toml::Value = toml::from_str(source).expect("a built-in parses");
        let mut texts = Vec::new();
        chinese_texts(&v, "", &mut texts);
        assert!(!texts.is_empty(), "{file}: no Chinese text at all");
        for (field, text) in texts {
            for (i, c) in half_width_in_chinese(&text) {
                bad.push(format!(
                    "{file}: {field}: {c:?} in \"…{}…\"",
                    around(&text, i)
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} half-width marks in Chinese text:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

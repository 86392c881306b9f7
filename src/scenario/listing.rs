//! The Python listing of a scenario: the program the run stands for, written
//! as a learner would write it, with `py = N` on the steps marking its lines.

use toml::Spanned;

use super::diag::Diag;
use super::raw::{PyLine, RawListing, RawScenario, RawVariant};
use super::text::Text;

/// Listings longer than this are refused: the pane is a page, not a file.
pub const MAX_LINES: usize = 60;

/// The listing `raw` holds, in both languages, checked: the two texts must
/// have the same number of lines, since one `py = N` marks both.
pub(super) fn build(raw: &Spanned<RawListing>, diags: &mut Vec<Diag>) -> Option<Text> {
    let text = match raw.get_ref() {
        RawListing::Same(s) => Text::new(trimmed(s), trimmed(s)),
        RawListing::Both(t) => Text::new(trimmed(&t.en), trimmed(&t.zh)),
    };
    let (en, zh) = (line_count(&text.en), line_count(&text.zh));
    if en != zh {
        let msg = format!(
            "the listing has {en} lines in English but {zh} in Chinese; \
             a `py = N` marks the same line in both, so they must match"
        );
        diags.push(Diag::new(raw.span(), msg));
        return None;
    }
    if en == 0 || en > MAX_LINES {
        let msg = format!("a listing has 1 to {MAX_LINES} lines, not {en}");
        diags.push(Diag::new(raw.span(), msg));
        return None;
    }
    Some(text)
}

/// The listing a variant shows: its own, else the scenario's.
pub(super) fn for_variant(
    raw: &RawScenario,
    variant: Option<&RawVariant>,
    diags: &mut Vec<Diag>,
) -> Option<Text> {
    let own = variant.and_then(|v| v.listing.as_ref());
    build(own.or(raw.listing.as_ref())?, diags)
}

/// The 1-based line `py` names in `lines`: a number in range, or the one
/// line containing a text (so variants whose listings differ can share steps).
pub(super) fn find_line(lines: &[String], py: &PyLine) -> Result<u32, String> {
    if lines.is_empty() {
        return Err("py needs a `listing` to point into".into());
    }
    match py {
        PyLine::Number(n) => match usize::try_from(*n) {
            Ok(k) if (1..=lines.len()).contains(&k) => Ok(k as u32),
            _ => Err(format!(
                "py = {n} is not a line of the listing (1 to {})",
                lines.len()
            )),
        },
        PyLine::Containing(text) => {
            let hits: Vec<usize> = (0..lines.len())
                .filter(|&i| lines[i].contains(text.as_str()))
                .collect();
            match hits.as_slice() {
                [one] => Ok(*one as u32 + 1),
                [] => Err(format!("no line of the listing contains {text:?}")),
                many => Err(format!(
                    "{text:?} is on lines {} of the listing; give more of the line",
                    many.iter()
                        .map(|i| (i + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
    }
}

/// Number of lines in a listing.
pub fn line_count(text: &str) -> usize {
    text.lines().count()
}

/// Without the blank lines at either end (TOML keeps a closing newline).
fn trimmed(s: &str) -> &str {
    s.trim_matches('\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spanned(l: RawListing) -> Spanned<RawListing> {
        #[derive(serde::Deserialize)]
        struct W {
            l: Spanned<RawListing>,
        }
        let src = match l {
            RawListing::Same(s) => format!("l = {s:?}"),
            RawListing::Both(t) => format!("l = {{ en = {:?}, zh = {:?} }}", t.en, t.zh),
        };
        toml::from_str::<W>(&src).unwrap().l
    }

    #[test]
    fn one_text_serves_both_languages() {
        let mut diags = Vec::new();
        let l = spanned(RawListing::Same("\nimport os\nprint(os.getpid())\n".into()));
        let text = build(&l, &mut diags).unwrap();
        assert!(diags.is_empty());
        assert_eq!(text.en, "import os\nprint(os.getpid())");
        assert_eq!(text.zh, text.en);
    }

    #[test]
    fn a_line_is_found_by_number_or_by_a_unique_text() {
        let lines: Vec<String> = ["p = Process()", "p.start()", "p.join()", "print(p)"]
            .map(String::from)
            .to_vec();
        assert_eq!(find_line(&lines, &PyLine::Number(2)), Ok(2));
        assert_eq!(find_line(&lines, &PyLine::Containing("join".into())), Ok(3));
        let twice = find_line(&lines, &PyLine::Containing("p.".into())).unwrap_err();
        assert!(twice.contains("lines 2, 3"), "{twice}");
        assert!(find_line(&lines, &PyLine::Number(5)).is_err());
        assert!(find_line(&lines, &PyLine::Containing("os".into())).is_err());
        assert!(find_line(&[], &PyLine::Number(1))
            .unwrap_err()
            .contains("listing"));
    }

    #[test]
    fn languages_must_have_the_same_lines() {
        let mut diags = Vec::new();
        let l = spanned(RawListing::Both(Text::new("a\nb", "甲")));
        assert!(build(&l, &mut diags).is_none());
        assert!(diags[0].message.contains("2 lines in English but 1"));
    }
}

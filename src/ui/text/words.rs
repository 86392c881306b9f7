//! Fixed UI wording in both languages, so every label can follow the `l` key.

use crate::scenario::text::Lang;

/// A UI label in English and Chinese, usable in `const` tables such as the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Words {
    /// Build a label at compile time, so tables stay `static`.
    pub const fn new(en: &'static str, zh: &'static str) -> Words {
        Words { en, zh }
    }

    /// The label in the language on screen.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// Shorthand for one-off labels inside a view.
pub(crate) fn tr(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    Words::new(en, zh).get(lang)
}

/// The title bar of the picker and the help overlay.
pub(crate) const APP_TITLE: &str = "conlab — 并发实验室 / concurrency lab";

#[cfg(test)]
mod tests {
    use crate::scenario::fullwidth::half_width_in_chinese;

    #[test]
    fn chinese_wording_uses_full_width_punctuation() {
        let zh = [super::APP_TITLE, super::Words::new("x", "中文：好").zh];
        for t in zh {
            assert!(half_width_in_chinese(t).is_empty(), "{t:?}");
        }
    }
}

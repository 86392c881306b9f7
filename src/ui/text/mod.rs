//! Text by display width: wrapped paragraphs, width-aware cutting (a Chinese
//! character takes two cells), and the fixed wording in both languages.
//!
//! Each module sees the whole `ui` namespace (`super::theme`, `super::width`)
//! through the glob below, as it did when the folder was flat.

#[allow(unused_imports)]
use super::*;

pub(in crate::ui) mod para;
pub(in crate::ui) mod width;
pub(in crate::ui) mod words;

#[cfg(test)]
mod zh_punct_tests;

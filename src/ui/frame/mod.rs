//! The frame around the panes: the run screen's layout, header, outcome line,
//! status bar, deadlock banner, help and popups, tabs, the lit panel of a
//! lesson page, the choices of the number keys, and the picker screen.
//!
//! Each module sees the whole `ui` namespace (`super::theme`, `super::width`)
//! through the glob below, as it did when the folder was flat.

#[allow(unused_imports)]
use super::*;

pub(in crate::ui) mod banner;
pub(in crate::ui) mod challenge_bar;
pub(in crate::ui) mod choices;
pub(in crate::ui) mod framed;
pub(in crate::ui) mod header;
pub(in crate::ui) mod help;
pub(in crate::ui) mod lit;
pub(in crate::ui) mod outcome_line;
pub(in crate::ui) mod pane;
pub(in crate::ui) mod picker;
pub(in crate::ui) mod picker_state;
pub(in crate::ui) mod popup;
pub(in crate::ui) mod screen;
pub(in crate::ui) mod status_bar;
pub(in crate::ui) mod tabs;

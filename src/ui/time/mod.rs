//! Time on screen: which slice of the run the timeline shows, its axis, the
//! time cursor, and the run as it stood at the cursor.
//!
//! Each module sees the whole `ui` namespace (`super::theme`, `super::width`)
//! through the glob below, as it did when the folder was flat.

#[allow(unused_imports)]
use super::*;

pub(in crate::ui) mod axis;
pub(in crate::ui) mod past;
pub(in crate::ui) mod time_cursor;
pub(in crate::ui) mod view_window;
pub(in crate::ui) mod window;

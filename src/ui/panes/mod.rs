//! The panes of the run screen: timeline, process tree, log, locks, queues,
//! pools, values, wait-for graph, turns, checks, listing and lesson, with the
//! pieces they share.
//!
//! Each module sees the whole `ui` namespace (`super::theme`, `super::width`)
//! through the glob below, as it did when the folder was flat.

#[allow(unused_imports)]
use super::*;

pub(in crate::ui) mod actors;
pub(in crate::ui) mod big_digits;
pub(in crate::ui) mod blocks;
pub(in crate::ui) mod caption;
pub(in crate::ui) mod checks_pane;
pub(in crate::ui) mod chunk_rows;
pub(in crate::ui) mod code_pane;
pub(in crate::ui) mod conn_head;
pub(in crate::ui) mod conn_rows;
pub(in crate::ui) mod connections;
pub(in crate::ui) mod explorer;
pub(in crate::ui) mod explorer_rows;
pub(in crate::ui) mod explorer_state;
pub(in crate::ui) mod explorer_wins;
pub(in crate::ui) mod findings_pane;
pub(in crate::ui) mod gil_lane;
pub(in crate::ui) mod group_lane;
pub(in crate::ui) mod jobs_pane;
pub(in crate::ui) mod lane_fold;
pub(in crate::ui) mod lane_groups;
pub(in crate::ui) mod lane_pick;
pub(in crate::ui) mod lane_plan;
pub(in crate::ui) mod lesson;
pub(in crate::ui) mod locks_pane;
pub(in crate::ui) mod log_pane;
pub(in crate::ui) mod loop_note;
pub(in crate::ui) mod pipe_rows;
pub(in crate::ui) mod pool_pane;
pub(in crate::ui) mod pool_rows;
pub(in crate::ui) mod proc_tree;
pub(in crate::ui) mod queue_gauges;
pub(in crate::ui) mod queue_pane;
pub(in crate::ui) mod share;
pub(in crate::ui) mod sync_rows;
pub(in crate::ui) mod sync_words;
pub(in crate::ui) mod table_pane;
pub(in crate::ui) mod timeline;
pub(in crate::ui) mod turns_pane;
pub(in crate::ui) mod values_pane;
pub(in crate::ui) mod wait_words;
pub(in crate::ui) mod waitfor_pane;

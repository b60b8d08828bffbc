//! Pieces shared by several pages.

pub mod dialog;
pub mod diff_stats;
pub mod feedback_dialog;
pub mod form;
pub mod header;
pub mod load_states;
pub mod next_task;
pub mod page_title;
pub mod pr_links;
pub mod relative_time;
pub mod revealed;
pub mod shortcuts;
pub mod status;
pub mod tabs;
pub mod task_limit;
pub mod task_link;
pub mod toast;
pub mod usage_badge;
pub mod virtual_list;

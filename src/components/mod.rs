//! Pieces shared by several pages.

pub mod load_states;
pub mod header;
pub mod page_title;
pub mod pr_links;
pub mod revealed;
pub mod feedback_dialog;
pub mod shortcuts;
pub mod status;
pub mod relative_time;
pub mod toast;
pub mod usage_badge;
pub mod virtual_list;

//! Pieces shared by several pages.

pub mod feedback;
pub mod header;
pub mod page_title;
pub mod pr_links;
pub mod revealed;
pub mod send_feedback;
pub mod shortcuts;
pub mod status;
pub mod time;
pub mod toast;
pub mod usage_badge;
pub mod virtual_list;

//! One module per route.

pub mod composer;
pub mod connected;
pub mod environments;
pub mod first_content;
pub mod lazy;
pub mod not_found;
pub mod preferences;
pub mod quick_start;
pub mod settings;
pub mod task;
pub mod tasks;
pub mod usage;
pub mod usage_detail;

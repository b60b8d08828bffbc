//! Pieces shared by several pages.

pub mod feedback;
pub mod header;
pub mod status;
pub mod time;

//! The app's logic that needs no browser, so it is tested with plain `cargo test` and fuzzed:
//!
//! * [`markdown`]: agent output to HTML that cannot run script or restyle the page; the only
//!   way API text reaches `inner_html`.
//! * [`citations`]: inline and structured citations to links (through `wham_api::links`, the
//!   one URL policy) and snapshot previews.
//! * [`branch_format`]: the preview of a branch name format and its unknown tokens.

pub mod branch_format;
pub mod citations;
pub mod markdown;

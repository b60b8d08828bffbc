//! The app's logic that needs no browser, so it is tested with plain `cargo test` and fuzzed:
//!
//! * [`markdown`]: agent output to HTML that cannot run script or restyle the page; the only
//!   way API text reaches `inner_html`.
//! * [`citations`]: inline and structured citations to links (through `wham_api::links`, the
//!   one URL policy) and snapshot previews.
//! * [`branch_format`]: the preview of a branch name format and its unknown tokens.
//! * [`diff_split`]: a diff's lines side by side.
//! * [`environment_draft`]: an environment being edited: checks and the request it makes.
//! * [`thread`]: a turn's `thread_events` reduced to items, plan, diff and errors.
//! * [`turn_tree`]: a task's turns as rounds of a prompt and its attempts.
//! * [`live`]: a running turn: the stream reducer and the session state machine.
//! * [`text_columns`]: how wide a line of code is drawn, for a sideways scroll.
//! * [`visible_range`]: which rows of a virtual list are in view.
//! * [`time_text`]: times in words.

pub mod branch_format;
pub mod citations;
pub mod diff_split;
pub mod environment_draft;
pub mod live;
pub mod markdown;
pub mod text_columns;
pub mod thread;
pub mod time_text;
pub mod turn_tree;
pub mod visible_range;

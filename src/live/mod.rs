//! The browser side of a live turn. The logic (applying items once each, reconnecting,
//! confirming the end) is `wham_model::live`, tested natively; here it meets the browser:
//!
//! * [`transport`] reads a stream: a browser `EventSource` when no credentials are needed,
//!   else `fetch` with a `ReadableStream` (an `EventSource` cannot send headers), both through
//!   the wham-api SSE parser's item types.
//! * [`driver`] runs a `wham_model::live::session::Session`: feeds it the stream's events and
//!   carries out its commands (open, close, frames, timers, reads), keeping signals the view
//!   renders.

pub mod driver;
pub mod transport;

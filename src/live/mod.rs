//! The live turn view: a turn's stream applied to the page as it arrives.
//!
//! * [`reducer`] applies stream items to a turn, once each, by id.
//! * [`transport`] reads the stream: a browser `EventSource` when no credentials are needed,
//!   else `fetch` with a `ReadableStream` (an `EventSource` cannot send headers), both through
//!   the wham-api SSE parser's item types.

pub mod reducer;
pub mod transport;

/// The kinds of stream item the page asks for.
pub const ITEM_TYPES: &[&str] = &["thread_event", "log", "task_turn_event", "work_log_message", "task_title_generated"];

/// How the stream is doing, for the person.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamState {
    Connecting,
    Live,
    /// Waiting to try again at this time (ms since the epoch).
    Reconnecting {
        next_try_ms: f64,
        attempt: u32,
    },
    Ended,
    Failed(String),
}

impl StreamState {
    pub fn label(&self) -> String {
        match self {
            StreamState::Connecting => "Connecting…".into(),
            StreamState::Live => "Live".into(),
            StreamState::Reconnecting { next_try_ms, .. } => {
                let seconds = ((next_try_ms - js_sys::Date::now()) / 1000.0).ceil().max(0.0);
                format!("Reconnecting in {seconds:.0}s")
            }
            StreamState::Ended => "Ended".into(),
            StreamState::Failed(reason) => format!("Stream failed: {reason}"),
        }
    }
}

/// Backoff before reconnect attempt `attempt` (1-based): 1 s, 2 s, 4 s … at most 30 s.
pub fn backoff_ms(attempt: u32) -> f64 {
    (1000.0 * 2f64.powi(attempt.saturating_sub(1).min(5) as i32)).min(30_000.0)
}

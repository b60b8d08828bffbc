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
            StreamState::Reconnecting { next_try_ms, .. } => reconnect_label(next_try_ms - js_sys::Date::now()),
            StreamState::Ended => "Ended".into(),
            StreamState::Failed(reason) => format!("Stream failed: {reason}"),
        }
    }
}

/// "Reconnecting in 3 s", or "Reconnecting…" once the wait is over (never "-0s").
pub fn reconnect_label(wait_ms: f64) -> String {
    let seconds = (wait_ms / 1000.0).ceil();
    if seconds.is_finite() && seconds >= 1.0 {
        format!("Reconnecting in {} s", seconds as u64)
    } else {
        "Reconnecting…".into()
    }
}

/// Backoff before reconnect attempt `attempt` (1-based): 1 s, 2 s, 4 s … at most 30 s.
pub fn backoff_ms(attempt: u32) -> f64 {
    (1000.0 * 2f64.powi(attempt.saturating_sub(1).min(5) as i32)).min(30_000.0)
}

//! A running turn, followed live. Pure logic, tested natively; the browser side (reading the
//! stream, timers, painting) is the app's `src/live/`.
//!
//! * [`reducer`]: applies stream items to a turn, once each, by id.
//! * [`session`]: the stream session as a state machine: connect, resume, back off, confirm
//!   the end, reconcile. Events in, commands out; it never touches a browser.

pub mod reducer;
pub mod session;

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
    /// What the page says, at `now_ms` (the countdown of a reconnect depends on it).
    pub fn label(&self, now_ms: f64) -> String {
        match self {
            StreamState::Connecting => "Connecting…".into(),
            StreamState::Live => "Live".into(),
            StreamState::Reconnecting { next_try_ms, .. } => reconnect_label(next_try_ms - now_ms),
            StreamState::Ended => "Ended".into(),
            StreamState::Failed(reason) => format!("Stream failed: {reason}"),
        }
    }

    /// A fixed class name for the state (never built from the reason).
    pub fn class(&self) -> &'static str {
        match self {
            StreamState::Connecting => "stream-connecting",
            StreamState::Live => "stream-live",
            StreamState::Reconnecting { .. } => "stream-reconnecting",
            StreamState::Ended => "stream-ended",
            StreamState::Failed(_) => "stream-failed",
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

//! Times as people read them: "5 minutes ago", "4:05" elapsed, and "unknown" for a time that
//! cannot be shown. The clock and the locale are the browser's (`src/browser/clock.rs`); the
//! words are here, so they are tested natively.

use wham_api::tolerant::Timestamp;

/// A time the page can show: finite, from 1970 to the year 9999 (see `Timestamp::as_seconds`).
pub fn showable(seconds: f64) -> Option<f64> {
    (seconds.is_finite() && (0.0..=wham_api::tolerant::LATEST_SECONDS).contains(&seconds)).then_some(seconds)
}

/// "3 hours ago" (or "in 5 minutes" for a future time), via the `timeago` crate; "unknown" for
/// a time that cannot be shown.
pub fn relative(seconds: f64, now: f64) -> String {
    let formatter = timeago::Formatter::new();
    let delta = now - seconds;
    if showable(seconds).is_none() || !delta.is_finite() {
        return "unknown".into();
    }
    if delta >= 0.0 {
        if delta < 45.0 {
            return "just now".into();
        }
        formatter.convert(std::time::Duration::from_secs_f64(delta))
    } else {
        let mut future = timeago::Formatter::new();
        future.ago("");
        format!("in {}", future.convert(std::time::Duration::from_secs_f64(-delta)).trim())
    }
}

/// The most a server's clock is taken to be ahead of the browser's: a moment that has happened
/// (a task's last change) up to this far in the future reads "just now", not "in 2 minutes".
/// Beyond it the time is shown as it is: that is a wrong time, not skew.
pub const CLOCK_SKEW_SECONDS: f64 = 600.0;

/// [`relative`] for a moment that has happened: within [`CLOCK_SKEW_SECONDS`] ahead of `now`,
/// it is the two clocks' difference and reads "just now".
pub fn relative_past(seconds: f64, now: f64) -> String {
    if seconds > now && seconds - now <= CLOCK_SKEW_SECONDS {
        return relative(now, now);
    }
    relative(seconds, now)
}

/// Seconds of a timestamp, if it has any.
pub fn seconds(timestamp: Option<&Timestamp>) -> Option<f64> {
    timestamp.and_then(Timestamp::as_seconds)
}

/// An elapsed time for a running turn: `4:05`, `1:02:03`, and past a day "2 d 3 h" (a turn
/// left running for days is not shown as thousands of minutes).
pub fn elapsed(seconds: u64) -> String {
    let (days, hours, minutes, rest) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    if days > 0 {
        format!("{days} d {hours} h")
    } else if hours > 0 {
        format!("{hours}:{minutes:02}:{rest:02}")
    } else {
        format!("{minutes}:{rest:02}")
    }
}

/// A time on the person's wall clock, as the browser reads it (`Date`'s local getters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WallClock {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

/// The exact time for a tooltip or a message: `2026-11-18 10:50:10`, the person's local time
/// in a 24-hour clock. Not the locale's own format: the browser's `Intl.DateTimeFormat` (and
/// `toLocaleString`, which builds one) loads the locale's data the first time, 20–90 ms of the
/// main thread on every page load, measured; and this form reads the same in every locale.
pub fn exact_text(time: WallClock) -> String {
    let WallClock { year, month, day, hour, minute, second } = time;
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
}

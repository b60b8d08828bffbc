//! Times for people: "5 minutes ago" with the exact local time on hover.

use wham_api::tolerant::Timestamp;

/// Unix seconds now, from the browser clock.
pub fn now_seconds() -> f64 {
    js_sys::Date::now() / 1000.0
}

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

/// The exact time in the person's locale and time zone.
pub fn exact(seconds: f64) -> String {
    if showable(seconds).is_none() {
        return "unknown".into();
    }
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds * 1000.0));
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
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

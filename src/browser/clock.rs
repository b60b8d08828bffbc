//! The browser's clock and time zone. The words for times ("5 minutes ago", the exact time) are
//! `wham_model::time_text`, tested natively.

use leptos::prelude::{set_interval, ArcTrigger, Notify, Track};
use wham_model::time_text::{exact_text, showable, WallClock};

/// Unix seconds now, from the browser clock.
pub fn now_seconds() -> f64 {
    js_sys::Date::now() / 1000.0
}

/// How often a relative time on the page ("2 minutes ago") is worked out again. Its words change
/// at most once a minute past the first ("just now" lasts 45 seconds), so a quarter of a minute
/// keeps them at most that late.
const RELATIVE_TIME_TICK: std::time::Duration = std::time::Duration::from_secs(15);

thread_local! {
    /// One trigger for the whole page, notified every tick by one timer set on first use (both
    /// live as long as the page: a relative time can be on any page).
    static TICK: ArcTrigger = {
        let tick = ArcTrigger::new();
        let notify = tick.clone();
        set_interval(move || notify.notify(), RELATIVE_TIME_TICK);
        tick
    };
}

/// Unix seconds now, for a view that shows a time relative to it: read inside a reactive
/// closure, the closure runs again every tick. The clock itself is read, not kept: a time kept
/// from the last tick could be seconds behind a task made since, and read "in 10 seconds".
pub fn ticking_now_seconds() -> f64 {
    TICK.with(|tick| tick.track());
    now_seconds()
}

/// The exact time on the person's clock, `2026-11-18 10:50:10` (see `time_text::exact_text`
/// for why not the locale's own format).
pub fn exact(seconds: f64) -> String {
    if showable(seconds).is_none() {
        return "unknown".into();
    }
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds * 1000.0));
    exact_text(WallClock {
        year: date.get_full_year() as i32,
        month: date.get_month() + 1,
        day: date.get_date(),
        hour: date.get_hours(),
        minute: date.get_minutes(),
        second: date.get_seconds(),
    })
}

/// The ISO form of a time, for `<time datetime>`.
pub fn iso(seconds: f64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds * 1000.0)).to_iso_string().into()
}

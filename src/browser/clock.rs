//! The browser's clock and time zone. The words for times ("5 minutes ago", the exact time) are
//! `wham_model::time_text`, tested natively.

use wham_model::time_text::{exact_text, showable, WallClock};

/// Unix seconds now, from the browser clock.
pub fn now_seconds() -> f64 {
    js_sys::Date::now() / 1000.0
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

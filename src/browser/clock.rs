//! The browser's clock and locale. The words for times ("5 minutes ago") are
//! `wham_model::time_text`, tested natively.

use wham_model::time_text::showable;

/// Unix seconds now, from the browser clock.
pub fn now_seconds() -> f64 {
    js_sys::Date::now() / 1000.0
}

/// The exact time in the person's locale and time zone.
pub fn exact(seconds: f64) -> String {
    if showable(seconds).is_none() {
        return "unknown".into();
    }
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds * 1000.0));
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}

/// The ISO form of a time, for `<time datetime>`.
pub fn iso(seconds: f64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds * 1000.0)).to_iso_string().into()
}

//! The browser's clock and locale. The words for times ("5 minutes ago") are
//! `wham_model::time_text`, tested natively.

use wham_model::time_text::showable;

/// Unix seconds now, from the browser clock.
pub fn now_seconds() -> f64 {
    js_sys::Date::now() / 1000.0
}

/// The exact time in the person's locale and time zone, as `Date.toLocaleString()` writes it.
pub fn exact(seconds: f64) -> String {
    if showable(seconds).is_none() {
        return "unknown".into();
    }
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds * 1000.0));
    let formatted = EXACT_FORMAT.with(|format| format.call1(&wasm_bindgen::JsValue::NULL, &date));
    formatted.ok().and_then(|text| text.as_string()).unwrap_or_else(|| "unknown".into())
}

thread_local! {
    /// One formatter for every exact time: `toLocaleString` builds a new one (the locale's data
    /// looked up again) on each call, which took 2 ms a row when the task list first painted.
    static EXACT_FORMAT: js_sys::Function = {
        let options = js_sys::Object::new();
        for field in ["year", "month", "day", "hour", "minute", "second"] {
            let _ = js_sys::Reflect::set(&options, &field.into(), &"numeric".into());
        }
        js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &options).format()
    };
}

/// The ISO form of a time, for `<time datetime>`.
pub fn iso(seconds: f64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds * 1000.0)).to_iso_string().into()
}

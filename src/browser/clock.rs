//! The browser's clock and locale. The words for times ("5 minutes ago") are
//! `wham_model::time_text`, tested natively.

use leptos::prelude::{ArcRwSignal, Get, Set};
use std::cell::Cell;
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

/// The exact time for a tooltip: `None` until the formatter is built, which waits until the
/// page is painted and idle (building it, the locale's data looked up, took ~37 ms of the
/// task that built the first rows at start). Reactive: the tooltips fill in once it is there.
pub fn exact_when_ready(seconds: f64) -> Option<String> {
    let ready = EXACT_FORMAT_READY.with(Clone::clone);
    if ready.get() {
        return Some(exact(seconds));
    }
    if !EXACT_FORMAT_PLANNED.replace(true) {
        crate::browser::idle::when_idle_after_paint(move || {
            EXACT_FORMAT.with(|_| ());
            ready.set(true);
        });
    }
    None
}

thread_local! {
    /// Whether [`EXACT_FORMAT`] is built; reference-counted, so no page's owner disposes it.
    static EXACT_FORMAT_READY: ArcRwSignal<bool> = ArcRwSignal::new(false);
    static EXACT_FORMAT_PLANNED: Cell<bool> = const { Cell::new(false) };
}

/// The ISO form of a time, for `<time datetime>`.
pub fn iso(seconds: f64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds * 1000.0)).to_iso_string().into()
}

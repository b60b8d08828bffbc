//! A relative time with the exact time on hover.

use crate::time::{exact, now_seconds, relative, showable};
use leptos::prelude::*;

#[component]
pub fn RelativeTime(seconds: Option<f64>) -> impl IntoView {
    match seconds.and_then(showable) {
        Some(seconds) => {
            let iso = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds * 1000.0)).to_iso_string();
            view! { <time datetime=String::from(iso) title=exact(seconds)>{relative(seconds, now_seconds())}</time> }
                .into_any()
        }
        None if seconds.is_some() => view! { <span class="muted">"unknown"</span> }.into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

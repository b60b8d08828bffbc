//! A relative time with the exact time on hover, kept current while the page stays open.

use crate::browser::clock::{exact, iso, ticking_now_seconds};
use leptos::prelude::*;
use wham_model::time_text::{relative, showable};

#[component]
pub fn RelativeTime(seconds: Option<f64>) -> impl IntoView {
    match seconds.and_then(showable) {
        Some(seconds) => view! {
            <time datetime=iso(seconds) title=exact(seconds)>
                {move || relative(seconds, ticking_now_seconds())}
            </time>
        }
        .into_any(),
        None if seconds.is_some() => view! { <span class="muted">"unknown"</span> }.into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

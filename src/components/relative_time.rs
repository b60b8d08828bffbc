//! A relative time with the exact time on hover, kept current while the page stays open.

use crate::browser::clock::{exact, iso, ticking_now_seconds};
use leptos::prelude::*;
use wham_model::time_text::{relative, relative_past, showable};

/// `upcoming` for a time expected ahead (a limit's reset); otherwise the time is a moment that
/// has happened, and one a little ahead of the browser's clock reads "just now" (the server's
/// clock runs ahead), not "in 2 minutes".
#[component]
pub fn RelativeTime(seconds: Option<f64>, #[prop(optional)] upcoming: bool) -> impl IntoView {
    let words = if upcoming { relative } else { relative_past };
    match seconds.and_then(showable) {
        Some(seconds) => view! {
            <time datetime=iso(seconds) title=exact(seconds)>
                {move || words(seconds, ticking_now_seconds())}
            </time>
        }
        .into_any(),
        None if seconds.is_some() => view! { <span class="muted">"unknown"</span> }.into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

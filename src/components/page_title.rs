//! The browser tab's title: each page names itself ("Fix flaky test · WHAM Web"), so tabs,
//! history and bookmarks say what they hold.

use leptos::prelude::*;

/// Sets `document.title` to `text · WHAM Web` while mounted, following `text` as it changes.
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    Effect::new(move |_| {
        let text = text.get();
        let title =
            if text.trim().is_empty() { "WHAM Web".to_string() } else { format!("{} · WHAM Web", text.trim()) };
        if let Some(document) = web_sys::window().and_then(|window| window.document()) {
            document.set_title(&title);
        }
    });
}

//! The header: product name, the main navigation, usage and feedback.

use crate::components::feedback_dialog::SendFeedback;
use crate::components::usage_badge::UsageBadge;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">
            "Skip to content"
        </a>
        <header class="app-header">
            <A href="/" attr:class="brand">
                "WHAM Web"
            </A>
            <nav aria-label="Main">
                <A href="/" exact=true>
                    "Tasks"
                </A>
                <A href="/environments">"Environments"</A>
                <A href="/settings">"Settings"</A>
            </nav>
            // Their code comes right after the first load (`pages::lazy`).
            <crate::pages::lazy::LazyHeaderTools />
        </header>
    }
}

/// The header's right end: the usage badge and the feedback button.
#[component]
pub fn HeaderTools() -> impl IntoView {
    view! {
        <div class="header-tools">
            <UsageBadge />
            <SendFeedback />
        </div>
    }
}

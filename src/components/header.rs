//! The header: product name and the main navigation.

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
            <UsageBadge />
            <SendFeedback />
        </header>
    }
}

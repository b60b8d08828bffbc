//! The header: product name, the main navigation, usage and feedback.

use crate::components::feedback_dialog::SendFeedback;
use crate::components::usage_badge::UsageBadge;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    let location = use_location();
    view! {
        <a class="skip-link" href="#main">
            "Skip to content"
        </a>
        <header class="app-header">
            <A href="/" attr:class="brand">
                "WHAM Web"
            </A>
            <nav aria-label="Main">
                // A plain link (the router still takes its click): `A` would mark it only on
                // `/` itself, and a task or the new-task page belongs to Tasks too.
                <a href="/" aria-current=move || in_tasks_section(&location.pathname.get()).then_some("page")>
                    "Tasks"
                </a>
                <A href="/environments">"Environments"</A>
                <A href="/settings">"Settings"</A>
            </nav>
            // Their code comes right after the first load (`pages::lazy`).
            <crate::pages::lazy::LazyHeaderTools />
        </header>
    }
}

/// Whether `path` is the task list or one of the pages under it (a task, a new task).
fn in_tasks_section(path: &str) -> bool {
    path == "/" || path == "/new" || path.starts_with("/tasks/")
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

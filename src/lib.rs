//! WHAM Web: a browser client for Codex cloud tasks.
//!
//! Components live here (and are tested by wasm-bindgen-test); `main.rs` only mounts [`App`].

pub mod api;
pub mod browser;
/// Browser-free pieces, re-exported where the pages expect them.
pub use wham_model::{citations, markdown};
pub mod components;
pub mod live;
pub mod pages;
pub mod reactive;

use api::connection::Connection;
use api::{use_api, ApiContext};
use components::header::Header;
use components::toast::{ToastRegion, Toasts};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;
use pages::composer::ComposerPage;
use pages::{
    environments::EnvironmentPage, environments::EnvironmentsPage, not_found::NotFound, settings::SettingsPage,
    task::TaskPage, tasks::TasksPage,
};

/// The whole app: header, routes, and the app-wide API context.
#[component]
pub fn App() -> impl IntoView {
    provide_context(ApiContext::new(Connection::load()));
    provide_context(Toasts::new());
    provide_context(pages::tasks::ListMemory::new());
    view! {
        <Router>
            <AuthRedirect />
            <Header />
            <BridgeNotice />
            <main id="main" class="main">
                <ErrorBoundary fallback=|errors| view! { <components::load_states::ErrorList errors=errors /> }>
                    <Routes fallback=|| view! { <NotFound /> }>
                        <Route path=path!("/") view=TasksPage />
                        <Route path=path!("/new") view=ComposerPage />
                        <Route path=path!("/tasks/:task_id") view=TaskPage />
                        <Route path=path!("/environments") view=EnvironmentsPage />
                        <Route path=path!("/environments/new") view=pages::environments::NewEnvironmentPage />
                        <Route path=path!("/environments/:environment_id") view=EnvironmentPage />
                        <Route
                            path=path!("/environments/:environment_id/edit")
                            view=pages::environments::EditEnvironmentPage
                        />
                        <Route path=path!("/settings") view=SettingsPage />
                        <Route path=path!("/usage") view=pages::usage::UsagePage />
                    </Routes>
                </ErrorBoundary>
            </main>
            <ToastRegion />
        </Router>
    }
}

/// A 401 anywhere brings the person to Settings → Connection, which explains what happened.
#[component]
fn AuthRedirect() -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if api.auth_problem.get().is_some() {
            navigate("/settings#connection", Default::default());
        }
    });
}

/// The local bridge refused this browser: say how to sign in, on every page.
#[component]
fn BridgeNotice() -> impl IntoView {
    let api = use_api();
    move || {
        api.bridge_login.get().map(|detail| {
            view! {
                <div class="notice notice-error bridge-notice" role="alert">
                    <strong>"Sign in to the bridge. "</strong>
                    {detail}
                </div>
            }
        })
    }
}

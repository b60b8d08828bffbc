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
pub mod start;

use api::connection::Connection;
use api::{use_api, ApiContext};
use components::header::Header;
use components::toast::{ToastRegion, Toasts};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::{path, Lazy};
use pages::lazy::{
    ComposerRoute, EditEnvironmentRoute, EnvironmentRoute, EnvironmentsRoute, NewEnvironmentRoute, SettingsRoute,
    TaskRoute, UsageRoute,
};
use pages::{not_found::NotFound, tasks::TasksPage};

/// The whole app: header, routes, and the app-wide API context.
#[component]
pub fn App() -> impl IntoView {
    provide_context(ApiContext::new(Connection::load()));
    provide_context(Toasts::new());
    provide_context(pages::tasks::ListMemory::new());
    components::task_limit::TaskLimitHome::provide();
    pages::lazy::preload_all(pages::first_content::FirstContent::provide());
    // The route's page is built one task after this frame (`start`).
    let routes_may_build = start::routes_may_build();
    view! {
        <Router>
            <AuthRedirect />
            <Header />
            <BridgeNotice />
            <main id="main" class="main">
                <ErrorBoundary fallback=|errors| view! { <components::load_states::ErrorList errors=errors /> }>
                    <Show when=move || routes_may_build.get()>
                        <AppRoutes />
                    </Show>
                </ErrorBoundary>
            </main>
            <ToastRegion />
        </Router>
    }
}

/// The app's pages, by address.
#[component]
fn AppRoutes() -> impl IntoView {
    // Built before `view!`: leptosfmt would unwrap `{Lazy::<…>::new()}`, which view! cannot read.
    let composer_route = Lazy::<ComposerRoute>::new();
    let task_route = Lazy::<TaskRoute>::new();
    let environments_route = Lazy::<EnvironmentsRoute>::new();
    let new_environment_route = Lazy::<NewEnvironmentRoute>::new();
    let environment_route = Lazy::<EnvironmentRoute>::new();
    let edit_environment_route = Lazy::<EditEnvironmentRoute>::new();
    let settings_route = Lazy::<SettingsRoute>::new();
    let usage_route = Lazy::<UsageRoute>::new();
    view! {
        <Routes fallback=|| view! { <NotFound /> }>
            // The task list is in the first load; every other page loads when
            // first opened (`pages::lazy`).
            <Route path=path!("/") view=TasksPage />
            <Route path=path!("/new") view=composer_route />
            <Route path=path!("/tasks/:task_id") view=task_route />
            <Route path=path!("/environments") view=environments_route />
            <Route path=path!("/environments/new") view=new_environment_route />
            <Route path=path!("/environments/:environment_id") view=environment_route />
            <Route path=path!("/environments/:environment_id/edit") view=edit_environment_route />
            <Route path=path!("/settings") view=settings_route />
            <Route path=path!("/usage") view=usage_route />
        </Routes>
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

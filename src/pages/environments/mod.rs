//! Environments: where tasks run.
//!
//! * `/environments` (this file): the list, pinned and recently used first, searched instantly
//!   over what is loaded and on the server (`?q=` in the URL).
//! * `detail.rs`: `/environments/:environment_id`, every field, reset cache, delete.
//! * `editor.rs`: `/environments/new` and `/environments/:environment_id/edit`.
//! * `diagnostics.rs`: testing an environment, its output streamed.
//! * `other_lists.rs`: finding environments by repository, and the Codex CLI's list.

mod detail;
mod diagnostics;
mod editor;
mod other_lists;

pub use detail::EnvironmentPage;
pub use editor::{EditEnvironmentPage, NewEnvironmentPage};

use crate::api::use_api;
use crate::components::load_states::{Empty, Loaded};
use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use wham_api::models::{Environment, EnvironmentList, EnvironmentName};
use wham_api::routes::encode_component;

const NO_ENVIRONMENTS_HINT: &str = "Create one to give tasks a repository and a setup.";

/// The app's path of an environment's page.
pub fn environment_href(id: &str) -> String {
    format!("/environments/{}", encode_component(id))
}

/// Whether an environment's name or repositories contain `query` (any case).
fn matches(environment: &Environment, query: &str) -> bool {
    let query = query.trim().to_lowercase();
    query.is_empty()
        || environment.display_name().to_lowercase().contains(&query)
        || environment
            .repo_map
            .values()
            .any(|repo| repo.full_name().is_some_and(|name| name.to_lowercase().contains(&query)))
}

/// Pinned first, then in the order of recent use, then the rest as listed.
fn ordered(mut all: Vec<Environment>, recent: &[EnvironmentName]) -> Vec<Environment> {
    let rank = |environment: &Environment| {
        let pinned = environment.is_pinned.unwrap_or(false);
        let recent = recent.iter().position(|used| used.id == environment.id).unwrap_or(usize::MAX);
        (!pinned, recent)
    };
    all.sort_by_key(rank);
    all
}

#[component]
pub fn EnvironmentsPage() -> impl IntoView {
    let api = use_api();
    let query_map = use_query_map();
    let navigate = use_navigate();
    let search = Memo::new(move |_| query_map.read().get("q").unwrap_or_default());
    let environments = LocalResource::new(move || async move {
        let (all, recent) = futures::future::join(
            crate::api::environments::with_creators(api),
            crate::api::environments::recent::<EnvironmentName>(api),
        )
        .await;
        Ok::<_, crate::api::ApiError>(ordered(all?.0, &recent.map(|list| list.0).unwrap_or_default()))
    });
    // The server may know environments this list does not show (another page of them, or one
    // just made elsewhere): its search results are added below the instant ones.
    let found = LocalResource::new(move || {
        let query = search.get();
        async move {
            if query.trim().is_empty() {
                return EnvironmentList::default();
            }
            crate::api::environments::search(api, query.trim()).await.unwrap_or_default()
        }
    });
    let set_search = move |text: String| {
        let href = if text.is_empty() {
            "/environments".to_string()
        } else {
            format!("/environments?q={}", encode_component(&text))
        };
        navigate(&href, NavigateOptions { replace: true, scroll: false, ..Default::default() });
    };
    let show = move |all: Vec<Environment>| {
        move || {
            let query = search.get();
            let mut shown: Vec<Environment> = all.iter().filter(|e| matches(e, &query)).cloned().collect();
            let extra = found.get().map(|list| list.0).unwrap_or_default();
            for environment in extra {
                if !shown.iter().any(|known| known.id == environment.id) {
                    shown.push(environment);
                }
            }
            if all.is_empty() {
                view! { <Empty title="No environments yet" hint=NO_ENVIRONMENTS_HINT /> }.into_any()
            } else if shown.is_empty() {
                view! { <Empty title="No matching environments" hint="Try another name or repository." /> }.into_any()
            } else {
                view! { <EnvironmentCards environments=shown /> }.into_any()
            }
        }
    };
    view! {
        <section class="page environments-page">
            <PageTitle text="Environments" />
            <div class="page-head">
                <h1>"Environments"</h1>
                <A href="/environments/new" attr:class="button primary">
                    "New environment"
                </A>
            </div>
            <div class="toolbar">
                <input
                    class="search"
                    type="search"
                    placeholder="Search by name or repository"
                    aria-label="Search environments"
                    prop:value=move || search.get()
                    on:input=move |event| set_search(event_target_value(&event))
                />
            </div>
            <Loaded resource=environments loading="Loading environments…" view=show />
            <other_lists::FindByRepository />
            <other_lists::CodexCliList />
        </section>
    }
}

#[component]
pub(crate) fn EnvironmentCards(environments: Vec<Environment>) -> impl IntoView {
    view! {
        <ul class="card-list">
            {environments
                .into_iter()
                .map(|environment| {
                    let repos: Vec<String> = environment
                        .repo_map
                        .values()
                        .filter_map(|repo| repo.full_name().map(str::to_string))
                        .collect();
                    let creator = environment
                        .creator
                        .as_ref()
                        .and_then(|creator| creator.name.clone().or(creator.email.clone()));
                    let (id, name) = (environment.id.clone(), environment.display_name());
                    let machine = environment
                        .machine
                        .as_ref()
                        .and_then(|machine| machine.get("label").and_then(|label| label.as_str()).map(str::to_string));
                    view! {
                        <li class="card" data-environment-id=id.clone()>
                            <A href=environment_href(&id) attr:class="card-title">
                                {name}
                            </A>
                            {environment
                                .is_pinned
                                .unwrap_or(false)
                                .then(|| view! { <span class="badge">"Pinned"</span> })}
                            <span class="muted">{repos.join(", ")}</span>
                            <span class="muted">{environment.task_count.map(|count| format!("{count} tasks"))}</span>
                            {creator.map(|name| view! { <span class="muted">"by " {name}</span> })}
                            {machine.map(|label| view! { <span class="muted">"on " {label}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

//! Two more ways to find an environment, below the list: by a repository's `owner/name`
//! (`/wham/environments/by-repo/github/{owner}/{repository}`), and the list the Codex CLI sees
//! (`/codex/environments`, each with its repositories from `/codex/environments/{id}/repos`).

use super::{environment_href, EnvironmentCards};
use crate::api::{use_api, ApiError, EnvironmentId};
use crate::components::load_states::{ErrorNotice, Loaded};
use leptos::prelude::*;
use wham_api::models::EnvironmentList;

#[component]
pub fn FindByRepository() -> impl IntoView {
    let api = use_api();
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let find = Action::new_local(move |full_name: &String| {
        let full_name = full_name.trim().to_string();
        async move {
            let Some((owner, name)) = full_name
                .split_once('/')
                .filter(|(owner, name)| !owner.is_empty() && !name.is_empty() && !name.contains('/'))
            else {
                return Err(ApiError::invalid("repository", "Write the repository as owner/name."));
            };
            crate::api::environments::by_repository(api, owner, name).await
        }
    });
    Effect::new(move |_| {
        if let Some(result) = find.value().get() {
            error.set(result.err());
        }
    });
    let found = move || find.value().get().and_then(Result::ok).map(|list| list.0);
    view! {
        <form
            class="panel find-by-repository"
            on:submit=move |event| {
                event.prevent_default();
                find.dispatch(typed.get_untracked());
            }
        >
            <label for="by-repository">"Find by repository"</label>
            <input
                id="by-repository"
                type="text"
                placeholder="owner/name"
                autocomplete="off"
                prop:value=move || typed.get()
                on:input=move |event| typed.set(event_target_value(&event))
            />
            <button class="button" type="submit">
                "Find"
            </button>
            <ErrorNotice error=error />
            {move || {
                found()
                    .map(|list| match list.is_empty() {
                        true => view! { <p class="muted">"No environment uses this repository."</p> }.into_any(),
                        false => view! { <EnvironmentCards environments=list /> }.into_any(),
                    })
            }}
        </form>
    }
}

#[component]
pub fn CodexCliList() -> impl IntoView {
    let api = use_api();
    let listed = LocalResource::new(move || crate::api::environments::codex_cli(api));
    let show = |list: EnvironmentList| {
        if list.0.is_empty() {
            return view! { <p class="muted">"The Codex CLI sees no environment."</p> }.into_any();
        }
        view! {
            <ul class="plain">
                {list
                    .0
                    .into_iter()
                    .map(|environment| {
                        let name = environment.display_name();
                        view! { <CliEntry id=environment.id name=name /> }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <details class="panel codex-cli">
            <summary>"As the Codex CLI lists them"</summary>
            <Loaded resource=listed loading="Loading the Codex CLI list…" view=show />
        </details>
    }
}

#[component]
fn CliEntry(id: String, name: String) -> impl IntoView {
    let api = use_api();
    let href = environment_href(&id);
    let id = EnvironmentId::from(id);
    let repositories = LocalResource::new(move || {
        let id = id.clone();
        async move { crate::api::environments::codex_cli_repositories(api, &id).await }
    });
    let names = move || {
        repositories.get().map(|found| match found {
            Ok(list) => {
                list.0.iter().filter_map(|repo| repo.full_name().map(str::to_string)).collect::<Vec<_>>().join(", ")
            }
            Err(error) => error.message(),
        })
    };
    view! {
        <li>
            <a href=href>{name}</a>
            " "
            <span class="muted">{names}</span>
        </li>
    }
}

//! Settings → GitHub and machines (`/settings#github`, `/settings#machines`): the GitHub
//! installations the account can use (`/wham/github/installations/v2` and the older
//! `/installations`, with those that send no events from `/installations/events/v2` and
//! `/events`), each with its repositories on request, the saved GitHub handle, and the
//! machines (`/wham/machines`; none is said as such).

use crate::api::use_api;
use crate::components::load_states::{ErrorNotice, Loaded};
use leptos::prelude::*;
use wham_api::models::Installation;

#[component]
pub fn GithubPanel() -> impl IntoView {
    let api = use_api();
    // Both generations of the endpoints: an installation only the older one lists is shown
    // too, and so is one that either says sends no events.
    let installations = LocalResource::new(move || async move {
        let (mut current, older) = futures::future::join(
            crate::api::account::github_installations(api),
            crate::api::account::github_installations_v1(api),
        )
        .await;
        if let (Ok(current), Ok(older)) = (current.as_mut(), older) {
            for installation in older.installations {
                let known = current.memberships.iter().chain(&current.other).any(|known| known.id == installation.id);
                if !known {
                    current.other.push(installation);
                }
            }
        }
        current
    });
    let quiet = LocalResource::new(move || async move {
        let (current, older) = futures::future::join(
            crate::api::account::github_installation_events(api),
            crate::api::account::github_installation_events_v1(api),
        )
        .await;
        let mut quiet = current.map(|found| found.installations_without_events).unwrap_or_default();
        for installation in older.map(|found| found.installations_without_events).unwrap_or_default() {
            if !quiet.contains(&installation) {
                quiet.push(installation);
            }
        }
        Ok::<_, crate::api::ApiError>(wham_api::models::InstallationEventsResponse {
            installations_without_events: quiet,
            ..Default::default()
        })
    });
    let handle = LocalResource::new(move || async move { crate::api::account::github_user_handle(api).await });
    let row = |installation: Installation| view! { <InstallationRow installation=installation /> };
    view! {
        <section id="github" class="panel" aria-labelledby="github-title">
            <h2 id="github-title">"GitHub"</h2>
            <p>
                {move || match handle.get() {
                    Some(Ok(found)) => {
                        match found.github_handle {
                            Some(name) if !name.is_empty() => format!("Signed in to GitHub as {name}."),
                            _ => "No GitHub handle saved.".to_string(),
                        }
                    }
                    Some(Err(error)) => error.message(),
                    None => "Checking the GitHub account…".to_string(),
                }}
            </p>
            <Loaded
                resource=installations
                loading="Loading installations…"
                view=move |value| match value {
                    found if found.memberships.is_empty() && found.other.is_empty() => {
                        view! {
                            <p class="muted">
                                "No GitHub installation: install the Codex app on an account to use its repositories."
                            </p>
                        }
                            .into_any()
                    }
                    found => {
                        view! {
                            <h3>"Installations"</h3>
                            <ul class="installations">
                                {found.memberships.into_iter().chain(found.other).map(row).collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                }
            />
            {move || {
                quiet
                    .get()
                    .and_then(Result::ok)
                    .filter(|found| !found.installations_without_events.is_empty())
                    .map(|found| {
                        view! {
                            <p class="notice notice-warn" role="status">
                                {found.installations_without_events.len()}
                                " installation(s) send no events to Codex: pull request updates may not arrive. "
                                "Check the app's permissions on GitHub."
                            </p>
                        }
                    })
            }}
        </section>
    }
}

#[component]
pub fn MachinesPanel() -> impl IntoView {
    let api = use_api();
    let machines = LocalResource::new(move || crate::api::account::machines(api));
    view! {
        <section id="machines" class="panel" aria-labelledby="machines-title">
            <h2 id="machines-title">"Machines"</h2>
            <Loaded
                resource=machines
                loading="Loading machines…"
                view=move |value| match value {
                    found if found.machines.is_empty() => {
                        view! { <p class="muted">"No machines: tasks run on the default machine."</p> }.into_any()
                    }
                    found => {
                        view! {
                            <ul class="machines">
                                {found
                                    .machines
                                    .into_iter()
                                    .map(|machine| {
                                        let name = machine.label.clone().unwrap_or_else(|| machine.machine_id.clone());
                                        view! {
                                            <li>
                                                <strong>{name}</strong>
                                                " "
                                                <span class="muted">{machine.specs()}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                }
            />
        </section>
    }
}

/// An installation, with its repositories on request: their permissions and merge policies.
#[component]
fn InstallationRow(installation: Installation) -> impl IntoView {
    let api = use_api();
    let name = installation.account_login.clone().unwrap_or_else(|| installation.id.clone());
    let kind = installation.account_type.clone().unwrap_or_default();
    let open = RwSignal::new(false);
    let id = installation.id.clone();
    let repositories = LocalResource::new(move || {
        let id = id.clone();
        let wanted = open.get();
        async move {
            match wanted {
                true => crate::api::account::installation_repositories(api, &id).await.map(Some),
                false => Ok(None),
            }
        }
    });
    let show_repositories = |found: Option<wham_api::models::RepositoriesResponse>| {
        let repositories = found.map(|found| found.repositories).unwrap_or_default();
        view! { <RepositoryTable repositories=repositories /> }
    };
    view! {
        <li>
            <strong>{name}</strong>
            " "
            <span class="muted">{kind}</span>
            " "
            <button
                class="button small"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|open| *open = !*open)
            >
                {move || if open.get() { "Hide repositories" } else { "Repositories" }}
            </button>
            <Show when=move || open.get()>
                <Loaded resource=repositories loading="Loading repositories…" view=show_repositories />
            </Show>
        </li>
    }
}

/// Yes, no, or unknown, for a repository's setting.
fn setting(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "—",
    }
}

#[component]
fn RepositoryTable(repositories: Vec<wham_api::models::Repository>) -> impl IntoView {
    if repositories.is_empty() {
        return view! { <p class="muted">"This installation grants no repository."</p> }.into_any();
    }
    view! {
        <table class="repositories">
            <thead>
                <tr>
                    <th scope="col">"Repository"</th>
                    <th scope="col">"Permissions"</th>
                    <th scope="col">"Merge"</th>
                    <th scope="col">"Squash"</th>
                    <th scope="col">"Rebase"</th>
                    <th scope="col">"Auto-merge"</th>
                </tr>
            </thead>
            <tbody>
                {repositories
                    .into_iter()
                    .map(|repo| {
                        let permissions = repo.granted_permissions();
                        view! {
                            <tr>
                                <td>{repo.full_name().unwrap_or("—").to_string()}</td>
                                <td>{permissions}</td>
                                <td>{setting(repo.allow_merge_commit)}</td>
                                <td>{setting(repo.allow_squash_merge)}</td>
                                <td>{setting(repo.allow_rebase_merge)}</td>
                                <td>{setting(repo.allow_auto_merge)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Settings → Code review (`/settings#code-review`): each repository's review preference,
/// changed in place (saved at once, the server's answer shown).
#[component]
pub fn CodeReviewPanel() -> impl IntoView {
    let api = use_api();
    let settings = LocalResource::new(move || crate::api::account::code_review_settings(api));
    let show = |found: wham_api::models::CodeReviewSettings| {
        if found.repo_review_settings.is_empty() {
            return view! { <p class="muted">"No repository has code review settings."</p> }.into_any();
        }
        view! {
            <ul class="plain">
                {found.repo_review_settings.into_iter().map(|entry| view! { <ReviewRow entry=entry /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section id="code-review" class="panel" aria-labelledby="code-review-title">
            <h2 id="code-review-title">"Code review"</h2>
            <Loaded resource=settings loading="Loading code review settings…" view=show />
        </section>
    }
}

#[component]
fn ReviewRow(entry: wham_api::models::RepoReviewSetting) -> impl IntoView {
    let api = use_api();
    let toasts = crate::components::toast::use_toasts();
    let repository = entry.repository.clone().unwrap_or_default();
    let name = repository.full_name().unwrap_or("—").to_string();
    let chosen = RwSignal::new(
        entry.review_preference.clone().or(entry.global_review_preference.clone()).unwrap_or_else(|| "inherit".into()),
    );
    let error = RwSignal::new(None::<crate::api::ApiError>);
    let repository_id = repository.id.clone();
    let save = Action::new_local(move |preference: &String| {
        let update = wham_api::models::CodeReviewUpdate {
            repository_id: repository_id.clone(),
            review_preference: preference.clone(),
            ..Default::default()
        };
        async move { crate::api::account::update_code_review(api, &update).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            toasts.success("Code review preference saved");
        }
        Some(Err(failure)) => error.set(Some(failure)),
        None => {}
    });
    let id = format!("review-{}", repository.id);
    view! {
        <li>
            <label for=id.clone()>
                <strong>{name}</strong>
                " reviews: "
            </label>
            <select
                id=id
                prop:value=move || chosen.get()
                disabled=move || save.pending().get()
                on:change=move |event| {
                    let preference = event_target_value(&event);
                    chosen.set(preference.clone());
                    save.dispatch(preference);
                }
            >
                {wham_api::models::REVIEW_PREFERENCES
                    .iter()
                    .map(|preference| view! { <option value=*preference>{preference.replace('_', " ")}</option> })
                    .collect_view()}
            </select>
            <ErrorNotice error=error />
        </li>
    }
}

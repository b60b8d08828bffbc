//! Settings → GitHub and machines (`/settings#github`, `/settings#machines`): the GitHub
//! installations the account can use (`/wham/github/installations/v2`, with those that send no
//! events from `/wham/github/installations/events/v2`), the saved GitHub handle, and the
//! machines (`/wham/machines`; none is said as such).

use crate::api::use_api;
use crate::components::load_states::Loaded;
use leptos::prelude::*;
use wham_api::models::Installation;

#[component]
pub fn GithubPanel() -> impl IntoView {
    let api = use_api();
    let installations = LocalResource::new(move || async move { crate::api::account::github_installations(api).await });
    let quiet = LocalResource::new(move || async move { crate::api::account::github_installation_events(api).await });
    let handle = LocalResource::new(move || async move { crate::api::account::github_user_handle(api).await });
    let row = |installation: Installation| {
        let name = installation.account_login.clone().unwrap_or_else(|| installation.id.clone());
        let kind = installation.account_type.clone().unwrap_or_default();
        view! {
            <li>
                <strong>{name}</strong>
                " "
                <span class="muted">{kind}</span>
            </li>
        }
    };
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
                                        let cpu = machine
                                            .cpu_limit
                                            .filter(|value| value.is_finite())
                                            .map(|cpu| format!("{cpu} CPU"));
                                        let memory = machine
                                            .memory_limit_mb
                                            .map(|mb| format!("{:.0} GB memory", mb as f64 / 1024.0));
                                        let disk = machine
                                            .disk_limit_mb
                                            .map(|mb| format!("{:.0} GB disk", mb as f64 / 1024.0));
                                        let details: Vec<String> = [cpu, memory, disk].into_iter().flatten().collect();
                                        view! {
                                            <li>
                                                <strong>{name}</strong>
                                                " "
                                                <span class="muted">{details.join(" · ")}</span>
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

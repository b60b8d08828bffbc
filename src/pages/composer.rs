//! `/new`: the composer. Prompt with a markdown preview, environment (recent first, preselected
//! from `?env=` or `?repo=owner/name`), branch with GitHub branch search, Ask or Code, attempts
//! 1–4. The draft is kept in local storage until the task is created, so a reload or a failed
//! submit loses nothing.

use crate::api::{use_api, ApiError};
use crate::browser::clock::exact;
use crate::components::form::Radio;
use crate::components::page_title::PageTitle;
use crate::markdown;
use crate::reactive::SetIfAlive;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde::{Deserialize, Serialize};
use wham_api::models::{CreateTaskRequest, Environment};

const DRAFT_KEY: &str = "wham-web.draft";

/// What the person has typed so far.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub prompt: String,
    pub environment_id: String,
    pub branch: String,
    pub ask_mode: bool,
    pub attempts: u32,
}

impl Draft {
    pub fn load() -> Draft {
        LocalStorage::get::<Draft>(DRAFT_KEY).unwrap_or(Draft { attempts: 1, ..Default::default() })
    }

    pub fn save(&self) {
        let _ = LocalStorage::set(DRAFT_KEY, self);
    }

    pub fn clear() {
        LocalStorage::delete(DRAFT_KEY);
    }

    /// The request body the official clients send.
    pub fn request(&self) -> CreateTaskRequest {
        let branch = Some(self.branch.trim()).filter(|branch| !branch.is_empty());
        CreateTaskRequest::new_task(
            &self.environment_id,
            branch,
            self.prompt.trim(),
            self.ask_mode,
            self.attempts.clamp(1, 4),
        )
    }
}

/// Which environment to preselect: the draft's, else the one for `?env=`, else for `?repo=`.
pub fn preselect(
    environments: &[Environment],
    draft_id: &str,
    env: Option<&str>,
    repo: Option<&str>,
) -> Option<String> {
    let exists = |id: &str| environments.iter().any(|environment| environment.id == id);
    if !draft_id.is_empty() && exists(draft_id) {
        return Some(draft_id.to_string());
    }
    if let Some(env) = env.filter(|env| exists(env)) {
        return Some(env.to_string());
    }
    if let Some(repo) = repo {
        let repo = repo.to_lowercase();
        if let Some(environment) = environments.iter().find(|environment| {
            environment
                .repo_map
                .values()
                .any(|entry| entry.full_name().map(str::to_lowercase).as_deref() == Some(repo.as_str()))
        }) {
            return Some(environment.id.clone());
        }
    }
    environments.first().map(|environment| environment.id.clone())
}

#[component]
pub fn ComposerPage() -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let query = use_query_map();
    let draft = RwSignal::new(Draft::load());
    if draft.with_untracked(|draft| draft.attempts == 0) {
        draft.update(|draft| draft.attempts = 1);
    }
    // Every change is saved at once.
    Effect::new(move |_| draft.with(Draft::save));

    let environments = LocalResource::new(move || async move {
        crate::api::environments::recent::<Environment>(api).await.map(|list| list.0)
    });
    Effect::new(move |_| {
        if let Some(Ok(list)) = environments.get() {
            let (env, repo) = query.with_untracked(|query| (query.get("env"), query.get("repo")));
            let current = draft.with_untracked(|draft| draft.environment_id.clone());
            if let Some(id) = preselect(&list, &current, env.as_deref(), repo.as_deref()) {
                if id != current {
                    draft.update(|draft| draft.environment_id = id);
                }
            }
        }
    });
    // A failed load is tried again every few seconds and when the browser is back online, so a
    // server that returns is noticed without a reload.
    let retry_timer = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    Effect::new(move |_| {
        if let Some(Err(failure)) = environments.get() {
            if failure.is_retryable() {
                let handle =
                    set_timeout_with_handle(move || environments.refetch(), std::time::Duration::from_secs(5)).ok();
                retry_timer.set_value(handle);
            }
        }
    });
    let online = window_event_listener(leptos::ev::online, move |_| {
        if matches!(environments.get_untracked(), Some(Err(_))) {
            environments.refetch();
        }
    });
    on_cleanup(move || {
        online.remove();
        if let Some(handle) = retry_timer.try_get_value().flatten() {
            handle.clear();
        }
    });
    let selected_environment = Memo::new(move |_| {
        let id = draft.with(|draft| draft.environment_id.clone());
        environments
            .get()
            .and_then(Result::ok)
            .and_then(|list| list.into_iter().find(|environment| environment.id == id))
    });
    // A task can only start in an environment the server listed: never with an empty id.
    let has_environment = Memo::new(move |_| selected_environment.with(Option::is_some));
    let chord = crate::components::shortcuts::submit_chord();

    // Branch suggestions from GitHub branch search, after a pause in typing.
    let branches = RwSignal::new(Vec::<String>::new());
    let branch_timer = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    Effect::new(move |_| {
        let text = draft.with(|draft| draft.branch.clone());
        let Some(repo) = selected_environment
            .get()
            .and_then(|environment| environment.primary_repository().map(|repo| repo.id.clone()))
        else {
            return;
        };
        if let Some(handle) = branch_timer.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                spawn_local(async move {
                    if let Ok(found) =
                        crate::api::tasks::search_branches(api, &crate::api::RepoId::from(repo), &text).await
                    {
                        branches.set_if_alive(found.items.into_iter().map(|item| item.branch).collect());
                    }
                });
            },
            std::time::Duration::from_millis(250),
        )
        .ok();
        branch_timer.set_value(handle);
    });

    // The page is for writing a prompt: the cursor starts there.
    request_animation_frame(|| {
        if let Some(field) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.get_element_by_id("prompt"))
            .and_then(|element| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element).ok())
        {
            let _ = field.focus();
        }
    });
    let preview = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let create = Action::new_local(move |current: &Draft| {
        let current = current.clone();
        async move { crate::api::tasks::create(api, &current.request()).await.map(|created| (created, current)) }
    });
    let submitting = create.pending();
    Effect::new(move |_| match create.value().get() {
        Some(Ok((created, sent))) => {
            crate::pages::quick_start::LastUsed {
                environment_id: sent.environment_id.clone(),
                branch: sent.branch.clone(),
            }
            .save();
            Draft::clear();
            navigate(&crate::components::task_link::task_href(created.as_str()), Default::default());
        }
        Some(Err(failure)) => error.set(Some(failure)),
        None => {}
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let current = draft.get_untracked();
        if current.prompt.trim().is_empty() {
            error.set(Some(ApiError::invalid("input_items", "Write what the agent should do.")));
            return;
        }
        if !has_environment.get_untracked() {
            error.set(Some(ApiError::invalid("environment_id", "Choose an environment for the task.")));
            return;
        }
        error.set(None);
        create.dispatch(current);
    };

    let field_error = move |field: &'static str| {
        move || {
            error
                .get()
                .filter(|error| {
                    error.field().is_some_and(|name| {
                        name == field || name.ends_with(&format!(".{field}")) || name.starts_with(field)
                    })
                })
                .map(|error| {
                    view! {
                        <p class="field-error" role="alert">
                            {error.message()}
                        </p>
                    }
                })
        }
    };

    view! {
        <section class="page composer-page">
            <PageTitle text="New task" />
            <h1>"New task"</h1>
            <form class="panel composer" on:submit=submit>
                <div class="field-head">
                    <label for="prompt">"What should the agent do?"</label>
                    <button
                        type="button"
                        class="button small"
                        aria-pressed=move || preview.get().to_string()
                        on:click=move |_| preview.update(|on| *on = !*on)
                    >
                        {move || if preview.get() { "Edit" } else { "Preview" }}
                    </button>
                </div>
                <Show
                    when=move || !preview.get()
                    fallback=move || {
                        view! {
                            <div
                                class="markdown preview"
                                inner_html=move || markdown::render(&draft.with(|draft| draft.prompt.clone()))
                            ></div>
                        }
                    }
                >
                    <textarea
                        id="prompt"
                        rows="8"
                        placeholder="Describe the change, the bug, or the question…"
                        prop:value=move || draft.with(|draft| draft.prompt.clone())
                        on:input=move |event| draft.update(|draft| draft.prompt = event_target_value(&event))
                        // Ctrl/Cmd-Enter submits.
                        on:keydown=crate::components::shortcuts::submit_on_ctrl_enter
                    ></textarea>
                </Show>
                {field_error("input_items")}
                <label for="environment">"Environment"</label>
                {move || match environments.get() {
                    None => view! { <p class="muted">"Loading environments…"</p> }.into_any(),
                    Some(Err(failure)) => {
                        view! {
                            <p class="field-error" role="alert">
                                {failure.message()}
                                " "
                                <button type="button" class="button small" on:click=move |_| environments.refetch()>
                                    "Try again now"
                                </button>
                            </p>
                        }
                            .into_any()
                    }
                    Some(Ok(list)) if list.is_empty() => {
                        view! { <p class="field-error">"No environments yet: create one in Codex first."</p> }
                            .into_any()
                    }
                    Some(Ok(list)) => {
                        view! {
                            <select
                                id="environment"
                                prop:value=move || draft.with(|draft| draft.environment_id.clone())
                                on:change=move |event| {
                                    draft.update(|draft| draft.environment_id = event_target_value(&event))
                                }
                            >
                                {list
                                    .into_iter()
                                    .map(|environment| {
                                        let id = environment.id.clone();
                                        let selected = draft.with_untracked(|draft| draft.environment_id == id);
                                        view! {
                                            <option value=id selected=selected>
                                                {environment.display_name()}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        }
                            .into_any()
                    }
                }}
                {field_error("environment_id")}
                <label for="branch">"Branch"</label>
                <input
                    id="branch"
                    type="text"
                    list="branch-options"
                    autocomplete="off"
                    placeholder=move || {
                        selected_environment
                            .get()
                            .and_then(|environment| {
                                environment.primary_repository().and_then(|repo| repo.default_branch.clone())
                            })
                            .unwrap_or_else(|| "main".into())
                    }
                    prop:value=move || draft.with(|draft| draft.branch.clone())
                    on:input=move |event| draft.update(|draft| draft.branch = event_target_value(&event))
                />
                <datalist id="branch-options">
                    {move || {
                        branches.get().into_iter().map(|branch| view! { <option value=branch></option> }).collect_view()
                    }}
                </datalist>
                {field_error("branch")}
                <fieldset class="choices">
                    <legend>"Mode"</legend>
                    {[(false, "Code: change the repository"), (true, "Ask: answer without changing code")]
                        .map(|(ask, label)| {
                            view! {
                                <Radio
                                    name="mode"
                                    label=label
                                    selected=Signal::derive(move || draft.with(|draft| draft.ask_mode == ask))
                                    choose=move || draft.update(|draft| draft.ask_mode = ask)
                                />
                            }
                        })}
                </fieldset>
                <label for="attempts">"Attempts"</label>
                <select
                    id="attempts"
                    prop:value=move || draft.with(|draft| draft.attempts.to_string())
                    on:change=move |event| {
                        draft.update(|draft| draft.attempts = event_target_value(&event).parse().unwrap_or(1))
                    }
                >
                    {(1..=4)
                        .map(|count| {
                            view! {
                                <option value=count
                                    .to_string()>
                                    {count}{if count == 1 { " attempt" } else { " attempts (best of N)" }}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                {field_error("metadata")}
                {move || {
                    error
                        .get()
                        .filter(|error| error.field().is_none())
                        .map(|failure| {
                            let resets = match &failure {
                                ApiError::RateLimited { resets_at: Some(at), .. } => {
                                    Some(format!(" The limit resets at {}. Your draft is kept.", exact(*at)))
                                }
                                _ => None,
                            };
                            view! {
                                <p class="notice notice-error" role="alert">
                                    {failure.message()}
                                    {resets}
                                </p>
                            }
                        })
                }}
                <div class="form-actions">
                    <button
                        class="button primary"
                        type="submit"
                        disabled=move || submitting.get() || !has_environment.get()
                    >
                        {move || if submitting.get() { "Starting…" } else { "Start task" }}
                    </button>
                    <span class="hint">
                        {move || {
                            if has_environment.get() {
                                format!("{chord} to start. The draft is saved as you type.")
                            } else {
                                "A task starts once an environment is chosen. The draft is saved as you type.".into()
                            }
                        }}
                    </span>
                    <crate::components::usage_badge::CreationLimitHint />
                </div>
            </form>
        </section>
    }
}

//! Start where Codex web starts: a prompt box at the top of the task list that starts a task
//! in the last used environment and branch (Ask or Code, 1–4 attempts), with the full `/new`
//! form one click away (it takes the prompt along).

use crate::api::{use_api, ApiError};
use crate::components::load_states::ErrorNotice;
use crate::pages::composer::Draft;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};
use wham_api::models::{CreateTaskRequest, EnvironmentName};

const LAST_USED_KEY: &str = "wham-web.last-used";

/// The environment and branch of the last task started here or in the composer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LastUsed {
    pub environment_id: String,
    pub branch: String,
}

impl LastUsed {
    pub fn load() -> LastUsed {
        LocalStorage::get(LAST_USED_KEY).unwrap_or_default()
    }

    pub fn save(&self) {
        let _ = LocalStorage::set(LAST_USED_KEY, self);
    }
}

#[component]
pub fn QuickStart() -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let prompt = RwSignal::new(String::new());
    let ask_mode = RwSignal::new(false);
    let attempts = RwSignal::new(1u32);
    let environments = LocalResource::new(move || async move {
        crate::api::environments::recent::<EnvironmentName>(api).await.map(|list| list.0)
    });
    // The last used environment if the server still lists it, else the most recent one.
    let target = Memo::new(move |_| {
        let list = environments.get().and_then(Result::ok).unwrap_or_default();
        let last = LastUsed::load();
        list.iter().find(|environment| environment.id == last.environment_id).or(list.first()).map(|environment| {
            let branch = if environment.id == last.environment_id { last.branch.clone() } else { String::new() };
            (environment.id.clone(), environment.display_name(), branch)
        })
    });
    let error = RwSignal::new(None::<ApiError>);
    let start = Action::new_local(move |request: &CreateTaskRequest| {
        let request = request.clone();
        async move { crate::api::tasks::create(api, &request).await }
    });
    Effect::new(move |_| match start.value().get() {
        Some(Ok(created)) => {
            if let Some((environment_id, _, branch)) = target.get_untracked() {
                LastUsed { environment_id, branch }.save();
            }
            navigate(&crate::components::task_link::task_href(created.as_str()), Default::default());
        }
        Some(Err(failure)) => error.set(Some(failure)),
        None => {}
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some((environment_id, _, branch)) = target.get_untracked() else { return };
        let text = prompt.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        error.set(None);
        let branch = Some(branch.trim().to_string()).filter(|branch| !branch.is_empty());
        start.dispatch(CreateTaskRequest::new_task(
            &environment_id,
            branch.as_deref(),
            text.trim(),
            ask_mode.get_untracked(),
            attempts.get_untracked(),
        ));
    };
    // "More options" takes what was typed into the full form.
    let to_composer = move |_| {
        let mut draft = Draft::load();
        if !prompt.get_untracked().trim().is_empty() {
            draft.prompt = prompt.get_untracked();
        }
        if let Some((environment_id, _, branch)) = target.get_untracked() {
            draft.environment_id = environment_id;
            draft.branch = branch;
        }
        draft.ask_mode = ask_mode.get_untracked();
        draft.attempts = attempts.get_untracked();
        draft.save();
    };
    let ready = Memo::new(move |_| target.with(Option::is_some) && prompt.with(|text| !text.trim().is_empty()));
    view! {
        <form class="panel quick-start" on:submit=submit aria-label="Start a task">
            <textarea
                id="quick-prompt"
                rows="2"
                aria-label="What should the agent do?"
                placeholder="What should the agent do?"
                prop:value=move || prompt.get()
                on:input=move |event| prompt.set(event_target_value(&event))
                on:keydown=crate::components::shortcuts::submit_on_ctrl_enter
            ></textarea>
            <div class="form-actions">
                <span class="muted quick-target">
                    {move || match (environments.get(), target.get()) {
                        (_, Some((_, name, branch))) => {
                            format!(
                                "in {name}{}",
                                if branch.is_empty() { String::new() } else { format!(" · {branch}") },
                            )
                        }
                        (Some(Err(failure)), _) => failure.message(),
                        (Some(Ok(_)), None) => "No environment yet: create one in Codex first.".to_string(),
                        (None, _) => "Loading environments…".to_string(),
                    }}
                </span>
                <select
                    aria-label="Mode"
                    prop:value=move || if ask_mode.get() { "ask" } else { "code" }
                    on:change=move |event| ask_mode.set(event_target_value(&event) == "ask")
                >
                    <option value="code">"Code"</option>
                    <option value="ask">"Ask"</option>
                </select>
                <select
                    aria-label="Attempts"
                    prop:value=move || attempts.get().to_string()
                    on:change=move |event| attempts.set(event_target_value(&event).parse().unwrap_or(1))
                >
                    {(1..=4)
                        .map(|count| view! { <option value=count.to_string()>{format!("{count}×")}</option> })
                        .collect_view()}
                </select>
                <button class="button primary" type="submit" disabled=move || !ready.get() || start.pending().get()>
                    {move || if start.pending().get() { "Starting…" } else { "Start" }}
                </button>
                <A href="/new" on:click=to_composer>
                    "More options"
                </A>
            </div>
            <ErrorNotice error=error />
        </form>
    }
}

//! `/tasks/:task_id`: the task with its current turns, output and diff.

use crate::api::{send, use_api};
use crate::components::feedback::{ErrorView, Loading};
use crate::components::status::StatusBadge;
use crate::components::time::RelativeTime;
use crate::markdown;
use crate::time::seconds;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use wham_api::models::{ContentPart, OutputItem, TaskBundle, Turn};
use wham_api::routes;

#[component]
pub fn TaskPage() -> impl IntoView {
    let params = use_params_map();
    let task_id = Memo::new(move |_| params.read().get("task_id").unwrap_or_default());
    let api = use_api();
    let bundle = LocalResource::new(move || {
        let task_id = task_id.get();
        async move { send::<TaskBundle>(api, &routes::TASK.request(&[("task_id", &task_id)])).await }
    });
    view! {
        <section class="page task-page">
            <p class="breadcrumb"><A href="/">"← Tasks"</A></p>
            {move || match bundle.get() {
                None => view! { <Loading label="Loading task…"/> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error=error retry=Callback::new(move |_| bundle.refetch())/> }.into_any(),
                Some(Ok(bundle)) => view! { <TaskView bundle=bundle/> }.into_any(),
            }}
        </section>
    }
}

#[component]
pub fn TaskView(bundle: TaskBundle) -> impl IntoView {
    let task = bundle.task.clone();
    let metadata = task.denormalized_metadata.clone().unwrap_or_default();
    let status = bundle
        .current_assistant_turn
        .as_ref()
        .map(Turn::status)
        .or(metadata.last_turn_status.clone())
        .unwrap_or_default();
    let title = if task.title.trim().is_empty() {
        "Untitled task".to_string()
    } else {
        task.title.clone()
    };
    let prompt = bundle
        .current_user_turn
        .as_ref()
        .map(Turn::input_text)
        .unwrap_or_default();
    let assistant = bundle.current_assistant_turn.clone();
    let diff = bundle
        .current_diff_task_turn
        .as_ref()
        .or(assistant.as_ref())
        .and_then(|turn| turn.diff().cloned());
    view! {
        <header class="task-header">
            <h1>{title}</h1>
            <div class="task-meta">
                <StatusBadge status=status/>
                {metadata.environment_label.clone().map(|label| view! { <span class="env-label">{label}</span> })}
                {metadata.start_branch_name.clone().map(|branch| view! { <span class="branch">{branch}</span> })}
                {metadata.pushed_branch_name.clone().map(|branch| view! { <span class="branch pushed">"→ " {branch}</span> })}
                <span class="updated">"Created " <RelativeTime seconds=seconds(task.created_at.as_ref())/></span>
                {task.external_pull_requests.iter().filter_map(|pr| {
                    let url = pr.pull_request.url.clone().filter(|url| markdown::is_safe_url(url) && url.starts_with("http"))?;
                    let label = pr.pull_request.number.map(|number| format!("PR #{number}")).unwrap_or_else(|| "PR".into());
                    Some(view! { <a class="pr-link" href=url target="_blank" rel="noopener noreferrer">{label}</a> })
                }).collect_view()}
            </div>
        </header>
        <section class="turn user-turn" aria-label="Prompt">
            <h2 class="visually-hidden">"Prompt"</h2>
            <p class="prompt">{prompt}</p>
        </section>
        {assistant.map(|turn| view! { <AssistantOutput turn=turn/> })}
        {diff.map(|diff| view! {
            <section class="diff" aria-label="Diff">
                <h2>"Diff"</h2>
                <pre class="diff-text">{diff.diff}</pre>
            </section>
        })}
    }
}

/// The assistant's messages, rendered as safe markdown, and its error if it failed.
#[component]
pub fn AssistantOutput(turn: Turn) -> impl IntoView {
    let messages: Vec<String> = turn
        .output_items
        .iter()
        .filter_map(|item| match item {
            OutputItem::Message(message) => Some(
                message
                    .content
                    .iter()
                    .filter_map(ContentPart::plain_text)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            _ => None,
        })
        .collect();
    let error = turn.error.as_ref().map(|error| error.message());
    let latest = turn
        .latest_event
        .as_ref()
        .and_then(|event| event.text.clone());
    view! {
        <section class="turn assistant-turn" aria-label="Answer">
            {error.map(|error| view! { <p class="turn-error" role="alert">{error}</p> })}
            {(messages.is_empty() && turn.status().is_active()).then(|| view! { <p class="muted">{latest.unwrap_or_else(|| "Working…".into())}</p> })}
            {messages.into_iter().map(|text| view! { <div class="markdown" inner_html=markdown::render(&text)></div> }).collect_view()}
        </section>
    }
}

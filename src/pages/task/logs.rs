//! The logs panel: a turn's log lines with line numbers and a level filter; a terminal citation
//! opens it scrolled to, and highlighting, the cited lines.

use super::use_task;
use super::work::strip_ansi;
use crate::api::{send, use_api};
use crate::citations::Lines;
use crate::components::feedback::{ErrorView, Loading};
use leptos::prelude::*;
use wham_api::models::{LogEntry, TurnLogs};
use wham_api::routes;

fn level_of(entry: &LogEntry) -> &'static str {
    let text = entry.text();
    match entry.level.as_deref() {
        Some(level) if level.eq_ignore_ascii_case("error") => "error",
        Some(level) if level.eq_ignore_ascii_case("warning") || level.eq_ignore_ascii_case("warn") => "warning",
        _ if text.contains("ERR") || text.to_lowercase().contains("error") => "error",
        _ if text.to_lowercase().contains("warn") => "warning",
        _ => "info",
    }
}

#[component]
pub fn LogsPanel() -> impl IntoView {
    let context = use_task();
    view! {
        {move || context.logs_for.get().map(|(turn_id, highlight)| view! { <LogsFor turn_id=turn_id highlight=highlight/> })}
    }
}

#[component]
fn LogsFor(turn_id: String, highlight: Option<Lines>) -> impl IntoView {
    let context = use_task();
    let api = use_api();
    let task_id = context.task_id.get_untracked();
    let turn_for_request = turn_id.clone();
    // An empty turn id means the task's logs (every turn's lines).
    let logs = LocalResource::new(move || {
        let task_id = task_id.clone();
        let turn_id = turn_for_request.clone();
        async move {
            let request = if turn_id.is_empty() {
                routes::TASK_LOGS.request(&[("task_id", &task_id)])
            } else {
                routes::TURN_LOGS.request(&[("task_id", &task_id), ("turn_id", &turn_id)])
            };
            send::<TurnLogs>(api, &request).await
        }
    });
    let level = RwSignal::new(String::from("all"));
    let close = move |_| context.logs_for.set(None);
    view! {
        <aside class="logs-panel" aria-label="Logs">
            <div class="logs-head">
                <h2>{if turn_id.is_empty() { "Task logs" } else { "Logs" }}</h2>
                <label>"Show " <select prop:value=move || level.get() on:change=move |event| level.set(event_target_value(&event))>
                    <option value="all">"all lines"</option>
                    <option value="warning">"warnings and errors"</option>
                    <option value="error">"errors"</option>
                </select></label>
                {highlight.map(|lines| view! { <span class="muted">"Cited: " {lines.label()}</span> })}
                <button class="button small" on:click=close aria-label="Close logs">"Close"</button>
            </div>
            {move || match logs.get() {
                None => view! { <Loading label="Loading logs…"/> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error=error retry=Callback::new(move |_| logs.refetch())/> }.into_any(),
                Some(Ok(logs)) if logs.logs.is_empty() => view! { <p class="muted">"No log lines."</p> }.into_any(),
                Some(Ok(logs)) => {
                    let wanted = level.get();
                    if highlight.is_some() {
                        request_animation_frame(scroll_to_cited);
                    }
                    view! {
                        <ol class="log-lines">
                            {logs.logs.iter().enumerate().filter(|(_, entry)| match wanted.as_str() {
                                "error" => level_of(entry) == "error",
                                "warning" => level_of(entry) != "info",
                                _ => true,
                            }).map(|(index, entry)| {
                                let number = index + 1;
                                let cited = highlight.is_some_and(|lines| number >= lines.start && number <= lines.end);
                                let first_cited = highlight.is_some_and(|lines| number == lines.start);
                                let class = format!("log-line level-{}{}", level_of(entry), if cited { " cited" } else { "" });
                                view! {
                                    <li class=class id=first_cited.then_some("first-cited-line") value=number.to_string()>
                                        <span class="line-number" aria-hidden="true">{number}</span>
                                        <span class="log-text">{strip_ansi(entry.text())}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }
            }}
        </aside>
    }
}

/// Scrolls the first cited line into view once the panel has rendered it.
pub fn scroll_to_cited() {
    if let Some(element) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("first-cited-line"))
    {
        element.scroll_into_view();
    }
}

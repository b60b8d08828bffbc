//! The logs panel: a turn's log lines with line numbers and a level filter; a terminal citation
//! opens it scrolled to, and highlighting, the cited lines. Only the lines in view are rendered
//! (like the diff viewer), so a 50,000-line log opens at once.

use super::use_task;
use super::work::strip_ansi;
use crate::api::use_api;
use crate::api::{TaskId, TurnId};
use crate::citations::Lines;
use crate::components::load_states::{ErrorView, Loading};
use crate::components::virtual_list::VirtualList;
use leptos::prelude::*;
use wham_api::models::LogEntry;
use wham_model::text_columns;

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

/// The task's logs (every turn's lines) over the page, opened from the task's actions; Esc or
/// Close closes them. A turn's own logs are a tab beside its answer (`tools.rs`).
#[component]
pub fn LogsPanel() -> impl IntoView {
    let context = use_task();
    let open =
        Memo::new(move |_| context.logs_for.with(|wanted| matches!(wanted, Some((turn_id, _)) if turn_id.is_empty())));
    view! {
        <Show when=move || open.get()>
            <TaskLogsPanel />
        </Show>
    }
}

#[component]
fn TaskLogsPanel() -> impl IntoView {
    let context = use_task();
    let close = move |_| context.logs_for.set(None);
    // Esc closes the panel, as it closes every overlay in the app.
    let escape = window_event_listener(leptos::ev::keydown, move |event| {
        if event.key() == "Escape" {
            context.logs_for.try_set(None);
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <aside class="logs-panel" aria-label="Task logs">
            <div class="logs-head">
                <h2>"Task logs"</h2>
                <button class="button small" on:click=close aria-label="Close logs">
                    "Close"
                </button>
            </div>
            <LogsView turn_id=String::new() highlight=None />
        </aside>
    }
}

/// The log lines of one turn (or, with an empty `turn_id`, of the whole task), with a level
/// filter; `highlight` marks cited lines and opens the list at them.
#[component]
pub fn LogsView(turn_id: String, highlight: Option<Lines>) -> impl IntoView {
    let context = use_task();
    let api = use_api();
    let task_id = context.task_id.get_untracked();
    let turn_for_request = turn_id.clone();
    let logs = LocalResource::new(move || {
        let task_id = task_id.clone();
        let turn_id = turn_for_request.clone();
        async move {
            let turn_id = (!turn_id.is_empty()).then(|| TurnId::from(turn_id));
            crate::api::tasks::logs(api, &TaskId::from(task_id), turn_id.as_ref()).await
        }
    });
    let level = RwSignal::new(String::from("all"));
    view! {
        <div class="logs-view">
            <div class="logs-head">
                <label>
                    "Show "
                    <select prop:value=move || level.get() on:change=move |event| level.set(event_target_value(&event))>
                        <option value="all">"all lines"</option>
                        <option value="warning">"warnings and errors"</option>
                        <option value="error">"errors"</option>
                    </select>
                </label>
                {highlight.map(|lines| view! { <span class="muted">"Cited: " {lines.label()}</span> })}
                <button class="button small" on:click=move |_| logs.refetch()>
                    "Refresh"
                </button>
            </div>
            {move || match logs.get() {
                None => view! { <Loading label="Loading logs…" /> }.into_any(),
                Some(Err(error)) => {
                    view! { <ErrorView error=error retry=Callback::new(move |_| logs.refetch()) /> }.into_any()
                }
                Some(Ok(logs)) if logs.logs.is_empty() => view! { <p class="muted">"No log lines."</p> }.into_any(),
                Some(Ok(logs)) => {
                    let wanted = level.get();
                    let lines: Vec<LogRow> = logs
                        .logs
                        .iter()
                        .enumerate()
                        .map(|(index, entry)| LogRow {
                            number: index + 1,
                            level: level_of(entry),
                            text: strip_ansi(entry.text()),
                        })
                        .filter(|row| match wanted.as_str() {
                            "error" => row.level == "error",
                            "warning" => row.level != "info",
                            _ => true,
                        })
                        .collect();
                    let first_cited = highlight
                        .and_then(|cited| lines.iter().position(|row| row.number >= cited.start));
                    let widest = text_columns::widest(lines.iter().map(|row| row.text.as_str()));
                    let number_columns = lines.last().map_or(1, |row| row.number.to_string().len()).max(3) + 1;
                    let width = format!("calc({}ch + 2rem)", number_columns + widest);
                    // Only the lines in view are drawn: the rows are made as wide as the widest
                    // (its number and margin, the text, the row's padding), so a long line
                    // scrolls sideways instead of being cut off.
                    // The cited lines open a little below the top of the panel.
                    view! {
                        <div class="wide-rows" style=("--rows-width", width)>
                            <VirtualList
                                items=Signal::stored(lines)
                                row_height=LOG_ROW_HEIGHT
                                key=|row: &LogRow| row.number
                                row=move |_, row: LogRow| {
                                    let cited = highlight
                                        .is_some_and(|lines| row.number >= lines.start && row.number <= lines.end);
                                    let class = format!(
                                        "log-line level-{}{}",
                                        row.level,
                                        if cited { " cited" } else { "" },
                                    );
                                    view! {
                                        <div class=class role="listitem">
                                            <span class="line-number" aria-hidden="true">
                                                {row.number}
                                            </span>
                                            <span class="log-text">{row.text}</span>
                                        </div>
                                    }
                                }
                                class="log-lines"
                                label="Log lines"
                                jump_to=Signal::stored(first_cited.map(|index| index.saturating_sub(2)))
                            />
                        </div>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// Row height in pixels; `.log-line` has this height in the stylesheet.
const LOG_ROW_HEIGHT: f64 = 20.0;

/// One log line as the panel shows it.
#[derive(Debug, Clone, PartialEq)]
struct LogRow {
    number: usize,
    /// `info`, `warning` or `error`: a class from a fixed set.
    level: &'static str,
    text: String,
}

//! `/`: the task list, with filters (current, all, archived) in the URL and cursor pagination.

use crate::api::{send, use_api, ApiError};
use crate::components::feedback::{Empty, ErrorView, Loading};
use crate::components::status::StatusBadge;
use crate::components::time::RelativeTime;
use crate::time::seconds;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use wham_api::models::{TaskFilter, TaskListResponse, TaskSummary};
use wham_api::routes;

/// Rows per page.
pub const PAGE_SIZE: u32 = 20;

#[derive(Debug, Clone, PartialEq)]
enum LoadState {
    Loading,
    Idle,
    Failed(ApiError),
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query
            .read()
            .get("filter")
            .map(|text| TaskFilter::parse(&text))
            .filter(|filter| !matches!(filter, TaskFilter::Unknown(_)))
            .unwrap_or_default()
    });
    view! {
        <section class="page tasks-page">
            <div class="page-head">
                <h1>"Tasks"</h1>
                <nav class="tabs" aria-label="Task filter">
                    {[TaskFilter::Current, TaskFilter::All, TaskFilter::Archived]
                        .into_iter()
                        .map(|option| {
                            let href = format!("/?filter={}", option.as_str());
                            let label = match option {
                                TaskFilter::Current => "Current",
                                TaskFilter::All => "All",
                                _ => "Archived",
                            };
                            let selected = option.clone();
                            view! {
                                // A plain link: the router's <A> would mark every tab current, since all share the path `/`.
                                <a href=href class="tab" aria-current=move || (filter.get() == selected).then_some("page")>
                                    {label}
                                </a>
                            }
                        })
                        .collect_view()}
                </nav>
            </div>
            {move || view! { <TaskList filter=filter.get()/> }}
        </section>
    }
}

/// The list for one filter: loads the first page, then more on request.
#[component]
pub fn TaskList(filter: TaskFilter) -> impl IntoView {
    let api = use_api();
    let rows = RwSignal::new(Vec::<TaskSummary>::new());
    let cursor = RwSignal::new(None::<String>);
    let state = RwSignal::new(LoadState::Loading);
    let filter = StoredValue::new(filter);

    let load_page = move |after: Option<String>| {
        state.set(LoadState::Loading);
        spawn_local(async move {
            let request = routes::TASKS_LIST
                .request(&[])
                .query("task_filter", filter.get_value().as_str())
                .query("limit", PAGE_SIZE)
                .query_opt("cursor", after.clone());
            match send::<TaskListResponse>(api, &request).await {
                Ok(page) => {
                    rows.update(|rows| {
                        if after.is_none() {
                            rows.clear();
                        }
                        // A task seen on an earlier page is not shown twice.
                        for item in page.items {
                            if !rows.iter().any(|row| row.id == item.id) {
                                rows.push(item);
                            }
                        }
                    });
                    cursor.set(page.cursor.filter(|cursor| !cursor.is_empty()));
                    state.set(LoadState::Idle);
                }
                Err(error) => state.set(LoadState::Failed(error)),
            }
        });
    };
    load_page(None);

    view! {
        <ul class="task-list" aria-label="Tasks">
            <For each=move || rows.get() key=|task| (task.id.clone(), task.updated_at.as_ref().and_then(|t| t.as_seconds()).map(f64::to_bits)) let:task>
                <TaskRow task=task/>
            </For>
        </ul>
        {move || match state.get() {
            LoadState::Loading => view! { <Loading label="Loading tasks…"/> }.into_any(),
            LoadState::Failed(error) => {
                let retry = Callback::new(move |_| load_page(cursor.get_untracked()));
                view! { <ErrorView error=error retry=retry/> }.into_any()
            }
            LoadState::Idle if rows.with(Vec::is_empty) => {
                let (title, hint) = match filter.get_value() {
                    TaskFilter::Archived => ("No archived tasks", "Tasks you archive appear here."),
                    _ => ("No tasks yet", "Tasks you start appear here."),
                };
                view! { <Empty title=title hint=hint/> }.into_any()
            }
            LoadState::Idle => match cursor.get() {
                Some(next) => view! {
                    <button class="button load-more" on:click=move |_| load_page(Some(next.clone()))>"Load more"</button>
                }
                .into_any(),
                None => view! { <p class="list-end muted">"That's all."</p> }.into_any(),
            },
        }}
    }
}

/// One row: title, status, unread dot, environment, diff stats, PRs, updated time.
#[component]
pub fn TaskRow(task: TaskSummary) -> impl IntoView {
    let href = format!("/tasks/{}", wham_api::routes::encode_component(&task.id));
    let status = task.status().cloned().unwrap_or_default();
    let display = task.task_status_display.clone().unwrap_or_default();
    let diff = display
        .latest_turn_status_display
        .as_ref()
        .and_then(|latest| latest.diff_stats.clone());
    let title = if task.title.trim().is_empty() {
        "Untitled task".to_string()
    } else {
        task.title.clone()
    };
    let placeholder = !task.has_generated_title;
    view! {
        <li class=if task.has_unread_turn { "task-row unread" } else { "task-row" } data-task-id=task.id.clone()>
            <div class="task-main">
                {task.has_unread_turn.then(|| view! { <span class="unread-dot" title="Unread" aria-label="Unread"></span> })}
                <A href=href attr:class=if placeholder { "task-title placeholder" } else { "task-title" }>{title}</A>
            </div>
            <div class="task-meta">
                <StatusBadge status=status/>
                {display.environment_label.map(|label| view! { <span class="env-label">{label}</span> })}
                {display.branch_name.map(|branch| view! { <span class="branch">{branch}</span> })}
                {diff.filter(|stats| stats.files_modified.is_some()).map(|stats| view! {
                    <span class="diff-stats" title="Lines added, removed; files changed">
                        <span class="added">"+" {stats.lines_added.unwrap_or(0)}</span>
                        " "
                        <span class="removed">"−" {stats.lines_removed.unwrap_or(0)}</span>
                        " · " {stats.files_modified.unwrap_or(0)} " files"
                    </span>
                })}
                {task.pull_requests.iter().filter_map(|pr| {
                    let url = pr.pull_request.url.clone().filter(|url| url.starts_with("https://"))?;
                    let label = pr.pull_request.number.map(|number| format!("PR #{number}")).unwrap_or_else(|| "PR".into());
                    Some(view! { <a class="pr-link" href=url target="_blank" rel="noopener noreferrer">{label}</a> })
                }).collect_view()}
                <span class="updated"><RelativeTime seconds=seconds(task.updated_at.as_ref())/></span>
            </div>
        </li>
    }
}

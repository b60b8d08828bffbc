//! `/`: the task list. Filters (current, all, archived), search, environment and status are in
//! the URL, so a view can be shared and reloaded. Rows load page by page as the person scrolls,
//! and only the rows in view are in the DOM. Keyboard: j/k move, Enter opens, / searches,
//! c composes, ? lists the shortcuts.

use crate::api::tasks::ListParams;
use crate::api::{use_api, ApiError};
use crate::components::load_states::{Empty, ErrorView, Loading};
use crate::components::page_title::PageTitle;
use crate::components::pr_links::PrLinks;
use crate::components::revealed::HiddenCharacterWarning;
use crate::components::shortcuts::{has_modifier, typing_in_field, ShortcutsDialog};
use crate::components::status::StatusBadge;
use crate::components::relative_time::RelativeTime;
use crate::components::virtual_list::VirtualList;
use crate::reactive::SetIfAlive;
use wham_model::time_text::seconds;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use wham_api::models::{TaskFilter, TaskSummary, TurnStatus};
use wham_api::routes::encode_component;

/// Rows per page.
pub const PAGE_SIZE: u32 = 20;
/// Row height in pixels; `style/main.css` gives `.task-row` this height.
pub const ROW_HEIGHT: f64 = 72.0;

/// What the list shows, as read from (and written to) the URL query.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListQuery {
    pub filter: TaskFilter,
    pub search: String,
    pub environment_id: String,
    pub status: String,
}

impl ListQuery {
    /// The URL for this view.
    pub fn href(&self) -> String {
        let mut parts = Vec::new();
        if self.filter != TaskFilter::Current {
            parts.push(format!("filter={}", self.filter.as_str()));
        }
        for (key, value) in [("q", &self.search), ("env", &self.environment_id), ("status", &self.status)] {
            if !value.is_empty() {
                parts.push(format!("{key}={}", encode_component(value)));
            }
        }
        if parts.is_empty() {
            "/".into()
        } else {
            format!("/?{}", parts.join("&"))
        }
    }

    /// Whether a loaded row passes the search text, environment and status filters.
    pub fn keeps(&self, task: &TaskSummary, environment_label: Option<&str>) -> bool {
        let search = self.search.trim().to_lowercase();
        if !search.is_empty() && !task.title.to_lowercase().contains(&search) {
            return false;
        }
        if !self.environment_id.is_empty() {
            let label = task.task_status_display.as_ref().and_then(|display| display.environment_label.as_deref());
            if environment_label.is_some() && label != environment_label {
                return false;
            }
        }
        if !self.status.is_empty() && task.status().map(TurnStatus::as_str) != Some(self.status.as_str()) {
            return false;
        }
        true
    }
}

#[derive(Debug, Clone, PartialEq)]
enum LoadState {
    Loading,
    Idle,
    Failed(ApiError),
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let api = use_api();
    let query_map = use_query_map();
    let navigate = use_navigate();
    let query = Memo::new(move |_| {
        let map = query_map.read();
        ListQuery {
            filter: map
                .get("filter")
                .map(|text| TaskFilter::parse(&text))
                .filter(|filter| !matches!(filter, TaskFilter::Unknown(_)))
                .unwrap_or_default(),
            search: map.get("q").unwrap_or_default(),
            environment_id: map.get("env").unwrap_or_default(),
            status: map.get("status").unwrap_or_default(),
        }
    });
    let environments = LocalResource::new(move || async move {
        crate::api::environments::list(api).await.map(|list| list.0).unwrap_or_default()
    });
    let search_input = NodeRef::<Input>::new();
    let shortcuts_open = RwSignal::new(false);

    let set_query = {
        let navigate = navigate.clone();
        move |next: ListQuery| {
            navigate(&next.href(), NavigateOptions { replace: true, scroll: false, ..Default::default() })
        }
    };
    let set_query = StoredValue::new(set_query);

    // Page-wide shortcuts: / focuses search, c composes, ? lists the shortcuts.
    let navigate_compose = navigate.clone();
    let keys = window_event_listener(leptos::ev::keydown, move |event| {
        if has_modifier(&event) {
            return;
        }
        if event.key() == "Escape" {
            shortcuts_open.set(false);
            return;
        }
        if typing_in_field(&event) {
            return;
        }
        match event.key().as_str() {
            "/" => {
                event.prevent_default();
                if let Some(input) = search_input.get_untracked() {
                    let _ = input.focus();
                }
            }
            "c" => {
                event.prevent_default();
                navigate_compose("/new", Default::default());
            }
            "?" => shortcuts_open.update(|open| *open = !*open),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    view! {
        <section class="page tasks-page">
            <PageTitle text="Tasks"/>
            <div class="page-head">
                <h1>"Tasks"</h1>
                <a class="button primary" href="/new" aria-keyshortcuts="c">"New task"</a>
            </div>
            <crate::pages::quick_start::QuickStart/>
            <div class="toolbar">
                <nav class="tabs" aria-label="Task filter">
                    {[TaskFilter::Current, TaskFilter::All, TaskFilter::Archived]
                        .into_iter()
                        .map(|option| {
                            let label = match option {
                                TaskFilter::Current => "Current",
                                TaskFilter::All => "All",
                                _ => "Archived",
                            };
                            let selected = option.clone();
                            let href = move || ListQuery { filter: selected.clone(), ..query.get() }.href();
                            let current = option.clone();
                            // A plain link: the router's <A> would mark every tab current, since all share the path `/`.
                            view! { <a href=href class="tab" aria-current=move || (query.get().filter == current).then_some("page")>{label}</a> }
                        })
                        .collect_view()}
                </nav>
                <input
                    class="search"
                    type="search"
                    node_ref=search_input
                    placeholder="Search tasks  /"
                    aria-label="Search tasks"
                    aria-keyshortcuts="/"
                    prop:value=move || query.get().search
                    on:input=move |event| {
                        let text = event_target_value(&event);
                        set_query.with_value(|set| set(ListQuery { search: text, ..query.get_untracked() }));
                    }
                    on:keydown=move |event: web_sys::KeyboardEvent| {
                        if event.key() == "Escape" {
                            if let Some(input) = search_input.get_untracked() { let _ = input.blur(); }
                        }
                    }
                />
                <select aria-label="Environment" prop:value=move || query.get().environment_id
                    on:change=move |event| set_query.with_value(|set| set(ListQuery { environment_id: event_target_value(&event), ..query.get_untracked() }))>
                    <option value="">"All environments"</option>
                    {move || environments.get().unwrap_or_default().into_iter().map(|environment| {
                        let id = environment.id.clone();
                        let selected = query.get().environment_id == id;
                        view! { <option value=id selected=selected>{environment.display_name()}</option> }
                    }).collect_view()}
                </select>
                <select aria-label="Status" prop:value=move || query.get().status
                    on:change=move |event| set_query.with_value(|set| set(ListQuery { status: event_target_value(&event), ..query.get_untracked() }))>
                    <option value="">"Any status"</option>
                    {[TurnStatus::InProgress, TurnStatus::Pending, TurnStatus::Completed, TurnStatus::Failed, TurnStatus::Cancelled].into_iter().map(|status| {
                        let value = status.as_str().to_string();
                        view! { <option value=value.clone() selected=move || query.get().status == value>{status.label()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <NotifyToggle/>
            {move || {
                // A new list (and a fresh load) for each filter, search or environment; the
                // status filter only narrows what is loaded. The environment's name arrives
                // later and does not rebuild the list (which would load the first page twice).
                let current = query.get();
                let environment_id = current.environment_id.clone();
                let environment_label = Signal::derive(move || {
                    environments.get().unwrap_or_default().into_iter().find(|environment| environment.id == environment_id).map(|environment| environment.display_name())
                });
                view! { <TaskList query=current environment_label=environment_label/> }
            }}
            <ShortcutsDialog open=shortcuts_open shortcuts=vec![
                ("j", "Next task"), ("k", "Previous task"), ("Enter", "Open the selected task"),
                ("/", "Search"), ("c", "New task"), ("?", "Show this list"), ("Esc", "Close, or leave the search field"),
            ]/>
        </section>
    }
}

/// The list as the person left it (rows, next cursor, scroll position), so coming back from a
/// task shows the same rows at the same place instead of the first page at the top. Kept for
/// the app's lifetime, for one query at a time.
#[derive(Clone, Copy)]
pub struct ListMemory(StoredValue<Option<SavedList>>);

#[derive(Clone)]
struct SavedList {
    query: ListQuery,
    rows: Vec<TaskSummary>,
    cursor: Option<String>,
    exhausted: bool,
    scroll_top: f64,
}

impl ListMemory {
    pub fn new() -> Self {
        ListMemory(StoredValue::new(None))
    }
}

impl Default for ListMemory {
    fn default() -> Self {
        Self::new()
    }
}

/// The rows for one query: loads pages from the list (or search) endpoint as the person
/// scrolls, filters what is loaded instantly, and renders only what is in view.
#[component]
pub fn TaskList(
    #[prop(optional)] query: ListQuery,
    #[prop(optional, into)] environment_label: Signal<Option<String>>,
) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let memory = use_context::<ListMemory>();
    let saved = memory.and_then(|memory| memory.0.get_value()).filter(|saved| saved.query == query);
    let rows = RwSignal::new(saved.as_ref().map(|saved| saved.rows.clone()).unwrap_or_default());
    let cursor = RwSignal::new(saved.as_ref().and_then(|saved| saved.cursor.clone()));
    let exhausted = RwSignal::new(saved.as_ref().is_some_and(|saved| saved.exhausted));
    let state = RwSignal::new(if saved.is_some() { LoadState::Idle } else { LoadState::Loading });
    let scroll_memory = StoredValue::new(saved.as_ref().map(|saved| saved.scroll_top).unwrap_or(0.0));
    if let Some(memory) = memory {
        let remembered_query = query.clone();
        on_cleanup(move || {
            // Only a list that finished loading is worth coming back to.
            if state.try_get_untracked() != Some(LoadState::Idle) {
                return;
            }
            let saved = SavedList {
                query: remembered_query,
                rows: rows.try_get_untracked().unwrap_or_default(),
                cursor: cursor.try_get_untracked().flatten(),
                exhausted: exhausted.try_get_untracked().unwrap_or(false),
                scroll_top: scroll_memory.try_get_value().unwrap_or(0.0),
            };
            memory.0.try_set_value(Some(saved));
        });
    }
    let restored = saved.is_some();
    let selected = RwSignal::new(None::<usize>);
    let query = StoredValue::new(query);

    let load_page = move |after: Option<String>| {
        if after.is_none() {
            rows.set(Vec::new());
        }
        state.set(LoadState::Loading);
        let current = query.get_value();
        spawn_local(async move {
            let params = ListParams {
                filter: current.filter.clone(),
                limit: PAGE_SIZE,
                cursor: after.as_deref(),
                search: &current.search,
                environment_id: &current.environment_id,
            };
            match crate::api::tasks::list(api, params).await {
                Ok(page) => {
                    rows.update_if_alive(|rows| {
                        // A task already loaded (it moved between pages) is not shown twice.
                        for item in page.items {
                            if !rows.iter().any(|row| row.id == item.id) {
                                rows.push(item);
                            }
                        }
                    });
                    let next = page.cursor.filter(|cursor| !cursor.is_empty());
                    exhausted.set_if_alive(next.is_none());
                    cursor.set_if_alive(next);
                    state.set_if_alive(LoadState::Idle);
                }
                Err(error) => state.set_if_alive(LoadState::Failed(error)),
            }
        });
    };
    // Search waits for a pause in typing; everything else loads at once. A restored list is
    // shown as it was (the five-second refresh below brings running tasks up to date).
    let searching = query.with_value(|query| !query.search.trim().is_empty());
    if !restored && !searching {
        load_page(None);
    } else if !restored {
        let handle = set_timeout_with_handle(move || load_page(None), std::time::Duration::from_millis(250)).ok();
        on_cleanup(move || {
            if let Some(handle) = handle {
                handle.clear();
            }
        });
    }

    // Running tasks change while the person watches: re-read the first page now and then and
    // update the rows in place (new tasks appear at the top). A task that finishes gets its
    // unread dot from the server and, if allowed, a browser notification.
    let refresh = set_interval_with_handle(
        move || {
            let running =
                rows.with_untracked(|rows| rows.iter().any(|row| row.status().is_some_and(TurnStatus::is_active)));
            let current = query.get_value();
            if !running || state.get_untracked() != LoadState::Idle || !current.search.trim().is_empty() {
                return;
            }
            spawn_local(async move {
                let params = ListParams {
                    filter: current.filter.clone(),
                    limit: PAGE_SIZE,
                    environment_id: &current.environment_id,
                    ..Default::default()
                };
                let Ok(page) = crate::api::tasks::list(api, params).await else { return };
                rows.update_if_alive(|rows| {
                    for item in page.items.into_iter().rev() {
                        match rows.iter_mut().find(|row| row.id == item.id) {
                            Some(row) => {
                                let was_running = row.status().is_some_and(TurnStatus::is_active);
                                let now_done = item.status().is_some_and(|status| !status.is_active());
                                if was_running && now_done {
                                    crate::browser::notify::task_finished(
                                        &item.id,
                                        &item.title,
                                        &item.status().map(TurnStatus::label).unwrap_or_default(),
                                    );
                                }
                                *row = item;
                            }
                            None if current.filter != TaskFilter::Archived => rows.insert(0, item),
                            None => {}
                        }
                    }
                });
            });
        },
        std::time::Duration::from_secs(5),
    )
    .ok();
    on_cleanup(move || {
        if let Some(refresh) = refresh {
            refresh.clear();
        }
    });

    let shown = Memo::new(move |_| {
        let query = query.get_value();
        let label = environment_label.get();
        rows.with(|rows| rows.iter().filter(|task| query.keeps(task, label.as_deref())).cloned().collect::<Vec<_>>())
    });
    let load_more = Callback::new(move |_| {
        if state.get_untracked() == LoadState::Idle && !exhausted.get_untracked() {
            load_page(cursor.get_untracked());
        }
    });

    let navigate_for_empty = navigate.clone();
    // j/k/Enter move through and open the rows.
    let keys = window_event_listener(leptos::ev::keydown, move |event| {
        if has_modifier(&event) || typing_in_field(&event) {
            return;
        }
        let count = shown.with_untracked(Vec::len);
        if count == 0 {
            return;
        }
        match event.key().as_str() {
            "j" => selected.update(|index| *index = Some(index.map_or(0, |index| (index + 1).min(count - 1)))),
            "k" => selected.update(|index| *index = Some(index.map_or(0, |index| index.saturating_sub(1)))),
            "Enter" => {
                if let Some(task) =
                    selected.get_untracked().and_then(|index| shown.with_untracked(|shown| shown.get(index).cloned()))
                {
                    event.prevent_default();
                    navigate(&format!("/tasks/{}", encode_component(&task.id)), Default::default());
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    view! {
        <VirtualList
            items=shown
            row_height=ROW_HEIGHT
            key=row_key
            row=move |index, task| view! { <TaskRow task=task index=index selected=Signal::derive(move || selected.get() == Some(index))/> }
            class="task-list"
            label="Tasks"
            on_end_reached=load_more
            scroll_to=Signal::derive(move || selected.get())
            scroll_memory=scroll_memory
        />
        <p class="list-count muted" aria-live="polite">
            {move || {
                let shown_count = shown.with(Vec::len);
                let loaded = rows.with(Vec::len);
                if shown_count == loaded { format!("{loaded} tasks loaded") } else { format!("{shown_count} of {loaded} loaded tasks match") }
            }}
        </p>
        {move || match state.get() {
            LoadState::Loading => view! { <Loading label="Loading tasks…"/> }.into_any(),
            LoadState::Failed(error) => {
                let retry = Callback::new(move |_| load_page(cursor.get_untracked()));
                view! { <ErrorView error=error retry=retry/> }.into_any()
            }
            LoadState::Idle if shown.with(Vec::is_empty) => {
                let current = query.get_value();
                let narrowed = !current.search.trim().is_empty() || !current.status.is_empty() || !current.environment_id.is_empty();
                if narrowed {
                    // Where the rows would be, with the way out.
                    let cleared = ListQuery { filter: current.filter, ..ListQuery::default() }.href();
                    let navigate = navigate_for_empty.clone();
                    return view! {
                        <div class="state state-empty" role="status">
                            <p class="state-title">"No matching tasks"</p>
                            <p class="state-hint">"Try other words, or "
                                <button class="button small" on:click=move |_| navigate(&cleared, Default::default())>"Clear filters"</button>
                            </p>
                        </div>
                    }.into_any();
                }
                let (title, hint) = if current.filter == TaskFilter::Archived {
                    ("No archived tasks", "Tasks you archive appear here.")
                } else {
                    ("No tasks yet", "Start one with New task (c).")
                };
                view! { <Empty title=title hint=hint/> }.into_any()
            }
            LoadState::Idle => match (exhausted.get(), cursor.get()) {
                (false, Some(_)) => view! { <button class="button load-more" on:click=move |_| load_more.run(())>"Load more"</button> }.into_any(),
                _ => view! { <p class="list-end muted">"That's all."</p> }.into_any(),
            },
        }}
    }
}

/// A row re-renders when what it shows changes: status, title, unread flag, update time.
fn row_key(task: &TaskSummary) -> (String, String, String, bool, Option<u64>) {
    let status = task.status().map(|status| status.as_str().to_string()).unwrap_or_default();
    let updated = task.updated_at.as_ref().and_then(|stamp| stamp.as_seconds()).map(f64::to_bits);
    (task.id.clone(), task.title.clone(), status, task.has_unread_turn, updated)
}

/// One row: title, status, unread dot, environment, diff stats, PRs, updated time.
#[component]
pub fn TaskRow(
    task: TaskSummary,
    #[prop(optional)] index: usize,
    #[prop(optional, into)] selected: Signal<bool>,
) -> impl IntoView {
    let href = format!("/tasks/{}", encode_component(&task.id));
    let status = task.status().cloned().unwrap_or_default();
    let display = task.task_status_display.clone().unwrap_or_default();
    let diff = display.latest_turn_status_display.as_ref().and_then(|latest| latest.diff_stats.clone());
    let placeholder = !task.has_generated_title || task.title.trim().is_empty();
    let title = if task.title.trim().is_empty() { "Untitled task".to_string() } else { task.title.clone() };
    let class = move || {
        let mut class = String::from("task-row");
        if task.has_unread_turn {
            class.push_str(" unread");
        }
        if selected.get() {
            class.push_str(" selected");
        }
        class
    };
    view! {
        <div class=class role="listitem" data-task-id=task.id.clone() data-index=index aria-current=move || selected.get().then_some("true")>
            <div class="task-main">
                {task.has_unread_turn.then(|| view! { <span class="unread-dot" title="Unread"><span class="visually-hidden">"Unread: "</span></span> })}
                <a href=href class=if placeholder { "task-title placeholder" } else { "task-title" }>{title.clone()}</a>
                <HiddenCharacterWarning text=title/>
            </div>
            <div class="task-meta">
                <StatusBadge status=status/>
                {display.environment_label.map(|label| view! { <span class="env-label">{label}</span> })}
                {display.branch_name.map(|branch| view! { <span class="branch">{branch}</span> })}
                {diff.filter(|stats| stats.files_modified.is_some()).map(|stats| view! {
                    <span class="diff-stats" title="Lines added and removed, files changed">
                        <span class="added">"+" {stats.lines_added.unwrap_or(0)}</span>
                        " "
                        <span class="removed">"−" {stats.lines_removed.unwrap_or(0)}</span>
                        " · " {stats.files_modified.unwrap_or(0)} " files"
                    </span>
                })}
                <PrLinks pull_requests=task.pull_requests.clone()/>
                <span class="updated"><RelativeTime seconds=seconds(task.updated_at.as_ref())/></span>
            </div>
        </div>
    }
}

/// Asks for permission to notify when tasks finish.
#[component]
fn NotifyToggle() -> impl IntoView {
    let allowed = RwSignal::new(crate::browser::notify::allowed());
    let ask = move |_| {
        spawn_local(async move {
            let granted = crate::browser::notify::request().await;
            allowed.set_if_alive(granted);
        });
    };
    view! {
        <Show when=move || crate::browser::notify::supported()>
            {move || if allowed.get() {
                view! { <span class="muted notify-on" title="You get a browser notification when a running task finishes">"Notifications on"</span> }.into_any()
            } else {
                view! { <button class="button small" on:click=ask>"Notify me when tasks finish"</button> }.into_any()
            }}
        </Show>
    }
}

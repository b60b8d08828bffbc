//! `/`: the task list. Filters (current, all, archived), search, environment and status are in
//! the URL, so a view can be shared and reloaded. Rows load page by page as the person scrolls,
//! and only the rows in view are in the DOM. Keyboard: j/k move, Enter opens, / searches,
//! c composes, ? lists the shortcuts.

//!
//! * `query.rs`: what the list shows, in the URL.
//! * `list.rs`: the paged, virtualized list and its memory for coming back.
//! * `row.rs`: one task's row.

mod list;
mod query;
mod row;
mod row_state;

pub use list::{ListMemory, TaskList};
pub use query::ListQuery;
pub use row::TaskRow;

use crate::api::use_api;
use crate::components::form::ChoiceSelect;
use crate::components::page_title::PageTitle;
use crate::components::shortcuts::{has_modifier, typing_in_field};
use crate::pages::lazy::LazyShortcutsDialog;
use crate::reactive::SetIfAlive;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use wham_api::models::{EnvironmentName, TaskFilter, TurnStatus};

/// Rows per page.
pub const PAGE_SIZE: u32 = 20;
/// Row height in pixels; `style/main.css` gives `.task-row` this height.
pub const ROW_HEIGHT: f64 = 72.0;

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
    let list_key = Memo::new(move |_| query.with(|query| (query.filter.clone(), query.environment_id.clone())));
    let environments = LocalResource::new(move || async move {
        crate::api::environments::list::<EnvironmentName>(api).await.map(|list| list.0).unwrap_or_default()
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
    // One field of the query, changed from a control's new value.
    let change_query = move |change: fn(&mut ListQuery, String), value: String| {
        let mut next = query.get_untracked();
        change(&mut next, value);
        set_query.with_value(|set| set(next));
    };

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
            <PageTitle text="Tasks" />
            <div class="page-head">
                <h1>"Tasks"</h1>
                <a class="button primary" href="/new" aria-keyshortcuts="c">
                    "New task"
                </a>
            </div>
            <crate::pages::lazy::LazyQuickStart />
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
                            let href = move || {
                                ListQuery {
                                    filter: selected.clone(),
                                    ..query.get()
                                }
                                    .href()
                            };
                            let current = option.clone();
                            // A plain link: the router's <A> would mark every tab current, since
                            // all share the path `/`.
                            view! {
                                <a
                                    href=href
                                    class="tab"
                                    aria-current=move || (query.get().filter == current).then_some("page")
                                >
                                    {label}
                                </a>
                            }
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
                        change_query(|query, value| query.search = value, text);
                    }
                    on:keydown=move |event: web_sys::KeyboardEvent| {
                        if event.key() == "Escape" {
                            if let Some(input) = search_input.get_untracked() {
                                let _ = input.blur();
                            }
                        }
                    }
                />
                <ChoiceSelect
                    label="Environment"
                    any="All environments"
                    value=Signal::derive(move || query.get().environment_id)
                    choices=Signal::derive(move || {
                        environments
                            .get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|environment| (environment.id.clone(), environment.display_name()))
                            .collect::<Vec<_>>()
                    })
                    choose=move |value| change_query(|query, value| query.environment_id = value, value)
                />
                <ChoiceSelect
                    label="Status"
                    any="Any status"
                    value=Signal::derive(move || query.get().status)
                    choices=Signal::stored(
                        [
                            TurnStatus::InProgress,
                            TurnStatus::Pending,
                            TurnStatus::Completed,
                            TurnStatus::Failed,
                            TurnStatus::Cancelled,
                        ]
                            .map(|status| (status.as_str().to_string(), status.label()))
                            .to_vec(),
                    )
                    choose=move |value| change_query(|query, value| query.status = value, value)
                />
            </div>
            <NotifyToggle />
            {move || {
                let (_, environment_id) = list_key.get();
                let environment_label = Signal::derive(move || {
                    environments
                        .get()
                        .unwrap_or_default()
                        .into_iter()
                        .find(|environment| environment.id == environment_id)
                        .map(|environment| environment.display_name())
                });
                // A new list (and a fresh load) for each filter or environment; the search text
                // and the status narrow the list on screen (see `TaskList`).
                // The environment's name arrives later and does not rebuild the list (which
                // would load the first page twice).
                view! { <TaskList query=query environment_label=environment_label /> }
            }}
            <LazyShortcutsDialog
                open=shortcuts_open
                shortcuts=vec![
                    ("j", "Next task"),
                    ("k", "Previous task"),
                    ("Enter", "Open the selected task"),
                    ("/", "Search"),
                    ("c", "New task"),
                    ("?", "Show this list"),
                    ("Esc", "Close, or leave the search field"),
                ]
            />
        </section>
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
            {move || {
                if allowed.get() {
                    view! {
                        <span
                            class="muted notify-on"
                            title="You get a browser notification when a running task finishes"
                        >
                            "Notifications on"
                        </span>
                    }
                        .into_any()
                } else {
                    view! {
                        <button class="button small" on:click=ask>
                            "Notify me when tasks finish"
                        </button>
                    }
                        .into_any()
                }
            }}
        </Show>
    }
}

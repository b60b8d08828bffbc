//! The rows for one query: pages loaded as the person scrolls, filtered instantly, only the
//! rows in view in the DOM, and the list remembered for coming back from a task.

use super::{ListQuery, TaskRow, PAGE_SIZE, ROW_HEIGHT};
use crate::api::tasks::ListParams;
use crate::api::{use_api, ApiError};
use crate::components::load_states::{Empty, ErrorView, Loading};
use crate::components::shortcuts::{has_modifier, typing_in_field};
use crate::components::task_link::task_href;
use crate::components::virtual_list::VirtualList;
use crate::reactive::SetIfAlive;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use std::sync::Arc;
use wham_api::models::{TaskFilter, TaskRowSummary, TurnStatus};
use wham_model::visible_range::OVERSCAN;

#[derive(Debug, Clone, PartialEq)]
enum LoadState {
    Loading,
    Idle,
    Failed(ApiError),
}

/// The list as the person left it (rows, next cursor, scroll position), so coming back from a
/// task shows the same rows at the same place instead of the first page at the top. Kept for
/// the app's lifetime, for one query at a time.
#[derive(Clone, Copy)]
pub struct ListMemory(StoredValue<Option<SavedList>>);

#[derive(Clone)]
struct SavedList {
    query: ListQuery,
    rows: Vec<Arc<TaskRowSummary>>,
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

/// The rows for one filter and environment: loads pages from the list (or search) endpoint as
/// the person scrolls, filters what is loaded at once as the search text or status changes
/// (then, after a pause in typing, asks the server for matches beyond what is loaded), and
/// renders only what is in view.
#[component]
pub fn TaskList(
    /// The list's query, live: a new filter or environment is a new list (the caller builds
    /// one), while the search text and status narrow this one.
    #[prop(into)]
    query: Signal<ListQuery>,
    #[prop(optional, into)] environment_label: Signal<Option<String>>,
) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let memory = use_context::<ListMemory>();
    let first_query = query.get_untracked();
    let saved = memory.and_then(|memory| memory.0.get_value()).filter(|saved| saved.query == first_query);
    // Each row is shared (`Arc`) by the loaded rows, the filtered ones, the rows in view and
    // the list kept for coming back: a keystroke among 10,000 tasks used to clone every match
    // (five strings each) and drop the clones of the keystroke before.
    let rows = RwSignal::new(saved.as_ref().map(|saved| saved.rows.clone()).unwrap_or_default());
    let cursor = RwSignal::new(saved.as_ref().and_then(|saved| saved.cursor.clone()));
    let exhausted = RwSignal::new(saved.as_ref().is_some_and(|saved| saved.exhausted));
    let state = RwSignal::new(if saved.is_some() { LoadState::Idle } else { LoadState::Loading });
    let scroll_memory = StoredValue::new(saved.as_ref().map(|saved| saved.scroll_top).unwrap_or(0.0));
    // Where the list was when the person opened a task from it. Kept apart from the live
    // position: the router scrolls to the top of the next page before this list is gone.
    let left_at = StoredValue::new(None::<f64>);
    let remember_position = move || {
        left_at.try_set_value(scroll_memory.try_get_value());
    };
    // The query this list shows: the live one while its filter and environment are this
    // list's (when they change, the live query already belongs to the list replacing this one).
    let own_query = StoredValue::new(first_query.clone());
    Effect::new(move |_| {
        let live = query.get();
        let same_list =
            own_query.with_value(|own| own.filter == live.filter && own.environment_id == live.environment_id);
        if same_list {
            own_query.set_value(live);
        }
    });
    // Whether the load in flight replaces the rows (a new search) rather than adding a page.
    let replacing = StoredValue::new(false);
    if let Some(memory) = memory {
        on_cleanup(move || {
            // A list is worth coming back to once its rows are this query's: loaded, or with a
            // next page still on its way (the rows and cursor are consistent; the page is
            // asked again when the restored list's end comes into view).
            let settled = match state.try_get_untracked() {
                Some(LoadState::Idle) => true,
                Some(LoadState::Loading) => replacing.try_get_value() == Some(false),
                _ => false,
            };
            if !settled {
                return;
            }
            let Some(remembered_query) = own_query.try_get_value() else { return };
            let saved = SavedList {
                query: remembered_query,
                rows: rows.try_get_untracked().unwrap_or_default(),
                cursor: cursor.try_get_untracked().flatten(),
                exhausted: exhausted.try_get_untracked().unwrap_or(false),
                scroll_top: left_at.try_get_value().flatten().or(scroll_memory.try_get_value()).unwrap_or(0.0),
            };
            memory.0.try_set_value(Some(saved));
        });
    }
    let restored = saved.is_some();
    // Code that waits for the list's first answer (`FirstContent`) loads once it came, failed,
    // or this list is gone.
    let first_content = crate::pages::first_content::use_first_content();
    let first_content_shown = move || {
        if let Some(first_content) = first_content {
            first_content.shown();
        }
    };
    if restored {
        first_content_shown();
    }
    on_cleanup(first_content_shown);
    let selected = RwSignal::new(None::<usize>);
    // Each first-page load is numbered: the answer to an older search is dropped.
    let generation = StoredValue::new(0u64);

    let load_page = move |after: Option<String>| {
        let fresh = after.is_none();
        if fresh {
            generation.update_value(|generation| *generation += 1);
        }
        let asked = generation.get_value();
        replacing.set_value(fresh);
        state.set(LoadState::Loading);
        let current = own_query.get_value();
        spawn_local(async move {
            let params = ListParams {
                filter: current.filter.clone(),
                limit: PAGE_SIZE,
                cursor: after.as_deref(),
                search: &current.search,
                environment_id: &current.environment_id,
            };
            let answer = crate::api::tasks::list(api, params).await;
            if generation.try_get_value() != Some(asked) {
                return;
            }
            first_content_shown();
            match answer {
                Ok(page) => {
                    rows.update_if_alive(|rows| {
                        // A new first page replaces the rows (which were shown, filtered, in the
                        // meantime); a next page adds those not loaded yet (a task can move
                        // between pages).
                        if fresh {
                            rows.clear();
                        }
                        for item in page.items {
                            if !rows.iter().any(|row| row.id == item.id) {
                                rows.push(Arc::new(item));
                            }
                        }
                    });
                    let next = page.cursor.filter(|cursor| !cursor.is_empty());
                    exhausted.set_if_alive(next.is_none());
                    cursor.set_if_alive(next);
                    replacing.try_set_value(false);
                    state.set_if_alive(LoadState::Idle);
                }
                Err(error) => state.set_if_alive(LoadState::Failed(error)),
            }
        });
    };
    // The search text: what is loaded is filtered at once (`shown` below); the server is asked
    // after a pause in typing. A restored list is shown as it was (the five-second refresh
    // below brings running tasks up to date).
    let search = Memo::new(move |_| query.with(|query| query.search.trim().to_string()));
    let pending_search = StoredValue::new(None::<TimeoutHandle>);
    let ask_later = move || {
        // Until the server answers, the list is loading (not "no matching tasks"), and its
        // rows are the previous search's.
        replacing.set_value(true);
        state.set(LoadState::Loading);
        if let Some(handle) = pending_search.try_get_value().flatten() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || load_page(None), std::time::Duration::from_millis(250)).ok();
        pending_search.try_set_value(handle);
    };
    Effect::new(move |previous: Option<String>| {
        let text = search.get();
        match previous {
            None if restored => {}
            None if text.is_empty() => load_page(None),
            None => ask_later(),
            Some(previous) if previous != text => ask_later(),
            Some(_) => {}
        }
        text
    });
    on_cleanup(move || {
        if let Some(handle) = pending_search.try_get_value().flatten() {
            handle.clear();
        }
    });

    // Running tasks change while the person watches: re-read the first page now and then and
    // update the rows in place (new tasks appear at the top). A task that finishes gets its
    // unread dot from the server and, if allowed, a browser notification. Every five seconds
    // while a loaded task runs, and whenever the person comes back to the window (anything
    // may have changed meanwhile). One re-read at a time; an answer that comes after a new
    // search or filter started is dropped.
    let refreshing = RwSignal::new(false);
    // A next page on its way does not hold a re-read back (each adds or updates rows of its
    // own). A new first page or another re-read does, as its answer may predate what the
    // person came back for: the re-read is then owed, and made once that answer is in.
    // (Dropped, the change waited for the next five-second tick, or for ever when no loaded
    // task runs.)
    let refresh_owed = StoredValue::new(false);
    let refresh_blocked =
        move || refreshing.get() || (state.with(|state| *state == LoadState::Loading) && replacing.get_value());
    let refresh_first_page = move |only_while_running: bool| {
        let running =
            rows.with_untracked(|rows| rows.iter().any(|row| row.status().is_some_and(TurnStatus::is_active)));
        let current = own_query.get_value();
        if (only_while_running && !running) || !current.search.trim().is_empty() {
            return;
        }
        if untrack(refresh_blocked) {
            if !only_while_running {
                refresh_owed.set_value(true);
            }
            return;
        }
        refreshing.set(true);
        let asked = generation.get_value();
        spawn_local(async move {
            let params = ListParams {
                filter: current.filter.clone(),
                limit: PAGE_SIZE,
                environment_id: &current.environment_id,
                ..Default::default()
            };
            let answer = crate::api::tasks::list(api, params).await;
            refreshing.try_set(false);
            let Ok(page) = answer else { return };
            if generation.try_get_value() != Some(asked) {
                return;
            }
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
                            *row = Arc::new(item);
                        }
                        None if current.filter != TaskFilter::Archived => rows.insert(0, Arc::new(item)),
                        None => {}
                    }
                }
            });
        });
    };
    Effect::new(move |_| {
        if !refresh_blocked() && refresh_owed.get_value() {
            refresh_owed.set_value(false);
            refresh_first_page(false);
        }
    });
    let refresh = set_interval_with_handle(move || refresh_first_page(true), std::time::Duration::from_secs(5)).ok();
    let back_to_window = window_event_listener(leptos::ev::focus, move |_| refresh_first_page(false));
    on_cleanup(move || {
        if let Some(refresh) = refresh {
            refresh.clear();
        }
        back_to_window.remove();
    });

    let shown = Memo::new(move |_| {
        let query = query.get();
        let label = environment_label.get();
        let keeps = query.row_filter(label.as_deref());
        rows.with(|rows| rows.iter().filter(|task| keeps(task)).cloned().collect::<Vec<_>>())
    });
    // Whether each row is selected and how many rows there are: signals of the rows' own
    // (`row_state`), so rows scrolled past leave nothing behind in the list's.
    let row_states = super::row_state::RowStates::new(selected.into(), Signal::derive(move || shown.with(Vec::len)));
    let load_more_now = move || {
        if state.get_untracked() == LoadState::Idle && !exhausted.get_untracked() {
            load_page(cursor.get_untracked());
        }
    };
    // The page after the first rows waits for them to be painted: asked for with them, its
    // answer could come before their frame and be handled first, for rows below the fold.
    let first_rows_waiting = first_content.filter(|first_content| !first_content.is_shown_untracked());
    let next_page_waiting = StoredValue::new(false);
    if let Some(first_content) = first_rows_waiting {
        first_content.when_shown(move || {
            if next_page_waiting.try_get_value() == Some(true) {
                load_more_now();
            }
        });
    }
    let load_more = Callback::new(move |_| {
        if first_rows_waiting.is_some_and(|first_content| !first_content.is_shown_untracked()) {
            next_page_waiting.set_value(true);
        } else {
            load_more_now();
        }
    });

    // While the next page loads, its button stays where it is, busy (the same element: a
    // spinner swapped in and out at every page repainted the page each frame of the wait).
    // Not disabled: a focused button that is disabled loses the focus; a click meanwhile does
    // nothing (`load_more` waits for the list to be idle).
    let loading_next_page = move || !replacing.get_value() && rows.with(|rows| !rows.is_empty());
    let load_more_button = move |busy: bool| {
        view! {
            <button
                class="button load-more"
                aria-disabled=busy.then_some("true")
                aria-busy=busy.then_some("true")
                on:click=move |_| load_more.run(())
            >
                {if busy { "Loading more tasks…" } else { "Load more" }}
            </button>
        }
        .into_any()
    };

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
                    remember_position();
                    navigate(&task_href(&task.id), Default::default());
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    view! {
        // A click that opens a task (a row is a link) marks where the list was.
        <div class="task-list-frame" on:click=move |_| remember_position()>
            <VirtualList
                items=shown
                row_height=ROW_HEIGHT
                key=row_key
                row=move |index, task| {
                    let state = row_states
                        .for_row(index, selected.get_untracked() == Some(index), shown.with_untracked(Vec::len));
                    view! {
                        <TaskRow
                            task=Arc::unwrap_or_clone(task)
                            index=index
                            selected=state.selected
                            set_size=state.set_size
                        />
                    }
                }
                class="task-list"
                label="Tasks"
                on_end_reached=load_more
                // A page ahead of the viewport's end: scrolling through the list, a page's
                // request used to leave only once the scroll that reached the end was rendered
                // (the browser starts a `fetch` after the task that made it), 20-30 ms a page.
                load_ahead=PAGE_SIZE as usize - OVERSCAN
                scroll_to=Signal::derive(move || selected.get())
                scroll_memory=scroll_memory
                follow_window=true
            />
        </div>
        <p class="list-count muted" aria-live="polite">
            {move || {
                let shown_count = shown.with(Vec::len);
                let loaded = rows.with(Vec::len);
                if shown_count == loaded || shown_count == 0 {
                    String::new()
                } else {
                    format!("{shown_count} of {loaded} loaded tasks match")
                }
            }}
        </p>
        {move || match state.get() {
            LoadState::Loading if loading_next_page() => load_more_button(true),
            LoadState::Loading => view! { <Loading label="Loading tasks…" /> }.into_any(),
            LoadState::Failed(error) => {
                let retry = Callback::new(move |_| load_page(cursor.get_untracked()));
                view! { <ErrorView error=error retry=retry /> }.into_any()
            }
            LoadState::Idle if shown.with(Vec::is_empty) => {
                let current = query.get();
                let narrowed = !current.search.trim().is_empty() || !current.status.is_empty()
                    || !current.environment_id.is_empty();
                if narrowed {
                    let cleared = ListQuery {
                        filter: current.filter,
                        ..ListQuery::default()
                    }
                        .href();
                    let navigate = navigate_for_empty.clone();
                    return // Where the rows would be, with the way out.
                    view! {
                        <div class="state state-empty" role="status">
                            <p class="state-title">"No matching tasks"</p>
                            <p class="state-hint">
                                "Try other words, or "
                                <button class="button small" on:click=move |_| navigate(&cleared, Default::default())>
                                    "Clear filters"
                                </button>
                            </p>
                        </div>
                    }
                        .into_any();
                }
                let (title, hint) = if current.filter == TaskFilter::Archived {
                    ("No archived tasks", "Tasks you archive appear here.")
                } else {
                    ("No tasks yet", "Start one with New task (c).")
                };
                view! { <Empty title=title hint=hint /> }.into_any()
            }
            LoadState::Idle => {
                match (exhausted.get(), cursor.get()) {
                    (false, Some(_)) => load_more_button(false),
                    _ => {
                        let had_focus = document()
                            .active_element()
                            .is_some_and(|element| element.class_name().split(' ').any(|class| class == "load-more"));
                        let end = NodeRef::<leptos::html::P>::new();
                        if had_focus {
                            Effect::new(move |_| {
                                if let Some(end) = end.get() {
                                    let _ = end.focus();
                                }
                            });
                        }
                        // The last page came: its button goes. A person who had it focused
                        // keeps their place at the list's end (the focus would otherwise go
                        // to the page's top, and the next Tab with it).
                        view! {
                            <p class="list-end muted" tabindex="-1" node_ref=end>
                                "That's all."
                            </p>
                        }
                            .into_any()
                    }
                }
            }
        }}
    }
}

/// A row re-renders when what it shows changes: status, title, unread flag, update time.
fn row_key(task: &Arc<TaskRowSummary>) -> (String, String, String, bool, Option<u64>) {
    let status = task.status().map(|status| status.as_str().to_string()).unwrap_or_default();
    let updated = task.updated_at.as_ref().and_then(|stamp| stamp.as_seconds()).map(f64::to_bits);
    (task.id.clone(), task.title.clone(), status, task.has_unread_turn, updated)
}

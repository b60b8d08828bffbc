//! "Fix the findings" on a code review task: a new task that fixes what the review's answer
//! found (`POST /wham/tasks` with `review_fix`), opened once the service has started it.

use super::use_task;
use crate::api::{tasks, use_api, ApiError, TaskId};
use crate::components::task_link::task_href;
use crate::components::toast::use_toasts;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wham_api::models::CreateTaskRequest;

/// Starts the fix of the review's answer it is given. Made once for the page, outside the
/// actions' view, which is built again whenever the task is read again: a request under way
/// would otherwise lose the part that opens its answer. A failure (the service refuses, the
/// task limit is reached) is told in a toast; the review stays as it is.
pub fn fix_findings_action() -> Action<String, Result<TaskId, ApiError>> {
    let context = use_task();
    let api = use_api();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let start = Action::new_local(move |turn_id: &String| {
        let request = CreateTaskRequest::review_fix(&context.task_id.get_untracked(), turn_id);
        async move { tasks::create(api, &request).await }
    });
    Effect::new(move |_| match start.value().get() {
        Some(Ok(new_task)) => {
            toasts.success("Started a task to fix the findings");
            navigate(&task_href(new_task.as_str()), Default::default());
        }
        Some(Err(error)) => toasts.error(error.message()),
        None => {}
    });
    start
}

/// The button for the review's answer `turn_id`.
#[component]
pub fn FixFindings(start: Action<String, Result<TaskId, ApiError>>, turn_id: String) -> impl IntoView {
    let starting = start.pending();
    view! {
        <button
            class="button small primary"
            title="Start a new task that fixes what this review found"
            disabled=move || starting.get()
            aria-busy=move || starting.get().to_string()
            on:click=move |_| {
                start.dispatch(turn_id.clone());
            }
        >
            {move || if starting.get() { "Starting…" } else { "Fix the findings" }}
        </button>
    }
}

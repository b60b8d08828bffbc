//! "Fix the findings" on a code review task: a new task that fixes what the review's answer
//! found (`POST /wham/tasks` with `review_fix`), opened once the service has started it.

use super::use_task;
use crate::api::{tasks, use_api};
use crate::components::task_link::task_href;
use crate::components::toast::use_toasts;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wham_api::models::CreateTaskRequest;

/// The button for the review's answer `turn_id`. The review itself stays as it is; a failure
/// (the service refuses, the task limit is reached) is told in a toast and the button is back.
#[component]
pub fn FixFindings(turn_id: String) -> impl IntoView {
    let context = use_task();
    let api = use_api();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let turn_id = StoredValue::new(turn_id);
    let start = Action::new_local(move |_: &()| {
        let request = CreateTaskRequest::review_fix(&context.task_id.get_untracked(), &turn_id.get_value());
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
    let starting = start.pending();
    view! {
        <button
            class="button small primary"
            title="Start a new task that fixes what this review found"
            disabled=move || starting.get()
            aria-busy=move || starting.get().to_string()
            on:click=move |_| {
                start.dispatch(());
            }
        >
            {move || if starting.get() { "Starting…" } else { "Fix the findings" }}
        </button>
    }
}

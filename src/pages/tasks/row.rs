//! One task in the list: title, status, unread dot, environment, diff stats, PRs, updated
//! time.

use crate::components::diff_stats::diff_stats_badge;
use crate::components::pr_links::PrLinks;
use crate::components::relative_time::RelativeTime;
use crate::components::status::{code_review_badge, StatusBadge};
use crate::components::task_link::TaskLink;
use leptos::prelude::*;
use wham_api::models::TaskRowSummary;
use wham_model::time_text::seconds;

/// One row: title, status, unread dot, environment, diff stats, PRs, updated time.
#[component]
pub fn TaskRow(
    task: TaskRowSummary,
    #[prop(optional)] index: usize,
    #[prop(optional, into)] selected: Signal<bool>,
    /// How many tasks the list holds: only the rows in view exist, so each row tells a screen
    /// reader its place in the whole ("3 of 120").
    #[prop(optional, into)]
    set_size: Option<Signal<usize>>,
) -> impl IntoView {
    let status = task.status().cloned().unwrap_or_default();
    let display = task.task_status_display.clone().unwrap_or_default();
    let diff = task.change_counts().cloned();
    let placeholder = !task.has_generated_title || task.title.trim().is_empty();
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
        <div
            class=class
            role="listitem"
            data-task-id=task.id.clone()
            data-index=index
            aria-posinset=set_size.map(|_| index + 1)
            aria-setsize=move || set_size.map(|size| size.get())
            aria-current=move || selected.get().then_some("true")
        >
            <div class="task-main">
                {task
                    .has_unread_turn
                    .then(|| {
                        view! {
                            <span class="unread-dot" title="Unread">
                                <span class="visually-hidden">"Unread: "</span>
                            </span>
                        }
                    })} <TaskLink task_id=task.id.clone() title=task.title.clone() placeholder=placeholder />
            </div>
            <div class="task-meta">
                <StatusBadge status=status />
                {code_review_badge(task.is_review)}
                {display.environment_label.map(|label| view! { <span class="env-label">{label}</span> })}
                {display.branch_name.map(|branch| view! { <span class="branch">{branch}</span> })}
                {diff_stats_badge(diff)}
                <PrLinks pull_requests=task.pull_requests.clone() />
                <span class="updated">
                    <RelativeTime seconds=seconds(task.updated_at.as_ref()) />
                </span>
            </div>
        </div>
    }
}

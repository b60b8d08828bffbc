//! A task or turn status as a coloured badge with words (never colour alone).

use leptos::prelude::*;
use wham_api::models::TurnStatus;

#[component]
pub fn StatusBadge(status: TurnStatus) -> impl IntoView {
    let class = format!(
        "badge status-{}",
        match &status {
            TurnStatus::Unknown(_) => "unknown",
            known => known.as_str(),
        }
    );
    view! { <span class=class>{status.label()}</span> }
}

/// "Code review" beside a task's status, on its row and its page, for a task that code review
/// started on a pull request (`is_review`).
pub fn code_review_badge(is_review: bool) -> Option<impl IntoView> {
    is_review.then(|| view! { <span class="badge status-unknown">"Code review"</span> })
}

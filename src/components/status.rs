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

//! "+12 −3 · 2 files": what a change adds, removes and touches, the same on the list, the task
//! header and the diff.

use leptos::prelude::*;
use wham_api::models::ChangeCounts;

/// Lines added and removed and files changed.
#[component]
pub fn DiffStatsBadge(added: u64, removed: u64, files: u64) -> impl IntoView {
    view! {
        <span class="diff-stats" title="Lines added and removed, files changed">
            <span class="added">"+" {added}</span>
            " "
            <span class="removed">"−" {removed}</span>
            " · "
            {files}
            {if files == 1 { " file" } else { " files" }}
        </span>
    }
}

/// The badge for a turn's statistics, or nothing while the service has not counted the files.
pub fn diff_stats_badge(stats: Option<ChangeCounts>) -> Option<impl IntoView> {
    let stats = stats?;
    let files = stats.files_modified?;
    let (added, removed) = (stats.lines_added.unwrap_or(0), stats.lines_removed.unwrap_or(0));
    Some(view! { <DiffStatsBadge added=added removed=removed files=files /> })
}

//! Links to a task's pull requests, the same on the list and the task page: only URLs that the
//! URL policy (`wham_api::links::pull_request_url`) accepts as GitHub pull requests, opened in a
//! new tab without giving it a handle on this one.

use leptos::prelude::*;
use wham_api::links::pull_request_url;
use wham_api::models::PullRequestLink;

#[component]
pub fn PrLinks(pull_requests: Vec<PullRequestLink>) -> impl IntoView {
    pull_requests
        .into_iter()
        .filter_map(|pr| {
            let url = pull_request_url(pr.url.as_deref()?)?;
            let mut label = pr.number.map(|number| format!("PR #{number}")).unwrap_or_else(|| "PR".into());
            if pr.draft == Some(true) {
                label.push_str(" (draft)");
            }
            Some(view! {
                <a class="pr-link" href=url target="_blank" rel="noopener noreferrer">
                    {label}
                </a>
            })
        })
        .collect_view()
}

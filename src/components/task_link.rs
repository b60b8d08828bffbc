//! A task's place in the app and its title as shown everywhere: the list row, the task
//! header, the tab title.

use super::revealed::HiddenCharacterWarning;
use leptos::prelude::*;
use wham_api::routes::encode_component;

/// The app's path of a task's page.
pub fn task_href(task_id: &str) -> String {
    format!("/tasks/{}", encode_component(task_id))
}

/// A title to show: the task's, or "Untitled task" when it has none.
pub fn display_title(title: &str) -> String {
    if title.trim().is_empty() {
        "Untitled task".to_string()
    } else {
        title.to_string()
    }
}

/// The title, with a warning when it hides characters (bidi controls, zero-width).
#[component]
pub fn TaskTitle(#[prop(into)] title: String) -> impl IntoView {
    let title = display_title(&title);
    view! {
        {title.clone()}
        <HiddenCharacterWarning text=title />
    }
}

/// A link to a task, its title as the text; `placeholder` dims a title the agent has not
/// generated yet.
#[component]
pub fn TaskLink(task_id: String, #[prop(into)] title: String, #[prop(optional)] placeholder: bool) -> impl IntoView {
    let title = display_title(&title);
    view! {
        <a href=task_href(&task_id) class=if placeholder { "task-title placeholder" } else { "task-title" }>
            {title.clone()}
        </a>
        <HiddenCharacterWarning text=title />
    }
}

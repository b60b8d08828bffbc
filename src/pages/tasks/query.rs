//! What the task list shows, as read from (and written to) the URL query, so a view can be
//! shared and reloaded.

use wham_api::models::{TaskFilter, TaskRowSummary, TurnStatus};
use wham_api::routes::encode_component;

/// What the list shows, as read from (and written to) the URL query.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListQuery {
    pub filter: TaskFilter,
    pub search: String,
    pub environment_id: String,
    pub status: String,
}

impl ListQuery {
    /// The URL for this view.
    pub fn href(&self) -> String {
        let mut parts = Vec::new();
        if self.filter != TaskFilter::Current {
            parts.push(format!("filter={}", self.filter.as_str()));
        }
        for (key, value) in [("q", &self.search), ("env", &self.environment_id), ("status", &self.status)] {
            if !value.is_empty() {
                parts.push(format!("{key}={}", encode_component(value)));
            }
        }
        if parts.is_empty() {
            "/".into()
        } else {
            format!("/?{}", parts.join("&"))
        }
    }

    /// Whether a loaded row passes the search text, environment and status filters.
    pub fn keeps(&self, task: &TaskRowSummary, environment_label: Option<&str>) -> bool {
        self.row_filter(environment_label)(task)
    }

    /// [`Self::keeps`] for many rows: the search text is lowercased once, not once a row.
    pub fn row_filter<'a>(&'a self, environment_label: Option<&'a str>) -> impl Fn(&TaskRowSummary) -> bool + 'a {
        let search = lowercase(self.search.trim());
        move |task| {
            if !search.is_empty() && !contains_ignoring_case(&task.title, &search) {
                return false;
            }
            if !self.environment_id.is_empty()
                && environment_label.is_some()
                && task.environment_label() != environment_label
            {
                return false;
            }
            self.status.is_empty() || task.status().map(TurnStatus::as_str) == Some(self.status.as_str())
        }
    }
}

/// Whether `text` contains `lowercase_needle` (already in lower case), ignoring case. An ASCII
/// title is compared in place: lowercasing a copy of each of 10,000 loaded titles at every
/// keystroke was most of what filtering them cost beyond filtering 1,000.
fn contains_ignoring_case(text: &str, lowercase_needle: &str) -> bool {
    if text.is_ascii() {
        // Lowercased ASCII is ASCII, so a needle with anything else cannot match.
        let needle = lowercase_needle.as_bytes();
        needle.is_empty() || text.as_bytes().windows(needle.len()).any(|window| window.eq_ignore_ascii_case(needle))
    } else {
        lowercase(text).contains(lowercase_needle)
    }
}

/// `text` in lower case, for a search that ignores case. ASCII in Rust; anything else by the
/// browser's `toLowerCase`, which knows every script: Rust's `str::to_lowercase` would bring
/// its Unicode case tables (about 4 KB gzip) into the first load for this one search.
fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        String::from(js_sys::JsString::from(text).to_lower_case())
    }
}

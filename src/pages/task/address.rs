//! What of the task page lives in its address: the attempt chosen (`?attempt=<turn id>`) and the
//! tab beside the answer (`?tab=diff|logs|activity`), so a reload or a shared link opens the
//! same view. Changing either replaces the history entry (a tab is not a page to go back to)
//! and keeps the scroll position.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// The tabs beside an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToolTab {
    Diff,
    Logs,
    Activity,
}

impl ToolTab {
    pub const ALL: [ToolTab; 3] = [ToolTab::Diff, ToolTab::Logs, ToolTab::Activity];

    /// Reads the address's `tab`; anything else is no choice (the page picks).
    pub fn parse(text: &str) -> Option<ToolTab> {
        match text {
            "diff" => Some(ToolTab::Diff),
            "logs" => Some(ToolTab::Logs),
            "activity" => Some(ToolTab::Activity),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            ToolTab::Diff => "diff",
            ToolTab::Logs => "logs",
            ToolTab::Activity => "activity",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ToolTab::Diff => "Diff",
            ToolTab::Logs => "Logs",
            ToolTab::Activity => "Activity",
        }
    }
}

/// The task page's address state, read from and written to the URL query.
#[derive(Clone, Copy)]
pub struct TaskAddress {
    /// The attempt the address names, if any.
    pub attempt: Memo<Option<String>>,
    /// The tab the address names, if any (each answer otherwise opens on its diff, or on its
    /// activity when it changed nothing).
    pub tab: Memo<Option<ToolTab>>,
    set: Callback<(&'static str, String)>,
}

impl TaskAddress {
    /// Reads the address of the page being shown; call it in the task page's component.
    pub fn new() -> TaskAddress {
        let query = use_query_map();
        let location = use_location();
        let navigate = use_navigate();
        let attempt = Memo::new(move |_| query.with(|query| query.get("attempt")).filter(|id| !id.is_empty()));
        let tab = Memo::new(move |_| query.with(|query| query.get_str("tab").and_then(ToolTab::parse)));
        let set = Callback::new(move |(key, value): (&'static str, String)| {
            let mut params = query.get_untracked();
            params.replace(key, value);
            let href = format!("{}{}", location.pathname.get_untracked(), params.to_query_string());
            navigate(&href, NavigateOptions { replace: true, scroll: false, ..Default::default() });
        });
        TaskAddress { attempt, tab, set }
    }

    pub fn choose_tab(self, tab: ToolTab) {
        if self.tab.get_untracked() != Some(tab) {
            self.set.run(("tab", tab.key().to_string()));
        }
    }

    pub fn choose_attempt(self, turn_id: &str) {
        if self.attempt.get_untracked().as_deref() != Some(turn_id) {
            self.set.run(("attempt", turn_id.to_string()));
        }
    }
}

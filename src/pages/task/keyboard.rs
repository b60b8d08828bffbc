//! The task page's keyboard: `[` and `]` switch attempts, `d` goes to the diff, `l` opens the
//! logs, `y` copies git apply, `r` focuses the follow-up, `?` lists them, Esc closes.
//!
//! The keys act through the page's own controls (the same buttons a pointer uses), found in the
//! last answer on the page, so a shortcut can never do what the page does not offer.

use super::use_task;
use crate::components::shortcuts::{has_modifier, typing_in_field};
use crate::pages::lazy::LazyShortcutsDialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The last element on the page matching `selector` (the last answer's control).
fn last(selector: &str) -> Option<web_sys::HtmlElement> {
    let document = web_sys::window()?.document()?;
    let found = document.query_selector_all(selector).ok()?;
    let count = found.length();
    (count > 0).then(|| found.item(count - 1)).flatten()?.dyn_into::<web_sys::HtmlElement>().ok()
}

/// Moves to the previous (`-1`) or next (`+1`) attempt tab of the last round.
fn switch_attempt(step: i32) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
    let Ok(rounds) = document.query_selector_all(".round") else { return };
    let Some(round) =
        rounds.item(rounds.length().saturating_sub(1)).and_then(|node| node.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(tabs) = round.query_selector_all(".attempt-tab") else { return };
    let count = tabs.length() as i32;
    if count < 2 {
        return;
    }
    let selected = (0..count)
        .find(|index| {
            tabs.item(*index as u32)
                .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
                .and_then(|tab| tab.get_attribute("aria-selected"))
                .as_deref()
                == Some("true")
        })
        .unwrap_or(0);
    let next = (selected + step).rem_euclid(count);
    if let Some(tab) = tabs.item(next as u32).and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok()) {
        tab.click();
        let _ = tab.focus();
    }
}

#[component]
pub fn TaskShortcuts() -> impl IntoView {
    let context = use_task();
    let open = RwSignal::new(false);
    let listener = window_event_listener(leptos::ev::keydown, move |event| {
        if event.key() == "Escape" {
            open.try_set(false);
            return;
        }
        if has_modifier(&event) || typing_in_field(&event) {
            return;
        }
        let handled = match event.key().as_str() {
            "?" => {
                open.try_update(|open| *open = !*open);
                true
            }
            "[" => {
                switch_attempt(-1);
                true
            }
            "]" => {
                switch_attempt(1);
                true
            }
            "d" => {
                context.address.choose_tab(super::address::ToolTab::Diff);
                last(".turn-tools").map(|tools| tools.scroll_into_view()).is_some()
            }
            "a" => {
                context.address.choose_tab(super::address::ToolTab::Activity);
                last(".turn-tools").map(|tools| tools.scroll_into_view()).is_some()
            }
            "l" => last(".assistant-turn")
                .and_then(|turn| turn.get_attribute("data-turn-id"))
                .map(|turn_id| context.logs_for.try_set(Some((turn_id, None))))
                .is_some(),
            "y" => last(".copy-git-apply").map(|button| button.click()).is_some(),
            "r" => last("#follow-up-text").map(|field| field.focus()).is_some(),
            _ => false,
        };
        if handled {
            event.prevent_default();
        }
    });
    on_cleanup(move || listener.remove());
    view! {
        <LazyShortcutsDialog
            open=open
            shortcuts=vec![
                ("[", "Previous attempt"),
                ("]", "Next attempt"),
                ("d", "Show the diff"),
                ("l", "Show the logs"),
                ("a", "Show what the agent did"),
                ("y", "Copy git apply"),
                ("r", "Write a follow-up"),
                ("?", "Show this list"),
                ("Esc", "Close"),
            ]
        />
    }
}

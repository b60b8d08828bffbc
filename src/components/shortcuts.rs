//! Keyboard shortcuts: one window listener per page, ignoring keys typed into form fields, and
//! the `?` dialog that lists them.

use super::dialog::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Whether the key event comes from a field where letters are text, not commands.
pub fn typing_in_field(event: &web_sys::KeyboardEvent) -> bool {
    let Some(target) = event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    let tag = target.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select") || target.get_attribute("contenteditable").is_some()
}

/// Whether a modifier makes this a browser shortcut (Ctrl-R and friends are left alone).
pub fn has_modifier(event: &web_sys::KeyboardEvent) -> bool {
    event.ctrl_key() || event.meta_key() || event.alt_key()
}

/// How to say the chord that submits a form: "⌘+Enter" on Apple's systems, where Cmd is the
/// habit, "Ctrl+Enter" elsewhere ([`submit_on_ctrl_enter`] takes both everywhere).
pub fn submit_chord() -> &'static str {
    let platform = web_sys::window().and_then(|window| window.navigator().platform().ok()).unwrap_or_default();
    if platform.starts_with("Mac") || platform.starts_with("iP") {
        "⌘+Enter"
    } else {
        "Ctrl+Enter"
    }
}

/// Ctrl+Enter (Cmd+Enter) in a field submits its form, through the form's own submit handler
/// (so its checks run). Use as a textarea's `on:keydown`.
pub fn submit_on_ctrl_enter(event: web_sys::KeyboardEvent) {
    if event.key() != "Enter" || !(event.ctrl_key() || event.meta_key()) {
        return;
    }
    event.prevent_default();
    let form = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("form").ok().flatten())
        .and_then(|form| form.dyn_into::<web_sys::HtmlFormElement>().ok());
    if let Some(form) = form {
        let _ = form.request_submit();
    }
}

/// What a page's shortcuts dialog lists and whether it is open, given as context by
/// `pages::lazy::LazyShortcutsDialog`, whose split point builds [`ShortcutsFromContext`].
#[derive(Clone)]
pub struct ShortcutList {
    pub open: RwSignal<bool>,
    pub shortcuts: Vec<(&'static str, &'static str)>,
}

/// The dialog for the [`ShortcutList`] in context (nothing without one).
#[component]
pub fn ShortcutsFromContext() -> impl IntoView {
    use_context::<ShortcutList>().map(|list| view! { <ShortcutsDialog open=list.open shortcuts=list.shortcuts /> })
}

/// The shortcuts dialog, shown while `open` is true; Escape or the button closes it.
#[component]
pub fn ShortcutsDialog(open: RwSignal<bool>, shortcuts: Vec<(&'static str, &'static str)>) -> impl IntoView {
    view! {
        <Dialog open=open title="Keyboard shortcuts" title_id="shortcuts-title">
            <dl class="shortcuts">
                {shortcuts
                    .iter()
                    .map(|(key, what)| {
                        view! {
                            <dt>
                                <kbd>{*key}</kbd>
                            </dt>
                            <dd>{*what}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
            <button class="button" autofocus on:click=move |_| open.set(false)>
                "Close"
            </button>
        </Dialog>
    }
}

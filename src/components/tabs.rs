//! Keyboard for a row of tabs, as the WAI-ARIA tabs pattern asks: the arrow keys move to the
//! previous or next tab and choose it, Home and End to the first and last; only the chosen tab
//! is in the Tab order (`tabindex` 0, the others −1), so Tab moves on to the panel.

use wasm_bindgen::JsCast;

/// Handles a keydown on a `role="tablist"` element whose tabs are `role="tab"` buttons.
pub fn on_tablist_keydown(event: web_sys::KeyboardEvent) {
    let key = event.key();
    if !matches!(key.as_str(), "ArrowLeft" | "ArrowRight" | "Home" | "End") {
        return;
    }
    let Some(list) = event.current_target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()) else {
        return;
    };
    let Ok(nodes) = list.query_selector_all("[role=tab]") else { return };
    let tabs: Vec<web_sys::HtmlElement> =
        (0..nodes.length()).filter_map(|index| nodes.item(index)?.dyn_into::<web_sys::HtmlElement>().ok()).collect();
    if tabs.is_empty() {
        return;
    }
    let focused = web_sys::window().and_then(|window| window.document()).and_then(|document| document.active_element());
    let current = tabs
        .iter()
        .position(|tab| focused.as_ref().is_some_and(|focused| focused == tab.unchecked_ref::<web_sys::Element>()))
        .or_else(|| tabs.iter().position(|tab| tab.get_attribute("aria-selected").as_deref() == Some("true")))
        .unwrap_or(0);
    let last = tabs.len() - 1;
    let next = match key.as_str() {
        "ArrowLeft" => current.checked_sub(1).unwrap_or(last),
        "ArrowRight" if current == last => 0,
        "ArrowRight" => current + 1,
        "Home" => 0,
        _ => last,
    };
    event.prevent_default();
    let _ = tabs[next].focus();
    tabs[next].click();
    // Choosing a tab may rebuild the whole row (an attempt's round is redrawn): then focus the
    // chosen tab of the row now in the same place.
    let label = list.get_attribute("aria-label").unwrap_or_default();
    let selector = format!("[role=tablist][aria-label=\"{}\"]", label.replace('"', ""));
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
    let Ok(lists) = document.query_selector_all(&selector) else { return };
    let place = (0..lists.length())
        .find(|index| lists.item(*index).is_some_and(|node| &node == list.unchecked_ref::<web_sys::Node>()));
    leptos::prelude::request_animation_frame(move || {
        let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
        if document.active_element().is_some_and(|element| element.get_attribute("role").as_deref() == Some("tab")) {
            return;
        }
        let chosen = place
            .and_then(|place| document.query_selector_all(&selector).ok()?.item(place))
            .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
            .and_then(|list| list.query_selector("[role=tab][aria-selected=true]").ok().flatten())
            .and_then(|tab| tab.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(tab) = chosen {
            let _ = tab.focus();
        }
    });
}

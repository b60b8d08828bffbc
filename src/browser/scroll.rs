//! The window's scroll position, for views that follow new content down.

fn document_height() -> f64 {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
        .map(|element| element.scroll_height() as f64)
        .unwrap_or(0.0)
}

/// Whether the window is scrolled to (near) the bottom, so new lines should keep it there.
pub fn at_bottom() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let viewport = window.inner_height().ok().and_then(|height| height.as_f64()).unwrap_or(0.0);
    document_height() - (window.scroll_y().unwrap_or(0.0) + viewport) < 80.0
}

/// Scrolls the window to the bottom.
pub fn scroll_to_bottom() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, document_height());
    }
}

/// Scrolls the element the address's `#fragment` names into view, when there is one, and keeps
/// it there while the sections above it fill in. The browser does so itself only for what the
/// document has as it loads, and the router when a navigation ends; a page whose code arrives
/// later, or whose sections are built in tasks after it, has neither, so `/settings#machines`
/// opened by its address stayed at the top. The browser's scroll anchoring did not keep the
/// section in place as the lists above it arrived (a test saw it 840 px down), so this does,
/// like a browser's own fragment anchoring: until the person scrolls, types or clicks, or
/// for five seconds.
pub fn scroll_to_fragment() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let hash = window.location().hash().unwrap_or_default();
    let Some(id) = hash.strip_prefix('#').filter(|id| !id.is_empty()) else {
        return;
    };
    let id = js_sys::decode_uri_component(id).ok().and_then(|id| id.as_string()).unwrap_or_else(|| id.to_string());
    if let Some(element) = window.document().and_then(|document| document.get_element_by_id(&id)) {
        element.scroll_into_view();
        let top = element.get_bounding_client_rect().top();
        keep_in_view(element, super::quiet::now_ms(), top);
    }
}

const KEEP_FRAGMENT_MS: f64 = 5_000.0;

/// Each frame: if `element` moved since it was last put in view, puts it back.
fn keep_in_view(element: web_sys::Element, since: f64, last_top: f64) {
    leptos::prelude::request_animation_frame(move || {
        let now = super::quiet::now_ms();
        if now - since > KEEP_FRAGMENT_MS || super::quiet::last_input_ms() > since || !element.is_connected() {
            return;
        }
        let mut top = element.get_bounding_client_rect().top();
        if (top - last_top).abs() > 1.0 {
            element.scroll_into_view();
            top = element.get_bounding_client_rect().top();
        }
        keep_in_view(element, since, top);
    });
}

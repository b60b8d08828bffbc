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

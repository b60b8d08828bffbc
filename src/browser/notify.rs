//! Browser notifications for tasks that finish while the person is elsewhere, only when they
//! allowed them.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Whether notifications are supported and allowed.
pub fn allowed() -> bool {
    supported() && web_sys::Notification::permission() == web_sys::NotificationPermission::Granted
}

pub fn supported() -> bool {
    web_sys::window().is_some_and(|window| js_sys::Reflect::has(&window, &"Notification".into()).unwrap_or(false))
}

/// Whether the page is in front of the person (its tab visible).
pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .is_some_and(|document| document.visibility_state() == web_sys::VisibilityState::Visible)
}

/// Asks for permission; resolves to whether it was granted.
pub async fn request() -> bool {
    if !supported() {
        return false;
    }
    match web_sys::Notification::request_permission() {
        Ok(promise) => {
            wasm_bindgen_futures::JsFuture::from(promise).await.ok().and_then(|value| value.as_string()).as_deref()
                == Some("granted")
        }
        Err(_) => false,
    }
}

/// Shows "Task finished" for a task; clicking it opens the task.
pub fn task_finished(task_id: &str, title: &str, status: &str) {
    if !allowed() {
        return;
    }
    let options = web_sys::NotificationOptions::new();
    options.set_body(&format!("{title} — {status}"));
    options.set_tag(task_id);
    let Ok(notification) = web_sys::Notification::new_with_options("Codex task finished", &options) else { return };
    let href = crate::components::task_link::task_href(task_id);
    let on_click = Closure::<dyn FnMut()>::new(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.focus();
            let _ = window.location().assign(&href);
        }
    });
    notification.set_onclick(Some(on_click.as_ref().unchecked_ref()));
    // The notification owns the handler for as long as it lives.
    on_click.forget();
}

//! Work that can wait until the page has painted and the browser has nothing else to do.
//!
//! The first rows of the task list are what a person waits for at start; anything started in
//! the same task pushes their paint back. A start trace showed fetching and starting the
//! header's and prompt box's code there: ~50 ms of the main thread before the rows' frame.

use leptos::prelude::{request_animation_frame, set_timeout};
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The longest an idle callback waits on a page that is never idle (a live stream).
const LONGEST_IDLE_WAIT_MS: u32 = 1_000;
/// Where the browser has no `requestIdleCallback` (Safari): a short pause instead.
const WITHOUT_IDLE_CALLBACKS_MS: i32 = 50;

/// Runs `then` once the next frame is painted and the browser is idle (or a second later).
pub fn when_idle_after_paint(then: impl FnOnce() + 'static) {
    // An animation frame callback runs before that frame's paint; a task queued from it runs
    // after the paint.
    request_animation_frame(move || set_timeout(move || when_idle(then), Duration::ZERO));
}

fn when_idle(then: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        then();
        return;
    };
    let callback = Closure::once_into_js(then);
    let options = web_sys::IdleRequestOptions::new();
    options.set_timeout(LONGEST_IDLE_WAIT_MS);
    // `Err` when the function does not exist; the closure was not consumed then.
    if window.request_idle_callback_with_options(callback.unchecked_ref(), &options).is_err() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), WITHOUT_IDLE_CALLBACKS_MS);
    }
}

//! Background work that gives way to the person: [`until_quiet`] waits until they have not
//! scrolled or typed for a while. (Not clicks: a click on what is still loading must not hold
//! it back further.)
//!
//! After start the app fetches every page's code ahead of need (15 wasm modules; ~95 smaller
//! ones when this was measured). A trace of scrolling through the task list right after start
//! showed each page of tasks taking two to three times as long while those modules were
//! fetched and compiled (~400 ms of the main thread on a 2-core machine): speculative work
//! competing with what the person is doing. Their own page still loads its code at once when opened.

use std::cell::Cell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

thread_local! {
    /// When the person last scrolled or typed (`performance.now()`); never, at first.
    static LAST_ACTIVITY_MS: Cell<f64> = const { Cell::new(f64::NEG_INFINITY) };
    /// When the person last used the wheel, a touch, a key or the pointer (not a scroll, which
    /// the page's own scrolling also makes); never, at first.
    static LAST_INPUT_MS: Cell<f64> = const { Cell::new(f64::NEG_INFINITY) };
    /// Whether the listeners that keep `LAST_ACTIVITY_MS` are in place.
    static WATCHING: Cell<bool> = const { Cell::new(false) };
}

/// Now, in `performance.now()` time: the clock of the activity times here.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|window| window.performance()).map(|performance| performance.now()).unwrap_or(0.0)
}

/// Starts noting the person's activity (once, for the app's lifetime; called at start, so
/// that scrolling before the first wait counts). The listeners are passive: a wheel or touch
/// listener that is not makes the browser wait for the main thread before it scrolls.
pub fn watch_activity() {
    if WATCHING.with(|watching| watching.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let note = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        let now = now_ms();
        let kind = event.type_();
        if kind != "pointerdown" {
            LAST_ACTIVITY_MS.with(|last| last.set(now));
        }
        if kind != "scroll" {
            LAST_INPUT_MS.with(|last| last.set(now));
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(true);
    options.set_capture(true);
    for event in ["scroll", "wheel", "touchmove", "keydown", "pointerdown"] {
        let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
            event,
            note.as_ref().unchecked_ref(),
            &options,
        );
    }
    // Kept for the app's lifetime, as the listeners are.
    note.forget();
}

/// When the person last touched the wheel, a key, a touch screen or the pointer
/// (`performance.now()`), or minus infinity.
pub fn last_input_ms() -> f64 {
    watch_activity();
    LAST_INPUT_MS.with(Cell::get)
}

/// Resolves once the person has not scrolled or typed for `quiet_ms`.
pub async fn until_quiet(quiet_ms: u32) {
    watch_activity();
    let quiet_ms = f64::from(quiet_ms);
    loop {
        let since = now_ms() - LAST_ACTIVITY_MS.with(Cell::get);
        if since >= quiet_ms {
            break;
        }
        gloo_timers::future::TimeoutFuture::new((quiet_ms - since).ceil() as u32).await;
    }
}

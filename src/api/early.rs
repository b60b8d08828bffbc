//! Answers `index.html` asked for before the app started. Its inline script requests what the
//! first page shows first (on the task list its first page and the environments, on a task's
//! page the task and its turns, on the usage, environments, settings and new-task pages the
//! requests they make as they are built) while the WebAssembly downloads and starts; the app's
//! first request for the same URL takes that answer instead of asking again. The page then
//! waits for the slower of the two, not for both one after the other, and the task that builds
//! the page no longer makes those requests (five `fetch` calls were ~8 ms of the usage page's
//! 20-28 ms build).
//!
//! The script builds the URLs the way the app does (the routes, the list's filter, page size and
//! environment, the task's id); if they ever differ, the app simply asks itself and the early
//! answer is never used. The browser tests of the early requests (`e2e/tests/shell.test.mjs`)
//! expect exactly one request for each, so they fail if they drift apart.

use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The global the inline script keeps its answers in: `{ [url]: { at, answer } }`, `at` the
/// page's clock when it asked and `answer` a promise of `{ status, body }`, the body an
/// `ArrayBuffer` read whole.
const EARLY_ANSWERS: &str = "__whamEarly";

/// Only the start may use an early answer: one older than this is dropped and the app asks
/// again (the data may have changed since).
const MAX_AGE_MS: f64 = 10_000.0;

/// The early answer for `url`, at most once (taking it removes it): a promise of its status and
/// body, for [`read`].
pub fn take(url: &str) -> Option<Promise> {
    let window = web_sys::window()?;
    let answers = Reflect::get(&window, &JsValue::from_str(EARLY_ANSWERS)).ok().filter(JsValue::is_object)?;
    let key = JsValue::from_str(url);
    let entry = Reflect::get(&answers, &key).ok().filter(JsValue::is_object)?;
    let _ = Reflect::delete_property(answers.unchecked_ref::<js_sys::Object>(), &key);
    let asked_at = Reflect::get(&entry, &JsValue::from_str("at")).ok()?.as_f64()?;
    if window.performance()?.now() - asked_at > MAX_AGE_MS {
        return None;
    }
    Reflect::get(&entry, &JsValue::from_str("answer")).ok()?.dyn_into::<Promise>().ok()
}

/// The status and body of an answer [`take`] gave; `None` when the request failed (the network
/// broke) or the answer is not what the script makes.
///
/// It comes back in a task of its own (`start`): at start the answer is usually in already,
/// and decoding it and building its view would otherwise run in the task that built its page.
pub async fn read(answer: Promise) -> Option<(u16, Vec<u8>)> {
    // Dropped when this returns: its caller decodes the body and sets its signals before
    // the task ends, and the app is moved into the page after that.
    let handing_over = crate::start::EarlyAnswer::taken();
    let answer = wasm_bindgen_futures::JsFuture::from(answer).await.ok();
    handing_over.own_task().await;
    let answer = answer?;
    let status = Reflect::get(&answer, &JsValue::from_str("status")).ok()?.as_f64()?;
    let body = Reflect::get(&answer, &JsValue::from_str("body")).ok()?.dyn_into::<js_sys::ArrayBuffer>().ok()?;
    Some((status as u16, js_sys::Uint8Array::new(&body).to_vec()))
}

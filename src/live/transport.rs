//! Reads a turn stream. Without credentials: a browser `EventSource` (the browser handles the
//! framing). With credentials: `fetch` with the headers and a `ReadableStream` read through
//! wham-api's incremental SSE parser. Either way the caller gets parsed items, an "open" signal
//! and an "ended" signal (with the reason when it broke).

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wham_api::sse::{SseParser, StreamItem};

/// What the stream reports.
pub struct Callbacks {
    pub on_open: Box<dyn Fn()>,
    pub on_item: Box<dyn Fn(StreamItem)>,
    /// `None` when the server ended the stream, else why it broke.
    pub on_end: Box<dyn Fn(Option<String>)>,
}

enum Inner {
    EventSource { source: web_sys::EventSource, _closures: Vec<Closure<dyn FnMut(web_sys::Event)>> },
    Fetch { abort: web_sys::AbortController, stopped: Rc<RefCell<bool>> },
}

/// An open stream; dropping it does not close it, [`StreamHandle::close`] does.
pub struct StreamHandle {
    inner: Inner,
}

impl StreamHandle {
    pub fn close(&self) {
        match &self.inner {
            Inner::EventSource { source, .. } => {
                source.set_onmessage(None);
                source.set_onerror(None);
                source.set_onopen(None);
                source.close();
            }
            Inner::Fetch { abort, stopped } => {
                *stopped.borrow_mut() = true;
                abort.abort();
            }
        }
    }
}

/// Applies the SSE `id` to an item whose JSON has none, so every item can be deduplicated.
fn with_id(mut item: StreamItem, sse_id: Option<String>) -> StreamItem {
    if item.id.is_none() {
        item.id = sse_id.filter(|id| !id.is_empty());
    }
    item
}

/// Opens the stream at `url`. With `headers`, uses fetch (and sends `Last-Event-ID` when
/// `last_event_id` is given); without, an `EventSource` (the URL then carries `last_event_id`).
pub fn open(
    url: &str,
    headers: Vec<(String, String)>,
    last_event_id: Option<u64>,
    callbacks: Callbacks,
) -> Result<StreamHandle, String> {
    let callbacks = Rc::new(callbacks);
    if headers.is_empty() {
        open_event_source(url, callbacks)
    } else {
        open_fetch(url, headers, last_event_id, callbacks)
    }
}

fn open_event_source(url: &str, callbacks: Rc<Callbacks>) -> Result<StreamHandle, String> {
    let source = web_sys::EventSource::new(url).map_err(|error| format!("{error:?}"))?;
    let on_message = {
        let callbacks = callbacks.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let Ok(message) = event.dyn_into::<web_sys::MessageEvent>() else {
                return;
            };
            let Some(data) = message.data().as_string() else {
                return;
            };
            // A malformed item is skipped, not fatal: the reconcile at the end catches up.
            if let Ok(item) = StreamItem::parse(&data) {
                (callbacks.on_item)(with_id(item, Some(message.last_event_id())));
            }
        })
    };
    let on_open = {
        let callbacks = callbacks.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| (callbacks.on_open)())
    };
    let on_error = {
        let callbacks = callbacks.clone();
        let source = source.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            // The browser would retry on its own; the page decides instead (backoff, or stop
            // because the turn ended), so the source is closed here.
            source.close();
            (callbacks.on_end)(Some("connection lost".into()));
        })
    };
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(StreamHandle { inner: Inner::EventSource { source, _closures: vec![on_message, on_open, on_error] } })
}

/// POSTs a JSON body and reads the answer as a stream (environment diagnostics), with fetch:
/// an `EventSource` can only GET.
pub fn post(
    url: &str,
    headers: Vec<(String, String)>,
    body: &serde_json::Value,
    callbacks: Callbacks,
) -> Result<StreamHandle, String> {
    fetch_stream(url, "POST", headers, Some(body.to_string()), None, Rc::new(callbacks))
}

fn open_fetch(
    url: &str,
    headers: Vec<(String, String)>,
    last_event_id: Option<u64>,
    callbacks: Rc<Callbacks>,
) -> Result<StreamHandle, String> {
    fetch_stream(url, "GET", headers, None, last_event_id, callbacks)
}

fn fetch_stream(
    url: &str,
    method: &str,
    headers: Vec<(String, String)>,
    body: Option<String>,
    last_event_id: Option<u64>,
    callbacks: Rc<Callbacks>,
) -> Result<StreamHandle, String> {
    let abort = web_sys::AbortController::new().map_err(|error| format!("{error:?}"))?;
    let stopped = Rc::new(RefCell::new(false));
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_signal(Some(&abort.signal()));
    let request_headers = web_sys::Headers::new().map_err(|error| format!("{error:?}"))?;
    let _ = request_headers.set("Accept", "text/event-stream");
    if let Some(body) = &body {
        let _ = request_headers.set("Content-Type", "application/json");
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    for (name, value) in &headers {
        request_headers.set(name, value).map_err(|_| format!("bad header {name}"))?;
    }
    if let Some(id) = last_event_id {
        let _ = request_headers.set("Last-Event-ID", &id.to_string());
    }
    init.set_headers(&request_headers);
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.fetch_with_str_and_init(url, &init);
    let stopped_reader = stopped.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let end = |reason: Option<String>| {
            if !*stopped_reader.borrow() {
                (callbacks.on_end)(reason);
            }
        };
        let response: web_sys::Response =
            match wasm_bindgen_futures::JsFuture::from(promise).await.and_then(|value| value.dyn_into()) {
                Ok(response) => response,
                Err(_) => return end(Some("cannot reach the server".into())),
            };
        if !response.ok() {
            let status = response.status();
            let detail = match response.text() {
                Ok(promise) => {
                    wasm_bindgen_futures::JsFuture::from(promise).await.ok().and_then(|text| text.as_string())
                }
                Err(_) => None,
            };
            let detail = detail.map(|text| wham_api::ApiErrorBody::parse(&text).detail).unwrap_or_default();
            return end(Some(format!("{detail} (HTTP {status})")));
        }
        let Some(body) = response.body() else {
            return end(Some("empty answer".into()));
        };
        let reader: web_sys::ReadableStreamDefaultReader = match body.get_reader().dyn_into() {
            Ok(reader) => reader,
            Err(_) => return end(Some("unreadable answer".into())),
        };
        (callbacks.on_open)();
        let mut parser = SseParser::new();
        loop {
            let chunk = match wasm_bindgen_futures::JsFuture::from(reader.read()).await {
                Ok(chunk) => chunk,
                Err(_) => return end(Some("connection lost".into())),
            };
            let done = js_sys::Reflect::get(&chunk, &"done".into()).map(|done| done.is_truthy()).unwrap_or(true);
            if done {
                return end(None);
            }
            let Ok(value) = js_sys::Reflect::get(&chunk, &"value".into()) else {
                continue;
            };
            let bytes = js_sys::Uint8Array::new(&value).to_vec();
            for event in parser.push(&bytes) {
                if let Ok(item) = StreamItem::parse(&event.data) {
                    (callbacks.on_item)(with_id(item, event.id.clone()));
                }
            }
            // An event past the size limit is skipped; the turn is re-read when the stream
            // ends, so nothing it held is lost.
            if let Some(error) = parser.take_error() {
                leptos::logging::warn!("turn stream: {error}");
            }
            if *stopped_reader.borrow() {
                return;
            }
        }
    });
    Ok(StreamHandle { inner: Inner::Fetch { abort, stopped } })
}

//! A running assistant turn, streamed into the page. Events are applied once each (by id) and
//! at most once per animation frame; the stream reconnects with backoff, resuming after the
//! last event; when it ends, the page re-reads the task so what it shows is what the server
//! holds. Leaving the page closes the stream.

use super::actions::TurnActions;
use super::output::AssistantOutput;
use super::use_task;
use super::work::{strip_ansi, WorkLog};
use crate::api::{credential_headers, send, use_api};
use crate::components::status::StatusBadge;
use crate::live::reducer::LiveTurn;
use crate::live::transport::{self, Callbacks, StreamHandle};
use crate::live::{backoff_ms, StreamState, ITEM_TYPES};
use crate::reactive::SetIfAlive;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wham_api::models::{Turn, TurnResponse};
use wham_api::routes;
use wham_api::sse::StreamItem;

/// How often a hidden tab applies what arrived (it runs no animation frames).
const HIDDEN_FLUSH_MS: u64 = 1000;

/// How many times (a second apart) the page asks whether a turn the stream said ended has
/// ended on the server too, before showing what the server holds anyway.
const END_CONFIRM_TRIES: u32 = 5;

/// Seconds without an event after which a running turn is said to be stalled.
pub const STALL_SECONDS: f64 = 45.0;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Whether the window is scrolled to (near) the bottom, so new lines should keep it there.
fn at_bottom() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let scrolled =
        window.scroll_y().unwrap_or(0.0) + window.inner_height().ok().and_then(|height| height.as_f64()).unwrap_or(0.0);
    let total = window
        .document()
        .and_then(|document| document.document_element())
        .map(|element| element.scroll_height() as f64)
        .unwrap_or(0.0);
    total - scrolled < 80.0
}

fn scroll_to_bottom() {
    if let Some(window) = web_sys::window() {
        let height = window
            .document()
            .and_then(|document| document.document_element())
            .map(|element| element.scroll_height() as f64)
            .unwrap_or(0.0);
        window.scroll_to_with_x_and_y(0.0, height);
    }
}

/// Lets the browser paint a frame before the next step, which then runs in a task of its own.
async fn yield_to_browser() {
    let (painted, frame) = futures::channel::oneshot::channel::<()>();
    request_animation_frame(move || {
        let _ = painted.send(());
    });
    let _ = frame.await;
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// Holds the connect function so the reconnect timer can call it.
type ConnectSlot = Rc<RefCell<Option<Rc<dyn Fn()>>>>;

#[derive(Default)]
struct Connection {
    handle: Option<StreamHandle>,
    attempt: u32,
    retry_timer: Option<TimeoutHandle>,
    closed: bool,
}

#[component]
pub fn LiveAssistantTurn(turn: Turn, is_last: Signal<bool>) -> impl IntoView {
    let context = use_task();
    let api = use_api();
    let live = RwSignal::new(LiveTurn::new(turn.clone()));
    let state = RwSignal::new(StreamState::Connecting);
    let last_event_at = RwSignal::new(now_ms());
    let now = RwSignal::new(now_ms());
    let ticker = set_interval_with_handle(move || now.set_if_alive(now_ms()), std::time::Duration::from_secs(1)).ok();

    let task_id = context.task_id.get_untracked();
    let turn_id = turn.id.clone();
    let connection = SendWrapper::new(Rc::new(RefCell::new(Connection::default())));
    let pending: SendWrapper<Rc<RefCell<Vec<StreamItem>>>> = SendWrapper::new(Rc::new(RefCell::new(Vec::new())));
    let frame_scheduled = SendWrapper::new(Rc::new(Cell::new(false)));

    // Ends the live view: close the stream, then show the turn as the server holds it. Only
    // the turn is re-read (`fresh` when the caller has just read it), and it is shown a frame
    // later, so a long turn's decoding and its view do not add up to one long freeze.
    let finish = {
        let connection = connection.clone();
        let task_id = task_id.clone();
        let turn_id = turn.id.clone();
        move |final_state: StreamState, fresh: Option<Turn>| {
            {
                let mut connection = connection.borrow_mut();
                if connection.closed {
                    return;
                }
                connection.closed = true;
                if let Some(handle) = connection.handle.take() {
                    handle.close();
                }
            }
            let failed = matches!(final_state, StreamState::Failed(_));
            state.set_if_alive(final_state);
            let task_id = task_id.clone();
            let turn_id = turn_id.clone();
            leptos::task::spawn_local(async move {
                let read_turn = || async {
                    send::<TurnResponse>(api, &routes::TURN.request(&[("task_id", &task_id), ("turn_id", &turn_id)]))
                        .await
                        .map(|response| response.turn)
                };
                let mut fresh = match fresh {
                    Some(fresh) => Ok(fresh),
                    None => read_turn().await,
                };
                // The stream said the turn ended, but the service may record it a moment later:
                // ask again a few times rather than reopen (and replay) the stream at once.
                let mut tries = 0;
                while !failed && tries < END_CONFIRM_TRIES && fresh.as_ref().is_ok_and(|turn| turn.status().is_active())
                {
                    tries += 1;
                    gloo_timers::future::TimeoutFuture::new(1000).await;
                    fresh = read_turn().await;
                }
                let watched = crate::notify::page_visible();
                if !watched {
                    // The person is in another tab: tell them (if they allowed it).
                    if let Ok(fresh) = &fresh {
                        let title = context
                            .bundle
                            .try_with_untracked(|bundle| bundle.as_ref().map(|bundle| bundle.task.title.clone()))
                            .flatten()
                            .unwrap_or_default();
                        crate::notify::task_finished(&task_id, &title, &fresh.status().label());
                    }
                }
                // In a hidden tab this waits until the person comes back: no work meanwhile.
                yield_to_browser().await;
                match fresh {
                    // Showing a running turn again would open the stream that just failed to
                    // open: the page keeps saying it failed instead (a reload tries again).
                    Ok(fresh) if failed && fresh.status().is_active() => {}
                    Ok(fresh) => context.replace_turn(fresh),
                    Err(_) => crate::reactive::run_if_alive(context.reload),
                }
                // The person watched the turn end: it is read.
                if watched {
                    let _ =
                        send::<serde_json::Value>(api, &routes::TASK_MARK_READ.request(&[("task_id", &task_id)])).await;
                }
            });
        }
    };

    // Applies everything that arrived since the last frame, in one update.
    let flush = {
        let pending = pending.clone();
        let frame_scheduled = frame_scheduled.clone();
        let finish = finish.clone();
        move || {
            frame_scheduled.set(false);
            let items: Vec<StreamItem> = std::mem::take(&mut *pending.borrow_mut());
            if items.is_empty() {
                return;
            }
            let stick = at_bottom();
            let mut title = None;
            live.update_if_alive(|live| {
                for item in &items {
                    live.apply(item);
                }
                title = live.title.clone();
            });
            if let Some(title) = title {
                context.bundle.update_if_alive(|bundle| {
                    if let Some(bundle) = bundle {
                        if bundle.task.title != title {
                            bundle.task.title = title.clone();
                            bundle.task.has_generated_title = true;
                        }
                    }
                });
            }
            if stick {
                request_animation_frame(scroll_to_bottom);
            }
            if live.try_with_untracked(LiveTurn::finished).unwrap_or(false) {
                finish(StreamState::Ended, None);
            }
        }
    };

    // Set once below; the reconnect timer calls it again. Cleared on cleanup.
    let connect: ConnectSlot = Rc::new(RefCell::new(None));
    let connect_impl: Rc<dyn Fn()> = {
        let connection = connection.clone();
        let pending = pending.clone();
        let frame_scheduled = frame_scheduled.clone();
        let connect = connect.clone();
        let finish = finish.clone();
        let flush = flush.clone();
        Rc::new(move || {
            if connection.borrow().closed {
                return;
            }
            // The last connection's items were all applied when it ended (`on_end` flushes).
            live.try_update_untracked(LiveTurn::begin_connection);
            let settings = api.connection.get_untracked();
            let mut request = routes::TURN_STREAM.request(&[("task_id", &task_id), ("turn_id", &turn_id)]);
            for kind in ITEM_TYPES {
                request = request.query("item_type", kind);
            }
            let last_id = live.try_with_untracked(|live| live.last_id).flatten();
            let url_base = request.url(&settings.base);
            let headers = credential_headers(&url_base, &settings);
            // EventSource cannot send Last-Event-ID on a fresh connection: it goes in the query.
            let url = match (headers.is_empty(), last_id) {
                (true, Some(id)) => request.query("last_event_id", id).url(&settings.base),
                _ => url_base,
            };
            let on_item = {
                let pending = pending.clone();
                let frame_scheduled = frame_scheduled.clone();
                let flush = flush.clone();
                move |item: StreamItem| {
                    pending.borrow_mut().push(item);
                    last_event_at.set_if_alive(now_ms());
                    if !frame_scheduled.get() {
                        frame_scheduled.set(true);
                        request_animation_frame(flush.clone());
                        // A hidden tab runs no animation frames: this timer (throttled to about
                        // once a second there) keeps the turn current and notices its end
                        // without a frame's worth of work per event. Visible, the frame wins and
                        // the timer finds nothing to do.
                        set_timeout(flush.clone(), std::time::Duration::from_millis(HIDDEN_FLUSH_MS));
                    }
                }
            };
            let on_open = {
                let connection = connection.clone();
                move || {
                    connection.borrow_mut().attempt = 0;
                    state.set_if_alive(StreamState::Live);
                }
            };
            let on_end = {
                let connection = connection.clone();
                let connect = connect.clone();
                let finish = finish.clone();
                let flush = flush.clone();
                let task_id = task_id.clone();
                let turn_id = turn_id.clone();
                move |_reason: Option<String>| {
                    flush();
                    if connection.borrow().closed {
                        return;
                    }
                    if let Some(handle) = connection.borrow_mut().handle.take() {
                        handle.close();
                    }
                    // The stream ended without saying the turn ended (the real service does
                    // that on cancel): ask the server.
                    let connection = connection.clone();
                    let connect = connect.clone();
                    let finish = finish.clone();
                    let task_id = task_id.clone();
                    let turn_id = turn_id.clone();
                    leptos::task::spawn_local(async move {
                        let fresh = send::<TurnResponse>(
                            api,
                            &routes::TURN.request(&[("task_id", &task_id), ("turn_id", &turn_id)]),
                        )
                        .await;
                        if let Ok(fresh) = fresh {
                            if !fresh.turn.status().is_active() {
                                finish(StreamState::Ended, Some(fresh.turn));
                                return;
                            }
                        }
                        if connection.borrow().closed {
                            return;
                        }
                        let attempt = {
                            let mut connection = connection.borrow_mut();
                            connection.attempt += 1;
                            connection.attempt
                        };
                        let wait = backoff_ms(attempt);
                        state.set_if_alive(StreamState::Reconnecting { next_try_ms: now_ms() + wait, attempt });
                        let again = connect.borrow().clone();
                        let timer = set_timeout_with_handle(
                            move || {
                                if let Some(again) = &again {
                                    again();
                                }
                            },
                            std::time::Duration::from_millis(wait as u64),
                        )
                        .ok();
                        connection.borrow_mut().retry_timer = timer;
                    });
                }
            };
            let callbacks =
                Callbacks { on_open: Box::new(on_open), on_item: Box::new(on_item), on_end: Box::new(on_end) };
            match transport::open(&url, headers, last_id, callbacks) {
                Ok(handle) => connection.borrow_mut().handle = Some(handle),
                Err(error) => finish(StreamState::Failed(error), None),
            }
        })
    };
    *connect.borrow_mut() = Some(connect_impl.clone());
    connect_impl();

    {
        let connection = connection.clone();
        let connect = SendWrapper::new(connect);
        on_cleanup(move || {
            let mut connection = connection.borrow_mut();
            connection.closed = true;
            if let Some(handle) = connection.handle.take() {
                handle.close();
            }
            if let Some(timer) = connection.retry_timer.take() {
                timer.clear();
            }
            if let Some(ticker) = ticker {
                ticker.clear();
            }
            // Break the connect closure's reference to itself.
            connect.borrow_mut().take();
        });
    }

    // The page's other parts (header, attempt tabs) show this turn's status as it streams.
    let streamed_id = turn.id.clone();
    context.streaming.update(|streaming| {
        streaming.insert(streamed_id.clone());
    });
    let status_id = streamed_id.clone();
    Effect::new(move |_| {
        let status = live.with(|live| live.turn.status());
        context.statuses.update(|statuses| {
            if statuses.get(&status_id) != Some(&status) {
                statuses.insert(status_id.clone(), status);
            }
        });
    });
    on_cleanup(move || {
        context.streaming.try_update(|streaming| {
            streaming.remove(&streamed_id);
        });
    });

    // What the view shows, as memos: each frame's update notifies only the parts that changed.
    let shown_turn = Memo::new(move |_| live.with(|live| live.turn.clone()));
    let output_items = Memo::new(move |_| shown_turn.with(|turn| turn.output_items.clone()));
    let thread = Memo::new(move |_| live.with(|live| live.thread.clone()));
    let created = turn.created_at.as_ref().and_then(|stamp| stamp.as_seconds()).map(|seconds| seconds * 1000.0);
    view! {
        <section class="turn assistant-turn live" aria-label="Answer (running)" data-turn-id=turn.id.clone()>
            <div class="turn-head">
                <span class="turn-label">"Codex"</span>
                {move || view! { <StatusBadge status=live.with(|live| live.turn.status())/> }}
                <span class=move || format!("stream-state stream-{}", match state.get() { StreamState::Live => "live", StreamState::Reconnecting { .. } => "reconnecting", StreamState::Ended => "ended", StreamState::Failed(_) => "failed", StreamState::Connecting => "connecting" }) role="status">
                    {move || { now.track(); state.get().label() }}
                </span>
                {move || created.map(|created| {
                    let seconds = ((now.get() - created) / 1000.0).max(0.0) as u64;
                    view! { <span class="muted elapsed" title="Elapsed">{crate::time::elapsed(seconds)}</span> }
                })}
            </div>
            <TurnActions turn=turn.clone() is_last=is_last/>
            <div class="now-doing" aria-live="polite">
                {move || live.with(|live| live.turn.latest_event.as_ref().and_then(|event| event.text.clone())).map(|text| view! { <p class="latest">{text}</p> })}
                {move || live.with(|live| live.thread.current_command().cloned()).map(|command| {
                    let tail: Vec<String> = command.output.lines().rev().take(5).map(strip_ansi).collect::<Vec<_>>().into_iter().rev().collect();
                    view! {
                        <div class="current-command">
                            <code>"$ " {command.text.clone()}</code>
                            <pre class="command-output">{tail.join("\n")}</pre>
                        </div>
                    }
                })}
                {move || {
                    let files = live.with(|live| live.thread.diff.as_deref().map(wham_api::diff::changed_paths).unwrap_or_default());
                    (!files.is_empty()).then(|| view! { <p class="muted">"Files changed so far: " {files.join(", ")}</p> })
                }}
                {move || {
                    let quiet = (now.get() - last_event_at.get()) / 1000.0;
                    (quiet > STALL_SECONDS && matches!(state.get(), StreamState::Live)).then(|| view! {
                        <p class="notice notice-warn" role="status">{format!("No news from the agent for {quiet:.0} s. It may be stalled; the page keeps listening.")}</p>
                    })
                }}
            </div>
            // The output is redrawn only when it changes (rarely before the end); the work log
            // updates in place.
            {move || {
                output_items.track();
                view! { <AssistantOutput turn=shown_turn.get_untracked()/> }
            }}
            <WorkLog turn=shown_turn thread=thread/>
        </section>
    }
}
